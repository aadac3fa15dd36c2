import { HeaderStamper, type Packet, type PacketId } from '@qcos/chips-codec';
import { type HybridSigningKey, hybridKeyFromSeed, hybridQuid, type Quid } from '@qcos/identity';
import {
  createGenesisDocument,
  DEFAULT_POLICY,
  decodeGenesisDocument,
  genesisFromDocument,
  type RecordBody,
  type RegistryState,
} from '@qcos/registry-core';
import { RuntimeError, type SecureConnection } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { ForwardedJobs } from '../src/jobs/forwarded-jobs.js';
import type { JobRouter } from '../src/jobs/job-router.js';
import type { EksKeyMirror } from '../src/keys/eks-key-mirror.js';
import type { RelayKeyIntake } from '../src/keys/relay-key-intake.js';
import { dispatchSession } from '../src/peers/packet-dispatch.js';
import { PeerDirectory } from '../src/peers/peer-directory.js';
import { PeerQans, QAN_SCOPE } from '../src/peers/peer-qans.js';
import { SessionHub } from '../src/peers/session-hub.js';
import { NodeAttachments } from '../src/registry/node-attachments.js';
import type { NodeReports } from '../src/registry/node-reports.js';
import { FakeConnection } from './fake-connection.js';
import { healthyReport, silentLogger } from './registry-fixtures.js';

// QAN-to-QAN job delivery, one QAN's side at a time: who may open a QAN session (the registry's
// trust, not a list), what a peer QAN may send, how a job is passed on to the node and its answer
// sent back, and what the submitting QAN accepts as that answer.

const key = (n: number) => hybridKeyFromSeed(new Uint8Array(32).fill(n));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const anchor = key(70);
const self = key(71);
const peerQan = key(72);
const halfTrusted = key(73);
const rigelKey = key(74).publicKey;
const vegaKey = key(75).publicKey;

/** A network whose genesis lists `members` as QANs at the given trust levels. */
function networkOf(members: readonly [HybridSigningKey, number][]): RegistryState {
  return genesisFromDocument(
    decodeGenesisDocument(
      createGenesisDocument({
        networkId: 'peering',
        anchorKey: anchor,
        policy: DEFAULT_POLICY,
        members: members.map(([k, levelPpm]) => ({
          role: 'QAN' as const,
          publicKey: k.publicKey,
          levelPpm,
        })),
      }),
    ),
  );
}

const network = networkOf([
  [self, 1_000_000],
  [peerQan, 1_000_000],
  [halfTrusted, 500_000],
]);
/** The same network after the peer QAN was taken out (what a revocation leaves). */
const peerRevoked = networkOf([[self, 1_000_000]]);

function refusal(call: () => unknown): { code: string; reason: unknown; message?: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof RuntimeError)
      return { code: error.code, reason: error.details['reason'], message: error.message };
    throw error;
  }
  return { code: 'accepted', reason: undefined };
}

const identity = (k: HybridSigningKey | Uint8Array, scope: string) => {
  const publicKey = k instanceof Uint8Array ? k : k.publicKey;
  return { id: hybridQuid(publicKey), publicKey, scope };
};

describe('PeerQans: who may open a QAN session', () => {
  const qans = new PeerQans(hybridQuid(self.publicKey), () => network);

  it('a QAN the registry trusts, asking for the qan scope, is a peer QAN', () => {
    const known = qans.authorize(identity(peerQan, QAN_SCOPE));
    expect(known.role).toBe('qan');
    expect(known.id).toBe(hybridQuid(peerQan.publicKey));
    expect(known.scopes).toStrictEqual([QAN_SCOPE]);
    expect(known.name).toBe(`qan:${known.id.slice(0, 12)}`);
    expect(qans.byQuid(known.id)).toBe(known);
  });

  it('refuses the wrong scope, a DQN key, this QAN itself and a QAN below the trusted tier', () => {
    expect(refusal(() => qans.authorize(identity(peerQan, 'eu-west')))).toStrictEqual({
      code: 'PEER_REJECTED',
      reason: 'SCOPE_NOT_ALLOWED',
      message: 'a QAN session uses scope qan',
    });
    for (const who of [rigelKey, self, halfTrusted]) {
      const id = identity(who, QAN_SCOPE);
      expect(refusal(() => qans.authorize(id))).toStrictEqual({
        code: 'PEER_REJECTED',
        reason: 'UNTRUSTED_QAN',
        message: `${id.id} is not a QAN the registry trusts`,
      });
    }
    expect(qans.byQuid(hybridQuid(halfTrusted.publicKey))).toBeUndefined();
  });

  it('a QAN key presented with another public key for its quid is refused', () => {
    const forged = { ...identity(peerQan, QAN_SCOPE), publicKey: rigelKey };
    expect(refusal(() => qans.authorize(forged)).reason).toBe('UNTRUSTED_QAN');
  });
});

