import { HeaderStamper, type Packet, type PacketId } from '@qcos/chips-codec';
import { DEFAULT_EKS_LINK, eksWireLinkOf } from '@qcos/eks-qkd-sim';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import type { KeyPoolStore } from '@qcos/interface';
import { createGenesis, DEFAULT_POLICY, type RecordBody } from '@qcos/registry-core';
import {
  openDatabase,
  type SecureConnection,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { ForwardedJobs } from '../src/jobs/forwarded-jobs.js';
import type { JobRouter } from '../src/jobs/job-router.js';
import { EksKeyMirror } from '../src/keys/eks-key-mirror.js';
import { RelayHopKeys } from '../src/keys/relay-hop-keys.js';
import { RelayKeyIntake } from '../src/keys/relay-key-intake.js';
import { dispatchSession, type PeerPacketLimits } from '../src/peers/packet-dispatch.js';
import { PeerDirectory } from '../src/peers/peer-directory.js';
import { PeerQans } from '../src/peers/peer-qans.js';
import { SessionHub } from '../src/peers/session-hub.js';
import { NodeReports } from '../src/registry/node-reports.js';
import { RegistryService } from '../src/registry/registry-service.js';
import { FakeConnection } from './fake-connection.js';
import { healthyReport, silentLogger } from './registry-fixtures.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const keyOf = (n: number) => hybridKeyFromSeed(new Uint8Array(32).fill(n)).publicKey;
const logger = silentLogger;
const report = healthyReport;
const LIMITS: PeerPacketLimits = {
  packetBurst: 200,
  packetsPerSecond: 100,
  registryBurst: 10,
  registryPerSecond: 5,
  refusalsBeforeDisconnect: 0,
};

/** NACKs OVERLOADED on `connection` whose detail starts with `detailStart`. */
const overloaded = (connection: FakeConnection, detailStart: string) =>
  connection.nacks().filter((n) => n.code === 'OVERLOADED' && n.detail.startsWith(detailStart))
    .length;

let packetNo = 0;
/** The header of the next packet from `source` to the QAN. */
function headerFrom(source: string, scope: string) {
  packetNo++;
  return {
    destination: 'qan',
    source,
    packetId: packetNo.toString(16).padStart(32, '0') as PacketId,
    lamport: packetNo,
    seq: packetNo,
    scope,
    hopLimit: 4,
    reroute: 'deny',
  };
}

function packet(type: 'HEARTBEAT' | 'JOB_RESULT', source: string): Packet {
  const header = headerFrom(source, 'node:heartbeat');
  const body =
    type === 'HEARTBEAT'
      ? { report }
      : { jobId: '0'.repeat(32), shots: 1, counts: [{ bits: '0', count: 1 }] };
  return { type, header, body } as unknown as Packet;
}

/** A stable EKS_SYNC of round `round` whose link ran 10⁶ pulses: 1 s of the 1 MHz source. */
function eksSync(round: number, source: string): Packet {
  const header = headerFrom(source, 'node:eks');
  const link = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 1_000_000 });
  const status = { state: 'stable', lastSyncMs: 0, keyBitsAvailable: 256 };
  const body = { status, keyIds: ['00000000-0000-4000-8000-000000000000'], round, link };
  return { type: 'EKS_SYNC', header, body } as unknown as Packet;
}

