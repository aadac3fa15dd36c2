import type { NodeId, Packet, PacketId } from '@qcos/chips-codec';
import { createLogger, type SecureConnection } from '@qcos/runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DqnAgent } from '../src/agent.js';
import { createAgentMetrics } from '../src/agent-metrics.js';
import type { QkdRound } from '../src/eks-keeper.js';
import { NO_FAULTS } from '../src/faults.js';
import { inThreadExecutor } from '../src/job-pool.js';

/** An in-memory session: records what the agent sends, lets the test push packets in. */
function fakeConnection() {
  const sent: Packet[] = [];
  const packetHandlers: ((p: Packet) => void)[] = [];
  const closeHandlers: ((e?: Error) => void)[] = [];
  let closed = false;
  const connection: SecureConnection<Packet> = {
    peer: {
      id: '00000000000000aa',
      publicKey: new Uint8Array(1),
      scope: 'qan',
      handshakeHash: new Uint8Array(32).fill(5),
      eksBinding: new Uint8Array(32).fill(6),
      remoteAddress: 'test',
    },
    send: (p) => void sent.push(p),
    onPacket: (h) => void packetHandlers.push(h),
    onClose: (h) => void closeHandlers.push(h),
    close: async () => {
      closed = true;
    },
    get closed() {
      return closed;
    },
  };
  return {
    connection,
    sent,
    deliver: (p: Packet) => {
      for (const h of packetHandlers) h(p);
    },
    drop: () => {
      closed = true;
      for (const h of closeHandlers) h(new Error('gone'));
    },
  };
}

const round: QkdRound = (_seed, link) =>
  link.eavesdropper > 0
    ? { ok: false, reason: 'EAVESDROPPER_DETECTED', qber: 0.2 }
    : { ok: true, key: new Uint8Array(64).fill(1), qber: 0.01 };