/** The NACKs sent on `connection`, as `CODE: detail`. */
const nackLines = (connection: FakeConnection) =>
  connection.nacks().map((n) => `${n.code}: ${n.detail}`);

let packetNo = 0;
function packetFrom(
  type: 'JOB_SUBMIT' | 'JOB_RESULT' | 'NACK' | 'HEARTBEAT',
  source: string,
  options: { destination?: string; jobId?: string; hopLimit?: number } = {},
): Packet {
  packetNo++;
  const jobId = options.jobId ?? packetNo.toString(16).padStart(32, '0');
  const header = {
    destination: options.destination ?? 'qan',
    source,
    packetId: (type === 'JOB_SUBMIT' ? jobId : packetNo.toString(16).padStart(32, 'f')) as PacketId,
    lamport: packetNo,
    seq: packetNo,
    scope: 'job:submit',
    hopLimit: options.hopLimit ?? 8,
    reroute: 'deny',
  };
  const bodies = {
    JOB_SUBMIT: { quri: 'q://rigel/run', program: 'OPENQASM 2.0;', params: {} },
    JOB_RESULT: { jobId, shots: 1, counts: [{ bits: '0', count: 1 }] },
    NACK: { nackOf: jobId, code: 'EXECUTION_FAILED', detail: 'no' },
    HEARTBEAT: { report: healthyReport },
  };
  return { type, header, body: bodies[type] } as unknown as Packet;
}

/** One QAN's dispatch with rigel and vega attached directly and sessions from a peer QAN. */
function holdingQan() {
  const now = { ms: 1_000_000 };
  let state = network;
  const directory = new PeerDirectory([
    { role: 'dqn', name: 'rigel', publicKey: hex(rigelKey), scopes: ['eu-west'], qubits: 4 },
    { role: 'dqn', name: 'vega', publicKey: hex(vegaKey), scopes: ['eu-west'], qubits: 4 },
  ]);
  const peerQans = new PeerQans(hybridQuid(self.publicKey), () => state);
  const results: string[] = [];
  const submitted: RecordBody[] = [];
  const forwarded = new ForwardedJobs<SecureConnection<Packet>>(2, 20_000);
  const options = {
    stamper: new HeaderStamper(hybridQuid(self.publicKey), (n: number) => new Uint8Array(n)),
    directory,
    sessions: new SessionHub(),
    reports: {
      ensureRegistered: () => {},
      heartbeat: (alias: string, report: unknown) => {
        submitted.push({ kind: 'HEARTBEAT', alias, report } as unknown as RecordBody);
        return new Promise(() => {});
      },
    } as unknown as NodeReports,
    jobs: {
      onResult: (alias: string) => results.push(`result ${alias}`),
      onNack: (alias: string) => results.push(`nack ${alias}`),
    } as unknown as JobRouter,
    peerQans,
    forwarded,
    keys: {} as EksKeyMirror,
    relayKeys: {} as RelayKeyIntake,
    logger: silentLogger,
    clock: { now: () => now.ms },
    limits: {
      packetBurst: 100,
      packetsPerSecond: 100,
      registryBurst: 100,
      registryPerSecond: 100,
      refusalsBeforeDisconnect: 0,
    },
  };
  const open = (known: ReturnType<PeerDirectory['dqn']>) => {
    const connection = new FakeConnection({ id: known!.id, remoteAddress: '127.0.0.1' });
    options.sessions.attach(known!, connection as unknown as SecureConnection<Packet>);
    dispatchSession(known!, connection as unknown as SecureConnection<Packet>, options);
    return connection;
  };
  const qanPeer = peerQans.authorize(identity(peerQan, QAN_SCOPE));
  return {
    now,
    results,
    submitted,
    forwarded,
    rigel: open(directory.dqn('rigel')),
    vega: open(directory.dqn('vega')),
    qan: open(qanPeer),
    qanId: qanPeer.id as string,
    revoke: () => {
      state = peerRevoked;
    },
  };
}