async function world(limits: PeerPacketLimits = LIMITS) {
  const now = { ms: 1_000_000 };
  const clock = { now: () => now.ms };
  const db = openDatabase(':memory:');
  const committed: RecordBody[] = [];
  const registry = await RegistryService.open({
    genesis: createGenesis({
      networkId: 'test',
      anchorPublicKey: hybridKeyFromSeed(new Uint8Array(32).fill(1)).publicKey,
      policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 60_000, hysteresisHeartbeats: 2 },
    }),
    signingKey: hybridKeyFromSeed(new Uint8Array(32).fill(1)),
    log: sqliteBlockLog(db),
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 1_000,
    logger,
    onBlock: (_state, records) => committed.push(...records),
  });
  const submitted: RecordBody[] = [];
  const submit = registry.submit.bind(registry);
  registry.submit = (record) => {
    submitted.push(record);
    return submit(record);
  };
  const directory = new PeerDirectory([
    { role: 'dqn', name: 'rigel', publicKey: hex(keyOf(4)), scopes: ['eu-west'], qubits: 4 },
    { role: 'dqn', name: 'vega', publicKey: hex(keyOf(5)), scopes: ['eu-west'], qubits: 4 },
    { role: 'relay', name: 'edge', publicKey: hex(keyOf(6)), scopes: ['eu-west'] },
  ]);
  const results: string[] = [];
  const jobs = { onResult: (alias: string) => results.push(alias), onNack: () => {} };
  const refused: string[] = [];
  // The relay hop's rounds are counted, not simulated: each keeps no key.
  const hop = { runs: 0 };
  const hopKeys = new RelayHopKeys(async () => {
    hop.runs++;
    return [];
  }, clock.now);
  const options = {
    stamper: new HeaderStamper(hybridQuid(keyOf(1)) as never, (n: number) =>
      new Uint8Array(n).fill(7),
    ),
    directory,
    sessions: new SessionHub(),
    reports: new NodeReports(registry, clock, logger),
    jobs: jobs as unknown as JobRouter,
    peerQans: new PeerQans(hybridQuid(keyOf(1)), () => registry.state),
    forwarded: new ForwardedJobs<SecureConnection<Packet>>(16, 60_000),
    keys: new EksKeyMirror({} as KeyPoolStore, undefined, clock.now),
    // The relay hop's rounds are counted, not simulated: each keeps no key.
    relayKeys: new RelayKeyIntake(hopKeys, {} as KeyPoolStore, clock.now),
    logger,
    clock,
    limits,
    onRefused: (reason: string) => refused.push(reason),
  };
  const peer = (alias: string) => {
    const known = alias === 'edge' ? directory.byQuid(hybridQuid(keyOf(6))) : directory.dqn(alias);
    if (known === undefined) throw new Error(alias);
    return known;
  };
  const open = (alias: string) => {
    const known = peer(alias);
    const connection = new FakeConnection({
      id: known.id,
      remoteAddress: '127.0.0.1',
      eksBinding: new Uint8Array(32).fill(9),
    });
    dispatchSession(known, connection as unknown as SecureConnection<Packet>, options);
    return connection;
  };
  const count = (records: RecordBody[], kind: string, alias: string) =>
    records.filter((r) => r.kind === kind && 'alias' in r && r.alias === alias).length;
  const keys = options.keys;
  return {
    now,
    registry,
    submitted,
    committed,
    results,
    refused,
    open,
    peer,
    count,
    keys,
    hop,
    hopKeys,
  };
}

