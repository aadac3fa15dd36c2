import {
  ChipsError,
  type EksRelayAnnouncement,
  type EksSyncLink,
  HeaderStamper,
  type KeyId,
  type Packet,
  type PacketId,
} from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  type EksRoundKey,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
  relayKey,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import {
  chipsPacketCodec,
  openDatabase,
  type SecureConnection,
  sqliteKeyPoolStore,
} from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { ForwardedJobs } from '../src/jobs/forwarded-jobs.js';
import type { JobRouter } from '../src/jobs/job-router.js';
import type { EksKeyMirror } from '../src/keys/eks-key-mirror.js';
import { RelayHopKeys } from '../src/keys/relay-hop-keys.js';
import { RelayKeyIntake } from '../src/keys/relay-key-intake.js';
import { dispatchSession, type PeerPacketLimits } from '../src/peers/packet-dispatch.js';
import { PeerDirectory } from '../src/peers/peer-directory.js';
import type { PeerQans } from '../src/peers/peer-qans.js';
import { SessionHub } from '../src/peers/session-hub.js';
import type { NodeReports } from '../src/registry/node-reports.js';
import { FakeConnection } from './fake-connection.js';
import { silentLogger } from './registry-fixtures.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const keyOf = (n: number) => hybridKeyFromSeed(new Uint8Array(32).fill(n)).publicKey;
const idOf = (n: number) => hybridQuid(keyOf(n));
const LIMITS: PeerPacketLimits = {
  packetBurst: 200,
  packetsPerSecond: 100,
  registryBurst: 10,
  registryPerSecond: 5,
  refusalsBeforeDisconnect: 0,
};
/** A short link (2^17 pulses: a few keys per round, a fraction of a second to simulate). */
const WIRE_LINK: EksSyncLink = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 2 ** 17 });
const NODE_BINDING = new Uint8Array(32).fill(0x11); // vega's session with the relay
const HOP_BINDING = new Uint8Array(32).fill(0x22); // the relay's session with the QAN

/** Alice's keys of one round (what the node, or the relay on its hop, holds). */
function aliceKeys(binding: Uint8Array, round: number): EksRoundKey[] {
  const seed = eksRoundSeed(binding, round);
  const outcome = runEksRound(seed, eksLinkOfWire(WIRE_LINK), 'alice');
  if (!outcome.ok) throw new Error(`round ${round} aborted`);
  return eksRoundKeys(seed, outcome.key);
}

let packetNo = 0;
function packet(type: Packet['type'], source: string, body: unknown): Packet {
  packetNo++;
  const header = {
    destination: 'qan',
    source,
    packetId: packetNo.toString(16).padStart(32, '0') as PacketId,
    lamport: packetNo,
    seq: packetNo,
    scope: 'eks:relay',
    hopLimit: 1,
    reroute: 'deny',
  };
  return { type, header, body } as Packet;
}

const stableSync = (round: number, keyIds: readonly string[]) => ({
  status: { state: 'stable', lastSyncMs: 1, keyBitsAvailable: keyIds.length * 256 },
  keyIds: [...keyIds].sort(),
  round,
  link: WIRE_LINK,
});

/** Settles the intake's queue: a few turns of the event loop. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function world() {
  const directory = new PeerDirectory([
    { role: 'dqn', name: 'vega', publicKey: hex(keyOf(4)), scopes: ['us-east'], qubits: 4 },
    { role: 'dqn', name: 'altair', publicKey: hex(keyOf(5)), scopes: ['us-east'], qubits: 4 },
    { role: 'dqn', name: 'rigel', publicKey: hex(keyOf(7)), scopes: ['eu-west'], qubits: 4 },
    { role: 'relay', name: 'edge', publicKey: hex(keyOf(6)), scopes: ['us-east'] },
  ]);
  const pools = sqliteKeyPoolStore(openDatabase(':memory:'));
  const hopKeys = new RelayHopKeys();
  const relayKeys = new RelayKeyIntake(hopKeys, pools, () => 1_000);
  const outcomes: [string, number][] = [];
  const reports = { ensureRegistered() {}, heartbeat: async () => {}, eksSync() {} };
  const options = {
    stamper: new HeaderStamper(idOf(1) as never, (n: number) => new Uint8Array(n).fill(7)),
    directory,
    sessions: new SessionHub(),
    reports: reports as unknown as NodeReports,
    jobs: {} as JobRouter,
    peerQans: {} as PeerQans,
    forwarded: new ForwardedJobs<SecureConnection<Packet>>(16, 60_000),
    keys: {} as EksKeyMirror,
    relayKeys,
    logger: silentLogger,
    clock: { now: () => 1_000 },
    limits: LIMITS,
    onRelayKeys: (outcome: string, count: number) => outcomes.push([outcome, count]),
  };
  const open = (n: number, binding = HOP_BINDING) => {
    const known = directory.byQuid(idOf(n))!;
    const connection = new FakeConnection({
      id: known.id,
      remoteAddress: '127.0.0.1',
      eksBinding: binding,
    });
    options.sessions.attach(known, connection as unknown as SecureConnection<Packet>);
    dispatchSession(known, connection as unknown as SecureConnection<Packet>, options);
    return connection;
  };
  /** The relay `edge` with vega behind it (a forwarded packet of vega's came through it). */
  const relayWithVega = () => {
    const edge = open(6);
    edge.deliver(packet('EKS_SYNC', idOf(4), stableSync(0, [])));
    return edge;
  };
  return { pools, hopKeys, outcomes, open, relayWithVega };
}

