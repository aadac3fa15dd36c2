import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { NodeId, Packet, PacketId } from '@qcos/chips-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlFetch, controlTokenFile } from './support/control-token.js';
import { promtoolCheckMetrics, typedMetricNames } from './support/promtool.js';
import { QanStandIn } from './support/qan-stand-in.js';
import { readyLine, spawnService } from './support/service-process.js';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const QAN_ID = '00000000000000aa' as NodeId;
const BELL =
  'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];creg c[2];h q[0];cx q[0],q[1];measure q->c;';

function jobSubmit(alias: string, program: string, shots: number, id: string): Packet {
  return {
    type: 'JOB_SUBMIT',
    header: {
      destination: alias,
      source: QAN_ID,
      packetId: id as PacketId,
      lamport: 1000,
      seq: 0,
      scope: 'job:submit',
      hopLimit: 8,
      reroute: 'allow',
    },
    body: {
      quri: `q://${alias}/run?shots=${shots}`,
      program,
      params: { shots, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
    },
  };
}

describe('dqn-agent process against a QAN stand-in', () => {
  const qan = new QanStandIn({ id: QAN_ID, publicKey: new Uint8Array(32) });
  let agent: ChildProcess;
  let control = 0;
  let log = () => '';
  const { token, file: tokenFile } = controlTokenFile();

  beforeAll(async () => {
    const port = await qan.start();
    ({ child: agent, log } = spawnService(
      ENTRY,
      [
        '--alias',
        'rigel',
        '--scope',
        'eu-west',
        '--qubits',
        '5',
        '--connect',
        `127.0.0.1:${port}`,
        '--control',
        '127.0.0.1:0',
        '--control-token-file',
        tokenFile,
        '--insecure-transport',
        '--heartbeat-interval-ms',
        '300',
        '--eks-interval-ms',
        '2000',
        '--fidelity-1q',
        '1',
        '--fidelity-2q',
        '1',
        '--readout-error',
        '0',
      ],
      { QCOS_IDENTITY_SEED: '11'.repeat(32) },
    ));
    const ready = await readyLine<{ event: string; control: number; nodeId: string }>(agent);
    expect(ready.event).toBe('ready');
    control = ready.control;
  }, 60_000);

  afterAll(async () => {
    if (agent.exitCode === null) {
      agent.kill('SIGKILL');
      await once(agent, 'exit');
    }
    await qan.listener.close();
  }, 30_000);

  it('heartbeats the health report and syncs its EKS', async () => {
    const sync = await qan.next((p) => p.type === 'EKS_SYNC');
    expect(sync.type === 'EKS_SYNC' && sync.body.status.state).toBe('stable');
    expect(sync.type === 'EKS_SYNC' && sync.body.keyIds.length).toBeGreaterThan(0);
    const beat = await qan.next((p) => p.type === 'HEARTBEAT' && p.body.report.eksOk);
    expect(beat.type === 'HEARTBEAT' && beat.body.report).toMatchObject({
      eksOk: true,
      fidelity1qPpm: 1_000_000,
      fidelity2qPpm: 1_000_000,
      faults: [],
    });
    expect(beat.header.source).toMatch(/^[0-9a-f]{16}$/);
    expect(beat.header.destination).toBe('qan');
  });

  it('executes a submitted circuit and answers with counts only', async () => {
    const id = 'ab'.repeat(16);
    qan.session!.send(jobSubmit('rigel', BELL, 500, id));
    const result = await qan.next((p) => p.type === 'JOB_RESULT');
    expect(result.type).toBe('JOB_RESULT');
    if (result.type !== 'JOB_RESULT') return;
    expect(result.body.jobId).toBe(id);
    expect(result.body.shots).toBe(500);
    expect(result.body.counts.map((c) => c.bits)).toEqual(['00', '11']);
    expect(result.body.counts.reduce((s, c) => s + c.count, 0)).toBe(500);
  });

  it('NACKs a program it cannot run, with the parse error position', async () => {
    const id = 'cd'.repeat(16);
    qan.session!.send(jobSubmit('rigel', 'OPENQASM 2.0;\nqreg q[2];\nfoo q;', 10, id));
    const nack = await qan.next((p) => p.type === 'NACK' && p.body.nackOf === id);
    expect(nack.type === 'NACK' && nack.body.code).toBe('EXECUTION_FAILED');
    expect(nack.type === 'NACK' && nack.body.detail).toMatch(/^UNKNOWN_GATE at 3:1/);
  });

  it('NACKs a program wider than the node as UNSUPPORTED JOB_TOO_LARGE', async () => {
    const id = 'ce'.repeat(16);
    qan.session!.send(jobSubmit('rigel', 'OPENQASM 2.0;\nqreg q[9];', 10, id));
    const nack = await qan.next((p) => p.type === 'NACK' && p.body.nackOf === id);
    expect(nack.type === 'NACK' && nack.body.code).toBe('UNSUPPORTED');
    expect(nack.type === 'NACK' && nack.body.detail).toMatch(
      /^JOB_TOO_LARGE TOO_MANY_QUBITS at 2:6/,
    );
  });

  it('refuses control requests without the token, with another token, or not in JSON', async () => {
    const url = `http://127.0.0.1:${control}`;
    const none = await fetch(`${url}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"cryostat":true}',
    });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { code: string }).code).toBe('TOKEN_REQUIRED');
    const wrong = await controlFetch('ff'.repeat(32), `${url}/faults`, {
      method: 'POST',
      body: '{"cryostat":true}',
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('TOKEN_INVALID');
    // What a cross-site page can send without a preflight: text/plain.
    const plain = await controlFetch(token, `${url}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: '{"cryostat":true}',
    });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await fetch(`${url}/health`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const health = (await (await controlFetch(token, `${url}/health`)).json()) as {
      faults: { cryostat: boolean };
    };
    expect(health.faults.cryostat).toBe(false);
  });

  it('serves metrics that promtool passes, process metrics prefixed once', async () => {
    await qan.next((p) => p.type === 'EKS_SYNC');
    const res = await controlFetch(token, `http://127.0.0.1:${control}/metrics`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const names = typedMetricNames(body);
    expect(names).toContain('qcos_dqn_process_cpu_seconds_total');
    expect(names).toContain('qcos_dqn_qkd_qber');
    expect(names).toContain('qcos_dqn_qkd_secret_key_bytes_total');
    expect(
      names.filter((n) => !n.startsWith('qcos_dqn_') || n.includes('process_process')),
    ).toEqual([]);
    expect(promtoolCheckMetrics(body)).toEqual({ status: 0, problems: '' });
  });

  it('loses its EKS when an eavesdropper is injected through the control endpoint', async () => {
    const from = qan.received.length;
    const res = await controlFetch(token, `http://127.0.0.1:${control}/faults`, {
      method: 'POST',
      body: JSON.stringify({ eavesdropper: 0.5, cryostat: true }),
    });
    expect(res.status).toBe(200);
    const sync = await qan.next((p) => p.type === 'EKS_SYNC', from);
    expect(sync.type === 'EKS_SYNC' && sync.body).toEqual({
      status: { state: 'lost', lastSyncMs: expect.any(Number), reason: 'EAVESDROPPER_DETECTED' },
      keyIds: [],
      round: expect.any(Number),
      // The link the round ran over travels with it: the injected eavesdropper included.
      link: expect.objectContaining({ eavesdropperPpm: 500_000 }),
    });
    // A heartbeat already on its way may still say eksOk; the first one that does not must carry the reason.
    const beat = await qan.next((p) => p.type === 'HEARTBEAT' && !p.body.report.eksOk, from);
    expect(beat.type === 'HEARTBEAT' && beat.body.report).toMatchObject({
      eksOk: false,
      eksLossReason: 'EAVESDROPPER_DETECTED',
      faults: ['CRYOSTAT'],
    });
    const health = (await (
      await controlFetch(token, `http://127.0.0.1:${control}/health`)
    ).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ alias: 'rigel', connected: true, eks: { state: 'lost' } });
  });

  it('stops cleanly on SIGTERM', async () => {
    agent.kill('SIGTERM');
    const [code] = await once(agent, 'exit');
    const stderr = log();
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('"event":"stopped"');
  });

  it('refuses to start without a control token', async () => {
    const bare = spawnService(
      ENTRY,
      [
        ...['--alias', 'rigel', '--scope', 'eu-west', '--connect', '127.0.0.1:9'],
        '--insecure-transport',
      ],
      { QCOS_IDENTITY_SEED: '11'.repeat(32) },
    );
    const [code] = await once(bare.child, 'exit');
    expect(code).toBe(2);
    expect(bare.log()).toMatch(/control endpoint needs a token/);
  });
});
