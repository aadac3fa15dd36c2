/**
 * Properties of the contract fold over random logs (requests, readiness, releases, revocations,
 * expiry verdicts, faults and new advertisements, in any interleaving): no (node, slot) is ever
 * held twice over overlapping time, no link above its capacity, every requested contract is in
 * exactly one place (holding, or ended with one final state), nothing ended is still held by a
 * node, and folding the same records twice gives byte-identical snapshots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Contract,
  encodeSnapshot,
  type RecordBody,
  RegistryError,
  type RegistryState,
} from '../../src/index.js';
import { fold, link, linkRequest, network, resources, windowRequest } from './contract-fixtures.js';

const NODES = ['a', 'b', 'c'] as const;
const node = fc.constantFrom(...NODES);
const start = fc.integer({ min: 6, max: 40 }).map((k) => k * 1_000);

/** An operation; `pick` chooses among the contracts requested so far. */
type Op = (s: RegistryState, requested: readonly number[]) => RecordBody | undefined;
const pickFrom = (requested: readonly number[], i: number) =>
  requested.length === 0 ? undefined : (requested[i % requested.length] as number);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc
    .tuple(
      fc.shuffledSubarray([...NODES], { minLength: 2, maxLength: 2 }),
      fc.integer({ min: 1, max: 3 }),
      start,
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 1, max: 1_500 }),
    )
    .map(
      ([participants, slots, startMs, seconds, pairs]): Op =>
        () =>
          linkRequest({
            participants,
            slots,
            startMs,
            endMs: startMs + seconds * 1_000,
            link: { pairs, minFidelityPpm: 900_000, type: 'K', priority: 0, bases: [] },
          }),
    ),
  fc
    .tuple(fc.shuffledSubarray([...NODES], { minLength: 2 }), fc.integer({ min: 1, max: 2 }), start)
    .map(
      ([participants, slots, startMs]): Op =>
        () =>
          windowRequest({ participants, slots, startMs, endMs: startMs + 2_000 }),
    ),
  fc.tuple(fc.nat(), node).map(
    ([i, alias]): Op =>
      (_, r) => {
        const id = pickFrom(r, i);
        return id === undefined ? undefined : { kind: 'CONTRACT_READY', id, alias, atMs: 5_500 };
      },
  ),
  fc.nat().map(
    (i): Op =>
      (_, r) => {
        const id = pickFrom(r, i);
        return id === undefined
          ? undefined
          : { kind: 'CONTRACT_RELEASE', id, atMs: 5_500, reason: 'DONE' };
      },
  ),
  fc.tuple(fc.nat(), node).map(
    ([i, alias]): Op =>
      (_, r) => {
        const id = pickFrom(r, i);
        return id === undefined
          ? undefined
          : { kind: 'CONTRACT_REVOKE', id, atMs: 5_500, alias, reason: 'LINK_LOST' };
      },
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 5, max: 60 })).map(
    ([i, k]): Op =>
      (_, r) => {
        const id = pickFrom(r, i);
        return id === undefined
          ? undefined
          : { kind: 'CONTRACT_EXPIRE', id, observedAtMs: k * 1_000 };
      },
  ),
  node.map(
    (alias): Op =>
      () => ({ kind: 'CRITICAL_FAULT', alias, atMs: 5_500, fault: 'CRYOSTAT' }),
  ),
  fc.tuple(node, fc.integer({ min: 0, max: 4 }), fc.boolean()).map(
    ([alias, memorySlots, links]): Op =>
      () =>
        resources(alias, {
          memorySlots,
          links: links ? NODES.filter((p) => p !== alias).map((p) => link(p)) : [],
        }),
  ),
);

/** Folds the operations; records the fold refuses are left out, as a sealer leaves them out. */
function run(ops: readonly Op[]) {
  let s = network().state;
  const requested: number[] = [];
  const log: RecordBody[] = [];
  for (const o of ops) {
    const r = o(s, requested);
    if (r === undefined) continue;
    try {
      const id = s.lamport + 1;
      s = fold(s, [r]);
      log.push(r);
      if (r.kind === 'CONTRACT_REQUEST') requested.push(id);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
    }
    check(s, requested);
  }
  return { s, log };
}

const overlaps = (a: Contract, b: Contract) =>
  a.terms.startMs < b.terms.endMs && b.terms.startMs < a.terms.endMs;

function check(s: RegistryState, requested: readonly number[]): void {
  const book = s.contracts;
  const held = [...book.holding.values()];
  for (const a of held)
    for (const b of held) {
      if (a.id >= b.id || !overlaps(a, b)) continue;
      for (const alias of a.terms.participants) {
        const j = b.terms.participants.indexOf(alias);
        if (j < 0) continue;
        const mine = a.slotsHeld[a.terms.participants.indexOf(alias)] as readonly number[];
        expect(mine.filter((x) => (b.slotsHeld[j] as readonly number[]).includes(x))).toStrictEqual(
          [],
        );
      }
    }
  for (const id of requested) expect(book.holding.has(id) !== book.ended.has(id)).toBe(true);
  for (const c of held) {
    for (const alias of c.terms.participants) {
      expect(book.byNode.get(alias)).toContain(c.id);
      expect(s.entries.find((e) => e.alias === alias)?.status.state).toBe('ACTIVE');
    }
  }
  for (const [alias, ids] of book.byNode)
    for (const id of ids) expect(book.holding.get(id)?.terms.participants).toContain(alias);
  // Link load at every instant where it can rise.
  const links = held.filter((c) => c.terms.link !== null);
  for (const c of links) {
    const [x, y] = c.terms.participants as [string, string];
    const capacity = Math.min(
      ...[
        [x, y],
        [y, x],
      ].map(
        ([f, t]) =>
          book.resources.get(f as string)?.links.find((l) => l.peer === t)?.capacityPairsPerS ?? 0,
      ),
    );
    const t = c.terms.startMs;
    const load = links
      .filter(
        (o) =>
          o.terms.participants.includes(x) &&
          o.terms.participants.includes(y) &&
          o.terms.startMs <= t &&
          t < o.terms.endMs,
      )
      .reduce(
        (sum, o) =>
          sum +
          Math.ceil(
            ((o.terms.link as { pairs: number }).pairs * 1000) / (o.terms.endMs - o.terms.startMs),
          ),
        0,
      );
    expect(load).toBeLessThanOrEqual(capacity);
  }
}

describe('the contract fold over random logs', () => {
  it('never double-allocates, ends every contract exactly once, and replays byte for byte', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const { s, log } = run(ops);
        let again = network().state;
        for (const r of log) again = fold(again, [r]);
        expect(encodeSnapshot(again)).toStrictEqual(encodeSnapshot(s));
      }),
      { numRuns: 60 },
    );
  });
});