/** The relay's hop round 0 announced, and announcements pairing vega's round-0 keys with it. */
function relayRound() {
  const nodeKeys = aliceKeys(NODE_BINDING, 0);
  const hopKeys = aliceKeys(HOP_BINDING, 0);
  const n = Math.min(nodeKeys.length, hopKeys.length);
  const announcements: EksRelayAnnouncement[] = nodeKeys.slice(0, n).map((k, i) => ({
    node: 'vega',
    nodeKeyId: k.id as KeyId,
    hopKeyId: hopKeys[i]!.id as KeyId,
    announcement: relayKey([k.key, hopKeys[i]!.key]).announcements[0]!,
  }));
  const hopSync = stableSync(
    0,
    hopKeys.map((k) => k.id),
  );
  return { nodeKeys: nodeKeys.slice(0, n), hopKeys, announcements, hopSync };
}

describe('relay key announcements at the QAN', () => {
  it('stores K_node = M ⊕ K_hop in the node’s pool under the node key id: the node’s own key', async () => {
    const w = world();
    const r = relayRound();
    expect(r.announcements.length).toBeGreaterThan(0);
    const edge = w.relayWithVega();
    edge.deliver(packet('EKS_SYNC', idOf(6), r.hopSync));
    edge.deliver(packet('EKS_RELAY', idOf(6), { announcements: r.announcements }));
    await settle();
    expect(edge.nacks()).toEqual([]);
    expect(w.outcomes).toEqual([['stored', r.announcements.length]]);
    const stored = await w.pools.takeKeys('vega', 100, 'sae-test');
    expect(stored.map((k) => [k.keyId, hex(k.key)])).toEqual(
      r.nodeKeys.map((k) => [k.id, hex(k.key)]),
    );
    // Each hop key padded one node key and is gone; the unpaired ones remain.
    expect(w.hopKeys.stock(idOf(6))).toBe(r.hopKeys.length - r.announcements.length);
  });

  it('refuses a node the relay does not serve, and one not behind it, storing nothing', async () => {
    const w = world();
    const r = relayRound();
    const edge = w.relayWithVega();
    edge.deliver(packet('EKS_SYNC', idOf(6), r.hopSync));
    // rigel is eu-west (not the relay's scope); altair is us-east but never came through edge.
    const forRigel = [r.announcements[0]!, { ...r.announcements[1]!, node: 'rigel' }];
    edge.deliver(packet('EKS_RELAY', idOf(6), { announcements: forRigel }));
    edge.deliver(
      packet('EKS_RELAY', idOf(6), { announcements: [{ ...r.announcements[0]!, node: 'altair' }] }),
    );
    await settle();
    expect(edge.nacks().map((n) => [n.code, n.detail])).toEqual([
      ['UNAUTHORISED', 'RELAY_NODE_NOT_SERVED rigel'],
      ['UNAUTHORISED', 'RELAY_NODE_NOT_SERVED altair'],
    ]);
    for (const pool of ['vega', 'rigel', 'altair'])
      expect((await w.pools.status(pool)).storedKeyCount).toBe(0);
    // Nothing was spent either: every hop key of the round is still there.
    expect(w.hopKeys.stock(idOf(6))).toBe(r.hopKeys.length);
    expect(w.outcomes.map(([o]) => o)).toEqual(['RELAY_NODE_NOT_SERVED', 'RELAY_NODE_NOT_SERVED']);
  });

  it('refuses a replayed announcement and a reused hop key (one-time pad)', async () => {
    const w = world();
    const r = relayRound();
    const edge = w.relayWithVega();
    edge.deliver(packet('EKS_SYNC', idOf(6), r.hopSync));
    const first = packet('EKS_RELAY', idOf(6), { announcements: r.announcements.slice(0, 1) });
    edge.deliver(first);
    edge.deliver(first); // the same packet again
    // The used hop key again, padding another node key id.
    const reuse = { ...r.announcements[0]!, nodeKeyId: '0a0b0c0d-0000-4000-8000-000000000001' };
    edge.deliver(packet('EKS_RELAY', idOf(6), { announcements: [reuse] }));
    await settle();
    const hopId = r.announcements[0]!.hopKeyId;
    expect(edge.nacks().map((n) => [n.code, n.detail])).toEqual([
      ['UNAUTHORISED', `RELAY_HOP_KEY_UNKNOWN ${hopId}`],
      ['UNAUTHORISED', `RELAY_HOP_KEY_UNKNOWN ${hopId}`],
    ]);
    expect((await w.pools.status('vega')).storedKeyCount).toBe(1);
  });

  it('refuses a hop key of an earlier session of the relay, and one never announced', async () => {
    const w = world();
    const r = relayRound();
    const edge = w.relayWithVega();
    edge.deliver(packet('EKS_SYNC', idOf(6), r.hopSync));
    await settle();
    // The relay reconnects: a new session, a new binding; round 0's hop keys are gone with the old one.
    const again = w.open(6, new Uint8Array(32).fill(0x33));
    again.deliver(packet('EKS_SYNC', idOf(4), stableSync(1, [])));
    again.deliver(packet('EKS_RELAY', idOf(6), { announcements: r.announcements.slice(0, 1) }));
    const unknown = { ...r.announcements[1]!, hopKeyId: '1a1b1c1d-0000-4000-8000-0000000000aa' };
    again.deliver(packet('EKS_RELAY', idOf(6), { announcements: [unknown] }));
    await settle();
    expect(again.nacks().map((n) => n.detail.split(' ')[0])).toEqual([
      'RELAY_HOP_KEY_UNKNOWN',
      'RELAY_HOP_KEY_UNKNOWN',
    ]);
    expect((await w.pools.status('vega')).storedKeyCount).toBe(0);
  });

  it('takes EKS_RELAY only from a relay as itself', async () => {
    const w = world();
    const r = relayRound();
    const vega = w.open(4);
    vega.deliver(packet('EKS_RELAY', idOf(4), { announcements: r.announcements }));
    const edge = w.relayWithVega();
    edge.deliver(packet('EKS_RELAY', idOf(4), { announcements: r.announcements }));
    await settle();
    expect(vega.nacks().map((n) => n.code)).toEqual(['UNSUPPORTED']);
    expect(edge.nacks().map((n) => n.code)).toEqual(['UNSUPPORTED']);
    expect((await w.pools.status('vega')).storedKeyCount).toBe(0);
  });

  it('counts announcements against the relay’s registry allowance: a burst of 10, then NACK OVERLOADED', async () => {
    const w = world();
    const edge = w.open(6);
    const bogus = relayRound().announcements.slice(0, 1);
    for (let i = 0; i < 25; i++)
      edge.deliver(packet('EKS_RELAY', idOf(6), { announcements: bogus }));
    await settle();
    const nacks = edge.nacks();
    expect(nacks.filter((n) => n.code === 'OVERLOADED')).toHaveLength(15);
    expect(nacks.filter((n) => n.detail.startsWith('RATE_LIMIT registry'))).toHaveLength(15);
    // Only the 10 admitted packets were looked at (each refused: vega is not behind this session).
    expect(w.outcomes).toHaveLength(10);
  });

  it('a malformed EKS_RELAY body never reaches the QAN: the transport’s decoder names code and offset', () => {
    const r = relayRound();
    const good = chipsPacketCodec.encode(
      packet('EKS_RELAY', idOf(6), { announcements: r.announcements.slice(0, 1) }),
    );
    // Cut M to 31 bytes: its bin 8 length byte, then one byte fewer.
    const mAt = good.length - 34;
    expect([good[mAt], good[mAt + 1]]).toEqual([0xc4, 32]);
    const bad = Uint8Array.from([
      ...good.subarray(0, mAt),
      0xc4,
      31,
      ...good.subarray(mAt + 2, -1),
    ]);
    let caught: unknown;
    try {
      chipsPacketCodec.decode(bad);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ChipsError);
    expect(caught).toMatchObject({
      code: 'INVALID_FIELD',
      offset: mAt,
      field: 'body.announcements.announcement',
    });
  });
});

