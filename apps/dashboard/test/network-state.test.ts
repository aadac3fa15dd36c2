import type { QkdSampleView, TimelineEvent } from '@qcos/qan-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  EMPTY_STATE,
  type NetworkState,
  QKD_SAMPLES_KEPT,
  TIMELINE_SHOWN,
} from '../src/network-state.js';

const timelineEvent = fc.record({
  height: fc.nat(),
  signer: fc.constant('q1'),
  kind: fc.constantFrom('REGISTER', 'QUARANTINE', 'RECOVERY'),
  detail: fc.string({ maxLength: 8 }),
}) as fc.Arbitrary<TimelineEvent>;

const qkdSample = fc.record({
  alias: fc.constantFrom('rigel', 'sirius'),
  atMs: fc.nat({ max: 10_000 }),
  state: fc.constantFrom('stable', 'lost'),
  qber: fc.double({ min: 0, max: 0.5, noNaN: true }),
  secretKeyRateBps: fc.nat(),
}) as fc.Arbitrary<QkdSampleView>;

describe('applyEvent', () => {
  it('keeps the newest TIMELINE_SHOWN timeline events, in the order they came', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(timelineEvent, { maxLength: 80 }), { maxLength: 8 }),
        (batches) => {
          let state: NetworkState = EMPTY_STATE;
          for (const events of batches) state = applyEvent(state, 'timeline', { events });
          const all = batches.flat();
          expect(state.timeline).toEqual(all.slice(-TIMELINE_SHOWN));
        },
      ),
    );
  });

  it('starts the timeline afresh on hello: a reconnected stream resends what it keeps', () => {
    const kept = applyEvent(EMPTY_STATE, 'timeline', {
      events: [{ height: 1, signer: 'q', kind: 'REGISTER', detail: '' }],
    });
    const again = applyEvent(kept, 'hello', {
      qanId: 'q',
      networkId: 'n',
      caller: { name: 'ops', roles: ['operator'] },
    });
    expect(again.timeline).toEqual([]);
    expect(again.hello?.caller.name).toBe('ops');
  });

  it('keeps per link at most QKD_SAMPLES_KEPT samples, strictly later each, whatever is resent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(qkdSample, { maxLength: 300 }), { maxLength: 4 }),
        (batches) => {
          let state: NetworkState = EMPTY_STATE;
          for (const samples of batches) state = applyEvent(state, 'qkd', { samples });
          for (const [alias, list] of Object.entries(state.qkd)) {
            expect(list.length).toBeLessThanOrEqual(QKD_SAMPLES_KEPT);
            expect(list.every((s) => s.alias === alias)).toBe(true);
            for (let i = 1; i < list.length; i++)
              expect(list[i]!.atMs).toBeGreaterThan(list[i - 1]!.atMs);
          }
          // Every link that was sent a sample is shown, with the latest time it was sent.
          for (const alias of new Set(batches.flat().map((s) => s.alias))) {
            const latest = Math.max(
              ...batches
                .flat()
                .filter((s) => s.alias === alias)
                .map((s) => s.atMs),
            );
            expect(state.qkd[alias]?.at(-1)?.atMs).toBe(latest);
          }
        },
      ),
    );
  });

  it('replaces the snapshots: nodes with their height, cluster, jobs and contracts', () => {
    const nodes = applyEvent(EMPTY_STATE, 'nodes', { height: 9, nodes: [] });
    expect([nodes.height, nodes.nodes]).toEqual([9, []]);
    const cluster = applyEvent(nodes, 'cluster', {
      height: 9,
      qans: [{ quid: 'q', self: true, connected: true, agrees: null }],
    });
    expect(cluster.cluster).toHaveLength(1);
    const jobs = applyEvent(cluster, 'jobs', { jobs: [] });
    expect(jobs.jobs).toEqual([]);
    expect(jobs.height).toBe(9);
  });
});
