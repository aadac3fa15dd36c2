import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { NodeId, Packet, PacketId } from '@qcos/chips-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlTokenFile } from './support/control-token.js';
import { QanStandIn } from './support/qan-stand-in.js';
import { readyLine, spawnService } from './support/service-process.js';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const QAN_ID = '00000000000000aa' as NodeId;
const MAX_GATES = 1024;

/** A 20-qubit program with `gates` gates (each `h q;` is 20 of them). */
function wideProgram(qubits: number, gates: number): string {
  const layers = 'h q;'.repeat(Math.floor(gates / qubits));
  const rest = Array.from({ length: gates % qubits }, (_, i) => `x q[${i}];`).join('');
  return `OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[${qubits}];creg c[${qubits}];\n${layers}\n${rest}\nmeasure q -> c;\n`;
}

function jobSubmit(program: string, id: string): Packet {
  return {
    type: 'JOB_SUBMIT',
    header: {
      destination: 'rigel',
      source: QAN_ID,
      packetId: id as PacketId,
      lamport: 1000,
      seq: 0,
      scope: 'job:submit',
      hopLimit: 8,
      reroute: 'allow',
    },
    body: {
      quri: 'q://rigel/run?shots=1000',
      program,
      params: { shots: 1000, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
    },
  };
}

const heartbeatsBetween = (packets: readonly Packet[], from: number, to: number) =>
  packets.slice(from, to).filter((p) => p.type === 'HEARTBEAT').length;

describe('dqn-agent process under a load of maximal jobs', () => {
  const qan = new QanStandIn({ id: QAN_ID, publicKey: new Uint8Array(32) });
  let agent: ChildProcess;
  let log = () => '';

  beforeAll(async () => {
    const port = await qan.start();
    const { file } = controlTokenFile();
    // No --control: the default bind is checked below.
    ({ child: agent, log } = spawnService(
      ENTRY,
      [
        ...['--alias', 'rigel', '--scope', 'eu-west', '--qubits', '20'],
        ...['--connect', `127.0.0.1:${port}`, '--control-token-file', file],
        '--insecure-transport',
        ...['--heartbeat-interval-ms', '50', '--eks-interval-ms', '4194'],
        ...['--job-workers', '1', '--max-queued-jobs', '1', '--max-job-gates', String(MAX_GATES)],
      ],
      { QCOS_IDENTITY_SEED: '12'.repeat(32) },
    ));
    expect((await readyLine(agent)).event).toBe('ready');
  }, 60_000);

  afterAll(async () => {
    if (agent.exitCode === null) {
      agent.kill('SIGKILL');
      await once(agent, 'exit');
    }
    await qan.listener.close();
  }, 30_000);

  it('binds its control endpoint to loopback by default', () => {
    expect(log()).toMatch(/"event":"started".*"controlHost":"127\.0\.0\.1"/);
  });

  it('NACKs jobs over its qubit or gate cap with UNSUPPORTED JOB_TOO_LARGE', async () => {
    await qan.next((p) => p.type === 'HEARTBEAT');
    const gates = 'a1'.repeat(16);
    const qubits = 'a2'.repeat(16);
    qan.session!.send(jobSubmit(wideProgram(20, MAX_GATES + 1), gates));
    qan.session!.send(jobSubmit(wideProgram(21, 21), qubits));
    for (const [id, code] of [
      [gates, 'TOO_MANY_GATES'],
      [qubits, 'TOO_MANY_QUBITS'],
    ] as const) {
      const nack = await qan.next((p) => p.type === 'NACK' && p.body.nackOf === id);
      expect(nack.type === 'NACK' && nack.body.code).toBe('UNSUPPORTED');
      expect(nack.type === 'NACK' && nack.body.detail).toMatch(
        new RegExp(`^JOB_TOO_LARGE ${code}`),
      );
    }
  });

  it('keeps heartbeating while maximal jobs run, and NACKs the job beyond its queue as OVERLOADED', async () => {
    const program = wideProgram(20, MAX_GATES);
    const [first, second, third] = ['b1', 'b2', 'b3'].map((b) => b.repeat(16));
    const from = qan.received.length;
    // One worker, one queue slot: the first runs, the second waits, the third is refused.
    for (const id of [first!, second!, third!]) qan.session!.send(jobSubmit(program, id));
    const busy = await qan.next((p) => p.type === 'NACK' && p.body.nackOf === third, from);
    expect(busy.type === 'NACK' && busy.body.code).toBe('OVERLOADED');
    expect(busy.type === 'NACK' && busy.body.detail).toMatch(/^BUSY/);
    const resultOf = async (id: string) => {
      const result = await qan.next(
        (p) => p.type === 'JOB_RESULT' && p.body.jobId === id,
        from,
        60_000,
      );
      return qan.received.indexOf(result);
    };
    const firstAt = await resultOf(first!);
    const secondAt = await resultOf(second!);
    const busyAt = qan.received.indexOf(busy);
    // Heartbeats (every 50 ms) keep arriving while each maximal job runs on its worker.
    expect(heartbeatsBetween(qan.received, busyAt, firstAt)).toBeGreaterThanOrEqual(10);
    expect(heartbeatsBetween(qan.received, firstAt, secondAt)).toBeGreaterThanOrEqual(10);
    const result = qan.received[secondAt]!;
    expect(result.type === 'JOB_RESULT' && result.body.shots).toBe(1000);
  }, 120_000);
});