describe('the QAN holding the node: a job from a peer QAN is passed on, its answer sent back', () => {
  it('passes the JOB_SUBMIT on unchanged but for one hop, and returns the node’s result once', () => {
    const w = holdingQan();
    const job = packetFrom('JOB_SUBMIT', w.qanId, { destination: 'rigel', hopLimit: 8 });
    w.qan.deliver(job);
    expect(w.rigel.sent).toStrictEqual([{ ...job, header: { ...job.header, hopLimit: 7 } }]);
    expect(w.forwarded.size).toBe(1);

    const result = packetFrom('JOB_RESULT', w.rigel.peer.id, { jobId: job.header.packetId });
    w.rigel.deliver(result);
    expect(w.qan.sent.filter((p) => p.type === 'JOB_RESULT')).toStrictEqual([
      { ...result, header: { ...result.header, hopLimit: 7 } },
    ]);
    expect(w.results).toStrictEqual([]);
    // The job is answered: a second result for it is this QAN's own business, not the peer's.
    w.rigel.deliver(result);
    expect(w.qan.sent.filter((p) => p.type === 'JOB_RESULT')).toHaveLength(1);
    expect(w.results).toStrictEqual(['result rigel']);
  });

  it('a NACK of the node goes back too; an answer from another node does not', () => {
    const w = holdingQan();
    const job = packetFrom('JOB_SUBMIT', w.qanId, { destination: 'rigel' });
    w.qan.deliver(job);
    w.vega.deliver(packetFrom('JOB_RESULT', w.vega.peer.id, { jobId: job.header.packetId }));
    expect(w.qan.sent).toStrictEqual([]);
    expect(w.results).toStrictEqual(['result vega']);
    w.rigel.deliver(packetFrom('NACK', w.rigel.peer.id, { jobId: job.header.packetId }));
    expect(w.qan.sent.map((p) => p.type)).toStrictEqual(['NACK']);
    expect(w.qan.sent[0]?.header.source).toBe(w.rigel.peer.id);
  });

  it('refuses a node without a session here, no hop left, and a job id already in flight', () => {
    const w = holdingQan();
    w.qan.deliver(packetFrom('JOB_SUBMIT', w.qanId, { destination: 'altair' }));
    w.qan.deliver(packetFrom('JOB_SUBMIT', w.qanId, { destination: 'rigel', hopLimit: 0 }));
    const job = packetFrom('JOB_SUBMIT', w.qanId, { destination: 'rigel' });
    w.qan.deliver(job);
    w.qan.deliver(job);
    expect(nackLines(w.qan)).toStrictEqual([
      'UNKNOWN_DESTINATION: altair has no session with this QAN',
      'HOP_LIMIT: hop limit reached',
      'OVERLOADED: job already in flight, or too many passed on',
    ]);
    expect(w.rigel.sent).toHaveLength(1);
  });

  it('holds at most its capacity of jobs in flight; expired ones make room and are not answered', () => {
    const w = holdingQan();
    const jobs = [1, 2, 3].map(() => packetFrom('JOB_SUBMIT', w.qanId, { destination: 'rigel' }));
    for (const job of jobs) w.qan.deliver(job);
    expect(w.rigel.sent).toHaveLength(2);
    expect(nackLines(w.qan)).toStrictEqual([
      'OVERLOADED: job already in flight, or too many passed on',
    ]);
    w.now.ms += 20_000;
    w.qan.deliver(jobs[2] as Packet);
    expect(w.rigel.sent).toHaveLength(3);
    expect(w.forwarded.size).toBe(1);
    w.rigel.deliver(packetFrom('JOB_RESULT', w.rigel.peer.id, { jobId: jobs[0]?.header.packetId }));
    expect(w.qan.sent.filter((p) => p.type === 'JOB_RESULT')).toStrictEqual([]);
  });

  it('a peer QAN sends only jobs, as itself, and only while the registry trusts it', () => {
    const w = holdingQan();
    w.qan.deliver(packetFrom('HEARTBEAT', w.qanId));
    w.qan.deliver(packetFrom('JOB_SUBMIT', w.rigel.peer.id, { destination: 'rigel' }));
    w.revoke();
    w.qan.deliver(packetFrom('JOB_SUBMIT', w.qanId, { destination: 'rigel' }));
    expect(nackLines(w.qan)).toStrictEqual([
      'UNSUPPORTED: a peer QAN does not send HEARTBEAT',
      'UNAUTHORISED: source is not the session peer',
      'UNAUTHORISED: the registry no longer trusts this QAN',
    ]);
    expect(w.rigel.sent).toStrictEqual([]);
    expect(w.submitted).toStrictEqual([]);
  });

  it('a node may not send a job', () => {
    const w = holdingQan();
    w.vega.deliver(packetFrom('JOB_SUBMIT', w.vega.peer.id, { destination: 'rigel' }));
    expect(nackLines(w.vega)).toStrictEqual(['UNSUPPORTED: only a QAN sends jobs']);
    expect(w.rigel.sent).toStrictEqual([]);
  });
});

