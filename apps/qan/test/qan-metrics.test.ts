import {
  type EksSyncLink,
  HeaderStamper,
  type KeyId,
  type Packet,
  type PacketId,
} from '@qcos/chips-codec';
import { DEFAULT_EKS_LINK, eksWireLinkOf } from '@qcos/eks-qkd-sim';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import type { NodeEntry, RegistryState } from '@qcos/registry-core';
import { openDatabase, type SecureConnection, sqliteKeyPoolStore } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { ForwardedJobs } from '../src/jobs/forwarded-jobs.js';
import type { JobRouter } from '../src/jobs/job-router.js';
import { EksKeyMirror } from '../src/keys/eks-key-mirror.js';
import { modelledQber, QkdLinkStats } from '../src/keys/qkd-link-stats.js';
import { RelayHopKeys } from '../src/keys/relay-hop-keys.js';
import { RelayKeyIntake } from '../src/keys/relay-key-intake.js';
import { dispatchSession, type PeerPacketLimits } from '../src/peers/packet-dispatch.js';
import { PeerDirectory } from '../src/peers/peer-directory.js';
import type { PeerQans } from '../src/peers/peer-qans.js';
import { SessionHub } from '../src/peers/session-hub.js';
import {
  createQanMetrics,
  QuarantineTransitions,
  registerScrapeGauges,
} from '../src/qan-metrics.js';
import type { NodeReports } from '../src/registry/node-reports.js';
import { FakeConnection } from './fake-connection.js';
import { silentLogger } from './registry-fixtures.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const keyOf = (n: number) => hybridKeyFromSeed(new Uint8Array(32).fill(n)).publicKey;
const idOf = (n: number) => hybridQuid(keyOf(n));
const LINK: EksSyncLink = eksWireLinkOf(DEFAULT_EKS_LINK);
const LIMITS: PeerPacketLimits = {
  packetBurst: 200,
  packetsPerSecond: 100,
  registryBurst: 50,
  registryPerSecond: 50,
  refusalsBeforeDisconnect: 0,
};
const ids = (...n: number[]) =>
  n.map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` as KeyId);

let packetNo = 0;
function eksSync(source: string, round: number, keyIds: readonly KeyId[]): Packet {
  packetNo++;
  const header = {
    destination: 'qan',
    source,
    packetId: packetNo.toString(16).padStart(32, '0') as PacketId,
    lamport: packetNo,
    seq: packetNo,
    scope: 'eks:sync',
    hopLimit: 1,
    reroute: 'deny',
  };
  const status = { state: 'stable', lastSyncMs: 1, keyBitsAvailable: keyIds.length * 256 };
  return { type: 'EKS_SYNC', header, body: { status, keyIds, round, link: LINK } } as Packet;
}

/** A QAN's packet dispatch with rigel direct and vega behind the relay edge. */
function world() {
  const directory = new PeerDirectory([
    { role: 'dqn', name: 'rigel', publicKey: hex(keyOf(7)), scopes: ['eu-west'], qubits: 4 },
    { role: 'dqn', name: 'vega', publicKey: hex(keyOf(4)), scopes: ['us-east'], qubits: 4 },
    { role: 'relay', name: 'edge', publicKey: hex(keyOf(6)), scopes: ['us-east'] },
  ]);
  const pools = sqliteKeyPoolStore(openDatabase(':memory:'));
  const clock = { nowMs: 1_000, now: () => clock.nowMs };
  const links = new QkdLinkStats();
  const reports = { ensureRegistered() {}, heartbeat: async () => {}, eksSync() {} };
  const options = {
    stamper: new HeaderStamper(idOf(1) as never, (n: number) => new Uint8Array(n).fill(7)),
    directory,
    sessions: new SessionHub(),
    reports: reports as unknown as NodeReports,
    jobs: {} as JobRouter,
    peerQans: {} as PeerQans,
    forwarded: new ForwardedJobs<SecureConnection<Packet>>(16, 60_000),
    keys: new EksKeyMirror(pools),
    relayKeys: new RelayKeyIntake(new RelayHopKeys(), pools, () => 1_000),
    links,
    logger: silentLogger,
    clock,
    limits: LIMITS,
  };
  const open = (n: number) => {
    const known = directory.byQuid(idOf(n))!;
    const binding = new Uint8Array(32).fill(n);
    const connection = new FakeConnection({
      id: known.id,
      remoteAddress: '127.0.0.1',
      eksBinding: binding,
    });
    options.sessions.attach(known, connection.connection);
    dispatchSession(known, connection.connection, options);
    return connection;
  };
  return { links, clock, open };
}

describe('QKD link metrics from EKS_SYNC', () => {
  it("records a direct node's syncs, ignoring one whose round does not move forward", () => {
    const w = world();
    const rigel = w.open(7);
    rigel.deliver(eksSync(idOf(7), 0, ids(1, 2)));
    w.clock.nowMs = 3_000;
    rigel.deliver(eksSync(idOf(7), 1, ids(3, 4, 5, 6)));
    // A repeated round adds nothing: no sample, no rate from a replay.
    w.clock.nowMs = 4_000;
    rigel.deliver(eksSync(idOf(7), 1, ids(3, 4, 5, 6, 7, 8)));
    expect(w.links.history('rigel').map((s) => [s.atMs, s.secretKeyRateBps])).toEqual([
      [1_000, 0],
      [3_000, 512],
    ]);
    expect(rigel.nacks()).toEqual([]);
  });

  it("records a relayed node's own sync under its alias, and not the relay's hop rounds", () => {
    const w = world();
    const edge = w.open(6);
    edge.deliver(eksSync(idOf(4), 0, ids(1)));
    edge.deliver(eksSync(idOf(6), 0, ids(9)));
    expect(w.links.latest().map((s) => [s.alias, s.state])).toEqual([['vega', 'stable']]);
    expect(edge.nacks()).toEqual([]);
  });
});

/** A registry entry with just what the metrics read. */
function entry(alias: string, over: Partial<NodeEntry> = {}): NodeEntry {
  return {
    alias,
    scope: 'eu-west',
    status: { state: 'QUARANTINE', cause: { reason: 'PROBATION' } },
    lastHeartbeatMs: null,
    ...over,
  } as NodeEntry;
}
const stateOf = (...entries: NodeEntry[]) => ({ entries }) as unknown as RegistryState;

describe('the scrape-time gauges', () => {
  it("serve each node's current status only, its heartbeat age and its pool's keys", async () => {
    const metrics = createQanMetrics();
    let state = stateOf(entry('rigel'), entry('vega', { lastHeartbeatMs: 9_000 }));
    const links = new QkdLinkStats();
    registerScrapeGauges(metrics.registry, {
      state: () => state,
      nowMs: () => 10_500,
      poolKeys: async (alias) => (alias === 'rigel' ? 12 : 0),
      links,
    });
    const values = async (name: string) =>
      (await metrics.registry.getSingleMetric(name)?.get())?.values.map((v) => [v.labels, v.value]);
    expect(await values('qcos_qan_node_status')).toEqual([
      [{ alias: 'rigel', scope: 'eu-west', status: 'QUARANTINE', reason: 'PROBATION' }, 1],
      [{ alias: 'vega', scope: 'eu-west', status: 'QUARANTINE', reason: 'PROBATION' }, 1],
    ]);
    state = stateOf(entry('rigel', { status: { state: 'ACTIVE' } }), entry('vega'));
    // The PROBATION series of rigel is gone, not left at 0 beside the new one.
    expect(await values('qcos_qan_node_status')).toEqual([
      [{ alias: 'rigel', scope: 'eu-west', status: 'ACTIVE', reason: 'none' }, 1],
      [{ alias: 'vega', scope: 'eu-west', status: 'QUARANTINE', reason: 'PROBATION' }, 1],
    ]);
    state = stateOf(entry('rigel', { lastHeartbeatMs: 7_500 }), entry('vega'));
    // vega never heartbeated: no age for it.
    expect(await values('qcos_qan_node_heartbeat_age_seconds')).toEqual([[{ alias: 'rigel' }, 3]]);
    expect(await values('qcos_qan_key_pool_keys')).toEqual([
      [{ alias: 'rigel' }, 12],
      [{ alias: 'vega' }, 0],
    ]);
  });

  it('serve the newest sample of each QKD link', async () => {
    const metrics = createQanMetrics();
    const links = new QkdLinkStats();
    registerScrapeGauges(metrics.registry, {
      state: () => stateOf(),
      nowMs: () => 0,
      poolKeys: async () => 0,
      links,
    });
    const status = { state: 'lost', lastSyncMs: 0, reason: 'EAVESDROPPER_DETECTED' } as const;
    links.record('rigel', 1_000, { status, keyIds: [], round: 3, link: LINK });
    const text = await metrics.registry.metrics();
    const qber = modelledQber({ status, keyIds: [], round: 3, link: LINK });
    expect(text).toContain(`qcos_qan_qkd_qber{alias="rigel"} ${qber}`);
    expect(text).toContain('qcos_qan_qkd_link_up{alias="rigel"} 0');
    expect(text).toContain('qcos_qan_qkd_secret_key_rate_bps{alias="rigel"} 0');
  });
});

describe('QuarantineTransitions', () => {
  it('counts entering quarantine and a new reason, not what the QAN started with', async () => {
    const metrics = createQanMetrics();
    const transitions = new QuarantineTransitions(
      metrics.quarantines,
      stateOf(entry('rigel'), entry('vega', { status: { state: 'ACTIVE' } })),
    );
    const timeout = { state: 'QUARANTINE', cause: { reason: 'HEARTBEAT_TIMEOUT' } } as const;
    // rigel stays in PROBATION (no transition); vega times out; deneb registers into PROBATION.
    transitions.observe(
      stateOf(entry('rigel'), entry('vega', { status: timeout }), entry('deneb')),
    );
    // The same state again changes nothing; rigel going ACTIVE is no quarantine.
    transitions.observe(
      stateOf(
        entry('rigel', { status: { state: 'ACTIVE' } }),
        entry('vega', { status: timeout }),
        entry('deneb'),
      ),
    );
    const counted = (await metrics.quarantines.get()).values.map((v) => [v.labels, v.value]);
    expect(counted).toEqual([
      [{ reason: 'HEARTBEAT_TIMEOUT' }, 1],
      [{ reason: 'PROBATION' }, 1],
    ]);
  });
});