describe('DqnAgent', () => {
  let now = 1_000_000;
  let link: ReturnType<typeof fakeConnection>;
  let agent: DqnAgent;
  let metrics: ReturnType<typeof createAgentMetrics>;

  beforeEach(async () => {
    vi.useFakeTimers();
    link = fakeConnection();
    metrics = createAgentMetrics();
    agent = new DqnAgent(
      {
        alias: 'rigel',
        scope: 'eu-west',
        qubits: 3,
        heartbeatIntervalMs: 1000,
        eksIntervalMs: 4000,
        nominal: { fidelity1q: 0.999, fidelity2q: 0.99 },
        readoutError: 0,
        qkdDistanceKm: 10,
        phase: { driftMradPerS: 2, noiseMrad: 3 },
        faults: NO_FAULTS,
        upstreamAlias: 'qan',
        maxJobGates: 1024,
      },
      {
        nodeId: '0123456789abcdef' as NodeId,
        clock: { now: () => now },
        randomBytes: (n) => new Uint8Array(n).fill(7),
        logger: createLogger({ name: 'test', level: 'silent' }),
        metrics,
        qkdRound: round,
        executor: inThreadExecutor(),
        connect: async () => link.connection,
      },
    );
    agent.start();
    await vi.advanceTimersByTimeAsync(0);
  });

  afterEach(async () => {
    await agent.stop();
    vi.useRealTimers();
  });

  const ofType = (t: Packet['type']) => link.sent.filter((p) => p.type === t);

  it('syncs its EKS and heartbeats at once on connect, then every interval', async () => {
    expect(ofType('EKS_SYNC')).toHaveLength(1);
    expect(ofType('HEARTBEAT')).toHaveLength(1);
    const first = ofType('HEARTBEAT')[0]!;
    expect(first.type === 'HEARTBEAT' && first.body.report.eksOk).toBe(true);
    now += 3000;
    await vi.advanceTimersByTimeAsync(3000);
    expect(ofType('HEARTBEAT')).toHaveLength(4);
    expect(agent.health()).toMatchObject({ connected: true, heartbeatsSent: 4 });
  });

  it('stops heartbeating when told to, and reports drift and faults when it resumes', async () => {
    agent.setFaults({ heartbeats: false });
    const before = ofType('HEARTBEAT').length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(ofType('HEARTBEAT')).toHaveLength(before);
    agent.setFaults({ heartbeats: true, fidelityDrift: -0.1, cryostat: true });
    const last = ofType('HEARTBEAT').at(-1)!;
    expect(last.type === 'HEARTBEAT' && last.body.report).toMatchObject({
      fidelity1qPpm: 899_000,
      fidelity2qPpm: 890_000,
      faults: ['CRYOSTAT'],
    });
  });

  it('runs rounds of the pulses its 1 MHz source sends in one round period: link time keeps pace', async () => {
    const first = ofType('EKS_SYNC')[0]!;
    expect(first.type === 'EKS_SYNC' && first.body.link.pulsesPerRound).toBe(4_000_000);
    now += 8000;
    await vi.advanceTimersByTimeAsync(8000);
    // Two more rounds in 8 s: 8 s of link time, as much as passed.
    expect(ofType('EKS_SYNC').map((p) => p.type === 'EKS_SYNC' && p.body.round)).toEqual([0, 1, 2]);
  });

  it('serves the QBER its rounds measured and the secret key bytes they distilled', async () => {
    const value = async (name: string) =>
      (await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value;
    // The round on connect: QBER 0.01, a 64-byte key cut into two 256-bit keys.
    expect(await value('qcos_dqn_qkd_qber')).toBe(0.01);
    expect(await value('qcos_dqn_qkd_secret_key_bytes_total')).toBe(64);
    agent.setFaults({ eavesdropper: 0.5 });
    // The aborted round measured 0.2 and distilled nothing.
    expect(await value('qcos_dqn_qkd_qber')).toBe(0.2);
    expect(await value('qcos_dqn_qkd_secret_key_bytes_total')).toBe(64);
  });

  it('loses its EKS to an eavesdropper, and to a dropped link', async () => {
    agent.setFaults({ eavesdropper: 0.5 });
    const sync = ofType('EKS_SYNC').at(-1)!;
    expect(sync.type === 'EKS_SYNC' && sync.body.status).toMatchObject({
      state: 'lost',
      reason: 'EAVESDROPPER_DETECTED',
    });
    agent.setFaults({ eavesdropper: 0 });
    expect(agent.health()).toMatchObject({ eks: { state: 'stable' } });
    link.drop();
    expect(agent.health()).toMatchObject({
      connected: false,
      eks: { state: 'lost', reason: 'LINK_DOWN' },
    });
  });

  it('answers a job for another alias with a NACK and runs its own', async () => {
    const submit = (destination: string, id: string): Packet => ({
      type: 'JOB_SUBMIT',
      header: {
        destination,
        source: '00000000000000aa' as NodeId,
        packetId: id as PacketId,
        lamport: 50,
        seq: 0,
        scope: 'job:submit',
        hopLimit: 4,
        reroute: 'allow',
      },
      body: {
        quri: `q://${destination}/run`,
        program: 'OPENQASM 2.0; qreg q[1]; creg c[1]; x q[0]; measure q[0] -> c[0];',
        params: { shots: 10, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
      },
    });
    link.deliver(submit('sirius', '11'.repeat(16)));
    expect(ofType('NACK').at(-1)).toMatchObject({
      body: { nackOf: '11'.repeat(16), code: 'UNKNOWN_DESTINATION' },
    });
    link.deliver(submit('rigel', '22'.repeat(16)));
    await vi.advanceTimersByTimeAsync(0);
    const result = ofType('JOB_RESULT').at(-1)!;
    expect(result.type === 'JOB_RESULT' && result.body.jobId).toBe('22'.repeat(16));
    expect(result.header.lamport).toBeGreaterThan(50);
    expect(agent.health()).toMatchObject({ jobsExecuted: 1 });
  });
});