describe('ForwardedJobs: the table of jobs passed on', () => {
  it('takes a positive integer capacity', () => {
    for (const capacity of [0, -1, 1.5])
      expect(() => new ForwardedJobs(capacity, 1_000)).toThrow(
        new RangeError('capacity must be a positive integer'),
      );
    expect(new ForwardedJobs(1, 1_000).size).toBe(0);
  });

  it('answers until its expiry (exclusive), once, and forgets the jobs of a closed session', () => {
    const table = new ForwardedJobs<string>(8, 1_000);
    expect(table.add('j1', 'rigel', 'qan-a', 0)).toBe(true);
    expect(table.add('j2', 'rigel', 'qan-a', 0)).toBe(true);
    expect(table.add('j3', 'vega', 'qan-b', 0)).toBe(true);
    expect(table.take('j1', 'rigel', 999)).toBe('qan-a');
    expect(table.take('j1', 'rigel', 999)).toBeUndefined();
    expect(table.take('j2', 'rigel', 1_000)).toBeUndefined();
    table.add('j4', 'rigel', 'qan-a', 500);
    table.dropFrom('qan-a');
    expect(table.size).toBe(1);
    expect(table.take('j4', 'rigel', 600)).toBeUndefined();
    expect(table.take('j3', 'vega', 999)).toBe('qan-b');
  });
});

describe('the submitting QAN: where a node’s session is', () => {
  it('NodeAttachments: the origin of the block with a node’s latest heartbeat holds its session', () => {
    const attachments = new NodeAttachments();
    const beat = { kind: 'HEARTBEAT', alias: 'rigel', atMs: 1, report: healthyReport };
    attachments.observe([beat as RecordBody], 'qan-a' as Quid);
    expect(attachments.holderOf('rigel')).toBe('qan-a');
    attachments.observe([{ ...beat, alias: 'vega' } as RecordBody], 'qan-b' as Quid);
    expect(attachments.holderOf('rigel')).toBe('qan-a');
    attachments.observe([beat as RecordBody], 'qan-b' as Quid);
    expect(attachments.holderOf('rigel')).toBe('qan-b');
    attachments.observe(
      [{ kind: 'EKS_SYNC', alias: 'rigel' } as unknown as RecordBody],
      'qan-c' as Quid,
    );
    expect(attachments.holderOf('rigel')).toBe('qan-b');
    expect(attachments.holderOf('altair')).toBeUndefined();
  });
});