describe('per-peer packet rate limits', () => {
  it('turns at most the burst of a 5 000-heartbeat flood into records; another node is unaffected', async () => {
    const w = await world();
    const rigel = w.open('rigel');
    const vega = w.open('vega');
    await w.registry.seal();
    const rigelId = w.peer('rigel').id;
    const vegaId = w.peer('vega').id;
    // All at one clock instant, vega's heartbeats in the middle of rigel's flood.
    for (let i = 0; i < 5_000; i++) {
      rigel.deliver(packet('HEARTBEAT', rigelId));
      if (i % 1_000 === 500) vega.deliver(packet('HEARTBEAT', vegaId));
    }
    expect(w.count(w.submitted, 'HEARTBEAT', 'rigel')).toBe(10);
    expect(overloaded(rigel, 'RATE_LIMIT registry')).toBe(4_990);
    expect(w.count(w.submitted, 'HEARTBEAT', 'vega')).toBe(5);
    expect(overloaded(vega, '')).toBe(0);
    expect(w.refused.filter((r) => r === 'rate_registry')).toHaveLength(4_990);
    await w.registry.seal();
    expect(w.count(w.committed, 'HEARTBEAT', 'rigel')).toBe(10);
    expect(w.count(w.committed, 'HEARTBEAT', 'vega')).toBe(5);
    // Acknowledged once committed: one ACK per recorded heartbeat.
    await new Promise((r) => setImmediate(r));
    expect(rigel.sent.filter((p) => p.type === 'ACK')).toHaveLength(10);

    // One second on the QAN's clock refills 5.
    w.now.ms += 1_000;
    for (let i = 0; i < 100; i++) rigel.deliver(packet('HEARTBEAT', rigelId));
    expect(w.count(w.submitted, 'HEARTBEAT', 'rigel')).toBe(15);
    expect(rigel.closes).toBe(0);
  });

  it('limits all packets of a peer, and a relay per node it speaks for', async () => {
    const w = await world();
    const edge = w.open('edge');
    const rigelId = w.peer('rigel').id;
    const vegaId = w.peer('vega').id;
    for (let i = 0; i < 1_000; i++) edge.deliver(packet('JOB_RESULT', rigelId));
    expect(w.results.filter((a) => a === 'rigel')).toHaveLength(200);
    expect(overloaded(edge, 'RATE_LIMIT packets')).toBe(800);
    for (let i = 0; i < 50; i++) edge.deliver(packet('HEARTBEAT', vegaId));
    expect(w.count(w.submitted, 'HEARTBEAT', 'vega')).toBe(10);
    expect(overloaded(edge, 'RATE_LIMIT registry')).toBe(40);
    // rigel's packet allowance is spent: its heartbeats are refused by the packet limit.
    edge.deliver(packet('HEARTBEAT', rigelId));
    expect(w.count(w.submitted, 'HEARTBEAT', 'rigel')).toBe(0);
    expect(overloaded(edge, 'RATE_LIMIT packets')).toBe(801);
    // A relay's session is not closed however much it is refused.
    expect(edge.closes).toBe(0);
  });

  it("closes a flooding node's own session after the configured number of refusals", async () => {
    const w = await world({ ...LIMITS, refusalsBeforeDisconnect: 50 });
    const rigel = w.open('rigel');
    const vega = w.open('vega');
    const rigelId = w.peer('rigel').id;
    for (let i = 0; i < 59; i++) rigel.deliver(packet('HEARTBEAT', rigelId));
    expect(overloaded(rigel, 'RATE_LIMIT')).toBe(49);
    expect(rigel.closes).toBe(0);
    rigel.deliver(packet('HEARTBEAT', rigelId));
    expect(overloaded(rigel, 'RATE_LIMIT')).toBe(50);
    expect(rigel.closes).toBe(1);
    for (let i = 0; i < 10; i++) vega.deliver(packet('HEARTBEAT', w.peer('vega').id));
    expect(vega.closes).toBe(0);
  });

  it("mirrors a node's EKS rounds no faster than its link time passes: the rest are counted, not run", async () => {
    const w = await world();
    const rigel = w.open('rigel');
    await w.registry.seal();
    const id = w.peer('rigel').id;
    // Ten 1 s rounds at one instant: within the registry allowance (10), beyond the link's slack.
    for (let round = 0; round < 10; round++) rigel.deliver(eksSync(round, id));
    expect(w.keys.tooFastRounds).toBe(2);
    expect(w.refused.filter((r) => r === 'eks_round_too_fast')).toHaveLength(2);
    expect(w.refused.filter((r) => r.startsWith('rate_'))).toHaveLength(0);
    // The pending round is the eighth, the last one the link's time allowed.
    expect(w.keys.announcedKeyCount('rigel')).toBe(1);
    w.now.ms += 2_000;
    rigel.deliver(eksSync(10, id));
    expect(w.keys.tooFastRounds).toBe(2);
  });

  it("runs a relay's own hop rounds no faster than its link time passes: the rest are counted", async () => {
    const w = await world();
    const edge = w.open('edge');
    const id = w.peer('edge').id;
    for (let round = 0; round < 10; round++) edge.deliver(eksSync(round, id));
    // The hop rounds run off the packet path, one after another: wait until all ten are handled.
    for (let turn = 0; turn < 1_000 && w.hop.runs + w.hopKeys.tooFastRounds < 10; turn++)
      await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(w.hop.runs).toBe(8);
    expect(w.hopKeys.tooFastRounds).toBe(2);
    expect(w.refused.filter((r) => r === 'eks_round_too_fast')).toHaveLength(2);
    expect(w.refused.filter((r) => r.startsWith('rate_'))).toHaveLength(0);
    expect(edge.nacks()).toHaveLength(0);
  });
});
