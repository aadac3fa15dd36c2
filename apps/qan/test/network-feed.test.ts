import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import type {
  NetworkEventName,
  NetworkEvents,
  QkdSampleView,
  RouteCaller,
  TimelineEvent,
} from '@qcos/qan-api';
import { createGenesis, DEFAULT_POLICY, type RegistryState } from '@qcos/registry-core';
import {
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import {
  type FeedSources,
  NetworkFeed,
  type QkdSamples,
  TIMELINE_KEPT,
} from '../src/dashboard/network-feed.js';
import { RegistryService } from '../src/registry/registry-service.js';
import { healthyReport, registerRecord, silentLogger } from './registry-fixtures.js';

const key = hybridKeyFromSeed(new Uint8Array(32).fill(3));
const QAN = hybridQuid(key.publicKey);
const nodeKey = hybridKeyFromSeed(new Uint8Array(32).fill(4)).publicKey;
const OPERATOR: RouteCaller = { name: 'ops', roles: ['operator'] };
const READER: RouteCaller = { name: 'auditor', roles: ['reader'] };

type Sent = { event: NetworkEventName; data: unknown };

/** A watcher that records what it is sent; `keepUp: false` makes it too slow after `limit` sends. */
function watcher(caller: RouteCaller, limit = Number.POSITIVE_INFINITY) {
  const sent: Sent[] = [];
  let closed = 0;
  return {
    sent,
    closed: () => closed,
    names: () => sent.map((s) => s.event),
    of: <E extends NetworkEventName>(event: E) =>
      sent.filter((s) => s.event === event).map((s) => s.data as NetworkEvents[E]),
    subscriber: {
      caller,
      send: <E extends NetworkEventName>(event: E, data: NetworkEvents[E]) => {
        sent.push({ event, data });
        return sent.length < limit;
      },
      close: () => {
        closed++;
      },
    },
  };
}

/** A registry in memory whose committed blocks go to the feed, and the feed over it. */
async function feedOverRegistry(qkd?: QkdSamples) {
  const db = openDatabase(':memory:');
  let feed: NetworkFeed | undefined;
  let lastBytes: Uint8Array = new Uint8Array();
  const registry = await RegistryService.open({
    genesis: createGenesis({
      networkId: 'test',
      anchorPublicKey: key.publicKey,
      // Protocol 3 from the first block: blocks carry the state root the fold checks.
      policy: {
        ...DEFAULT_POLICY,
        heartbeatIntervalMs: 1_000,
        hysteresisHeartbeats: 2,
        protocol: 3,
        protocolHeight: 1,
      },
    }),
    signingKey: key,
    log: sqliteBlockLog(db),
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 100,
    logger: silentLogger,
    onBlock: (state, records, bytes) => {
      lastBytes = bytes;
      feed?.onBlock(state, records, bytes);
    },
  });
  const sources: FeedSources = {
    qanId: QAN,
    networkId: 'test',
    state: () => registry.state,
    nodes: () =>
      registry.state.entries.map((e) => ({ alias: e.alias, status: e.status.state }) as never),
    keyPool: async () => ({ stored: 3, announced: 1 }),
    ...(qkd === undefined ? {} : { qkd }),
    qanConnected: () => false,
    servedBy: (alias) => (alias === 'rigel' ? 'q-other' : undefined),
    newestJobs: () => [],
  };
  feed = new NetworkFeed(sources, 60_000);
  const commit = async (...records: Parameters<RegistryService['submit']>[0][]) => {
    for (const r of records) void registry.submit(r);
    await registry.seal();
  };
  return { registry, feed, commit, lastBlockBytes: () => lastBytes };
}

const beat = (atMs: number) =>
  ({ kind: 'HEARTBEAT', alias: 'rigel', atMs, report: healthyReport }) as const;

describe('NetworkFeed', () => {
  it('greets a watcher with who it is, the kept timeline and every snapshot it may see', async () => {
    const { feed, commit } = await feedOverRegistry();
    await commit(registerRecord('rigel', nodeKey));
    const w = watcher(OPERATOR);
    await feed.subscribe(w.subscriber);
    expect(w.names()).toEqual(['hello', 'timeline', 'nodes', 'cluster', 'jobs', 'contracts']);
    expect(w.of('hello')[0]).toEqual({
      qanId: QAN,
      networkId: 'test',
      caller: { name: 'ops', roles: ['operator'] },
    });
    expect(w.of('timeline')[0]?.events).toEqual([
      {
        height: 1,
        signer: QAN,
        kind: 'REGISTER',
        alias: 'rigel',
        detail: 'address=rigel.example:7400 scope=eu-west qubitCapacity=20 atMs=1000',
      },
    ]);
    expect(w.of('nodes')[0]).toEqual({
      height: 1,
      nodes: [
        {
          alias: 'rigel',
          status: 'QUARANTINE',
          keyPool: { stored: 3, announced: 1 },
          servedBy: 'q-other',
        },
      ],
    });
    expect(w.of('cluster')[0]).toEqual({
      height: 1,
      qans: [
        { quid: QAN, self: true, connected: true, lastBlock: expect.any(Object), agrees: true },
      ],
    });
    expect(w.of('cluster')[0]?.qans[0]?.lastBlock).toEqual({
      height: 1,
      stateRoot: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    feed.unsubscribe(w.subscriber);
  });

  it('sends a reader the network, never the jobs or the contracts', async () => {
    const { feed } = await feedOverRegistry();
    const w = watcher(READER);
    await feed.subscribe(w.subscriber);
    await feed.tick();
    expect(w.names()).toEqual(['hello', 'timeline', 'nodes', 'cluster']);
    feed.unsubscribe(w.subscriber);
  });

  it("appends a block's events once, with its status changes, and sends snapshots only when they change", async () => {
    const { feed, commit } = await feedOverRegistry();
    await commit(registerRecord('rigel', nodeKey));
    const w = watcher(OPERATOR);
    await feed.subscribe(w.subscriber);
    await feed.tick();
    const quiet = w.sent.length;
    // A tick with nothing new sends nothing: snapshots go out only when their content changed.
    await feed.tick();
    expect(w.sent.length).toBe(quiet);
    await commit(beat(1_100));
    await commit(beat(1_200));
    await commit({
      kind: 'EKS_LOSS',
      alias: 'rigel',
      atMs: 1_300,
      reason: 'EAVESDROPPER_DETECTED',
    });
    await feed.tick();
    const appended = w
      .of('timeline')
      .slice(1)
      .flatMap((t) => t.events);
    const read = (e: TimelineEvent) => `${e.height} ${e.kind} ${e.alias} ${e.detail}`;
    // Heartbeats are routine (left out); RECOVERY and QUARANTINE come from the fold's changes.
    expect(appended.map(read)).toEqual([
      '3 RECOVERY rigel ACTIVE',
      '4 EKS_LOSS rigel atMs=1300 reason=EAVESDROPPER_DETECTED',
      '4 QUARANTINE rigel reason=EKS_LOSS',
    ]);
    expect(w.of('nodes').at(-1)?.nodes).toEqual([
      {
        alias: 'rigel',
        status: 'QUARANTINE',
        keyPool: { stored: 3, announced: 1 },
        servedBy: 'q-other',
      },
    ]);
    // A second watcher gets the kept timeline whole; the first gets nothing twice.
    const second = watcher(OPERATOR);
    await feed.subscribe(second.subscriber);
    await feed.tick();
    expect(second.of('timeline')[0]?.events.map(read)).toEqual([
      '1 REGISTER rigel address=rigel.example:7400 scope=eu-west qubitCapacity=20 atMs=1000',
      ...appended.map(read),
    ]);
    expect(w.of('timeline').flatMap((t) => t.events)).toHaveLength(4);
    feed.close();
    expect([w.closed(), second.closed(), feed.watchers]).toEqual([1, 1, 0]);
  });

  it('keeps the newest TIMELINE_KEPT events for a watcher that connects later', async () => {
    const { feed, registry, commit, lastBlockBytes } = await feedOverRegistry();
    await commit(registerRecord('rigel', nodeKey));
    const state: RegistryState = registry.state;
    const bytes = lastBlockBytes();
    for (let i = 0; i < TIMELINE_KEPT + 30; i++)
      feed.onBlock(state, [registerRecord('x', nodeKey)], bytes);
    const w = watcher(READER);
    await feed.subscribe(w.subscriber);
    expect(w.of('timeline')[0]?.events).toHaveLength(TIMELINE_KEPT);
    feed.unsubscribe(w.subscriber);
  });

  it('ends a watcher that cannot keep up, once, and stops ticking for nobody', async () => {
    const { feed } = await feedOverRegistry();
    const slow = watcher(OPERATOR, 3);
    await feed.subscribe(slow.subscriber);
    expect(slow.sent.length).toBe(3);
    expect(slow.closed()).toBe(1);
    expect(feed.watchers).toBe(0);
  });

  it('sends each QKD sample once: the history on connect, then only newer samples', async () => {
    const history: QkdSampleView[] = [sample(1_000, 0), sample(2_000, 5_000)];
    const qkd: QkdSamples = {
      latest: () => history.slice(-1),
      history: () => [...history],
    };
    const { feed } = await feedOverRegistry(qkd);
    const w = watcher(READER);
    await feed.subscribe(w.subscriber);
    await feed.tick();
    history.push(sample(3_000, 6_000));
    await feed.tick();
    await feed.tick();
    expect(w.of('qkd').map((q) => q.samples.map((s) => s.atMs))).toEqual([[1_000, 2_000], [3_000]]);
    feed.unsubscribe(w.subscriber);
  });
});

function sample(atMs: number, secretKeyRateBps: number): QkdSampleView {
  return { alias: 'rigel', atMs, state: 'stable', qber: 0.015, secretKeyRateBps };
}