describe('RelayKeyIntake', () => {
  it('refuses a node key id the store already holds (RELAY_NODE_KEY_KNOWN); that hop key is spent', async () => {
    const pools = sqliteKeyPoolStore(openDatabase(':memory:'));
    const hopKeys = new RelayHopKeys();
    const intake = new RelayKeyIntake(hopKeys, pools, () => 1_000);
    const r = relayRound();
    const session = { relay: 'edge', sessionBinding: HOP_BINDING };
    expect(await intake.hopRound(session, r.hopSync as never)).toBe(r.hopKeys.length);
    const a = r.announcements[0]!;
    await pools.add('vega', [{ keyId: a.nodeKeyId, key: new Uint8Array(32) }], 1);
    const outcome = await intake.announce(session, [a], () => true);
    expect(outcome).toEqual({
      ok: false,
      code: 'RELAY_NODE_KEY_KNOWN',
      detail: `RELAY_NODE_KEY_KNOWN ${a.nodeKeyId}`,
    });
    expect((await pools.status('vega')).storedKeyCount).toBe(1);
    expect(hopKeys.holds('edge', HOP_BINDING, a.hopKeyId)).toBe(false);
  });
});

describe('RelayHopKeys', () => {
  const ids = (round: number, n: number) =>
    Array.from(
      { length: n },
      (_, i) => `00000000-0000-4000-8000-${String(round * 1000 + i).padStart(12, '0')}`,
    );
  /** A stand-in round runner: 600 keys per run, named and filled by the run's number; runs counted. */
  function counting() {
    let runs = 0;
    let next = 0;
    const run = async () => {
      const round = next++;
      runs++;
      return ids(round, 600).map((id) => ({ id, key: new Uint8Array(32).fill(round) }));
    };
    return { run, runs: () => runs };
  }

  it('does not run a round while 1 024 hop keys wait: work follows the keys spent', async () => {
    const c = counting();
    const hop = new RelayHopKeys(c.run);
    const binding = new Uint8Array(32).fill(9);
    expect(await hop.stableRound('edge', binding, 0, WIRE_LINK, ids(0, 600))).toBe(600);
    expect(await hop.stableRound('edge', binding, 1, WIRE_LINK, ids(1, 600))).toBe(600);
    expect(hop.stock('edge')).toBe(1024); // the oldest 176 dropped
    expect(hop.holds('edge', binding, ids(0, 600)[0]!)).toBe(false);
    for (let r = 2; r < 50; r++)
      expect(await hop.stableRound('edge', binding, r, WIRE_LINK, [])).toBe(0);
    expect(c.runs()).toBe(2);
    // Spending one key lets the next round run.
    expect(hop.take('edge', binding, ids(1, 600)[599]!)).toBeDefined();
    expect(hop.take('edge', binding, ids(1, 600)[599]!)).toBeUndefined();
    await hop.stableRound('edge', binding, 50, WIRE_LINK, []);
    expect(c.runs()).toBe(3);
    // A round that does not move forward is ignored without running.
    expect(await hop.stableRound('edge', binding, 50, WIRE_LINK, [])).toBe('not-forward');
    expect(c.runs()).toBe(3);
  });

  it('keeps a session’s keys to that session: another binding holds none of them', async () => {
    const c = counting();
    const hop = new RelayHopKeys(c.run);
    const first = new Uint8Array(32).fill(1);
    await hop.stableRound('edge', first, 0, WIRE_LINK, ids(0, 3));
    const id = ids(0, 3)[0]!;
    expect(hop.holds('edge', new Uint8Array(32).fill(2), id)).toBe(false);
    expect(hop.take('edge', new Uint8Array(32).fill(2), id)).toBeUndefined();
    expect(hop.take('edge', first, id)).toEqual(new Uint8Array(32).fill(0));
  });

  it("runs no hop round faster than the link's 1 MHz source runs: a flood is ignored, counted", async () => {
    let now = 0;
    const c = counting();
    const hop = new RelayHopKeys(c.run, () => now);
    const binding = new Uint8Array(32).fill(9);
    const second = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 1_000_000 });
    const kept = [];
    for (let r = 0; r < 12; r++) kept.push(await hop.stableRound('edge', binding, r, second, []));
    expect(kept.filter((k) => k === 0)).toHaveLength(8);
    expect(kept.slice(8)).toEqual(['too-fast', 'too-fast', 'too-fast', 'too-fast']);
    expect(hop.tooFastRounds).toBe(4);
    expect(c.runs()).toBe(8);
    now = 1000;
    expect(await hop.stableRound('edge', binding, 12, second, [])).toBe(0);
    expect(c.runs()).toBe(9);
  });
});
