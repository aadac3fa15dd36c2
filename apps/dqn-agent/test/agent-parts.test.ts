import { type ControlServer, startControlServer } from '@qcos/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { agentControlRoutes } from '../src/control-routes.js';
import { AgentError } from '../src/errors.js';
import { applyFaultPatch, type FaultState, NO_FAULTS, parseFaultPatch } from '../src/faults.js';
import { buildHealthReport } from '../src/health.js';
import { runJob } from '../src/job-runner.js';
import { loadAgentOptions } from '../src/options.js';
import { UtilisationMeter } from '../src/utilisation.js';

const SEED = 'ab'.repeat(32);
const TOKEN = 'cd'.repeat(24);

/** fetch with the control token and, for a body, the JSON content type. */
function call(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${TOKEN}`);
  if (init.body !== undefined && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  return fetch(url, { ...init, headers });
}
const BELL =
  'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];creg c[2];h q[0];cx q[0],q[1];measure q->c;';

describe('agent options', () => {
  it('parses the process contract flags with defaults', () => {
    const o = loadAgentOptions(
      [
        '--alias',
        'rigel',
        '--scope',
        'eu-west',
        '--qubits',
        '12',
        '--connect',
        '127.0.0.1:7000',
        '--control',
        '127.0.0.1:0',
        '--eavesdropper',
        '0.5',
        '--cryostat',
        '--heartbeats',
        'false',
        '--fidelity-drift',
        '-0.1',
      ],
      { QCOS_IDENTITY_SEED: SEED },
    );
    expect(o.alias).toBe('rigel');
    expect(o.qubits).toBe(12);
    expect(o.connect).toStrictEqual([{ host: '127.0.0.1', port: 7000 }]);
    expect(o.upstreamPublicKeys).toStrictEqual([]);
    expect(o.control.port).toBe(0);
    expect(o.identitySeed).toHaveLength(32);
    expect(o.jobs).toEqual({ workers: 1, maxQueued: 4 });
    expect(o.maxJobGates).toBe(1024);
    expect(o.faults).toEqual({
      cryostat: true,
      eavesdropper: 0.5,
      fidelityDrift: -0.1,
      heartbeats: false,
    });
    expect(o.heartbeatIntervalMs).toBe(5000);
    expect(o.nominal).toEqual({ fidelity1q: 0.999, fidelity2q: 0.99 });
  });

  it('takes settings from QCOS_ environment variables, flags winning', () => {
    const o = loadAgentOptions(['--alias', 'vega', '--qubits', '3'], {
      QCOS_SCOPE: 'us-east',
      QCOS_CONNECT: '[::1]:9',
      QCOS_IDENTITY_SEED: SEED,
      QCOS_QUBITS: '7',
    });
    expect(o.scope).toBe('us-east');
    expect(o.connect).toStrictEqual([{ host: '::1', port: 9 }]);
    expect(o.qubits).toBe(3);
  });

  it('takes several upstreams to fail over between, and several pinned keys', () => {
    const base = [
      '--alias',
      'a',
      '--scope',
      's',
      '--connect',
      '127.0.0.1:7400, [::1]:7401,qan-3.example:7402',
    ];
    const o = loadAgentOptions([...base, '--upstream-public-key', 'ab01,cd'], {
      QCOS_IDENTITY_SEED: SEED,
    });
    expect(o.connect).toStrictEqual([
      { host: '127.0.0.1', port: 7400 },
      { host: '::1', port: 7401 },
      { host: 'qan-3.example', port: 7402 },
    ]);
    expect(o.upstreamPublicKeys).toStrictEqual([
      new Uint8Array([0xab, 0x01]),
      new Uint8Array([0xcd]),
    ]);
  });

  it('refuses an upstream listed twice, more than 16, or one bad address among them', () => {
    const load = (connect: string) =>
      loadAgentOptions(['--alias', 'a', '--scope', 's', '--connect', connect], {
        QCOS_IDENTITY_SEED: SEED,
      });
    const refusal = (connect: string) => {
      try {
        load(connect);
      } catch (error) {
        return error as { code: string; field?: string; details?: unknown; message: string };
      }
      throw new Error('expected a refusal');
    };
    const twice = refusal('127.0.0.1:1,127.0.0.1:1');
    expect([twice.code, twice.details, twice.message]).toStrictEqual([
      'CONFIG_INVALID',
      { field: 'connect' },
      'connect: an address is listed twice',
    ]);
    const many = refusal(Array.from({ length: 17 }, (_, i) => `127.0.0.1:${i + 1}`).join(','));
    expect([many.code, many.details, many.message]).toStrictEqual([
      'CONFIG_INVALID',
      { field: 'connect' },
      'connect: at most 16 addresses',
    ]);
    expect(
      load(Array.from({ length: 16 }, (_, i) => `127.0.0.1:${i + 1}`).join(',')).connect,
    ).toHaveLength(16);
    expect(refusal('127.0.0.1:1,nope').code).toBe('INVALID_ADDRESS');
  });

  it('refuses seeds on the command line (they would show in ps)', () => {
    for (const flag of ['--identity-seed', '--vendor-seed']) {
      const argv = ['--alias', 'a', '--scope', 's', '--connect', 'x:1', flag, SEED];
      expect(() => loadAgentOptions(argv, { QCOS_IDENTITY_SEED: SEED })).toThrowError(
        expect.objectContaining({
          code: 'CONFIG_SECRET_ON_COMMAND_LINE',
          details: { field: flag === '--identity-seed' ? 'identitySeed' : 'vendorSeed' },
        }),
      );
    }
  });

  it('binds the control endpoint to loopback by default and takes no token on the command line', () => {
    const base = ['--alias', 'vega', '--scope', 'us-east', '--connect', '127.0.0.1:9'];
    const o = loadAgentOptions(base, { QCOS_IDENTITY_SEED: SEED });
    expect(o.control).toEqual({ host: '127.0.0.1', port: 0 });
    expect(o.controlTokenFile).toBeUndefined();
    expect(() =>
      loadAgentOptions([...base, '--control-token', TOKEN], { QCOS_IDENTITY_SEED: SEED }),
    ).toThrow(/control-?token|additional/i);
  });

  it.each([
    [['--scope', 'eu-west', '--connect', '127.0.0.1:1'], SEED, /alias/],
    [['--alias', 'Rigel', '--scope', 'eu-west', '--connect', 'x:1'], SEED, /alias/],
    [['--alias', 'a', '--scope', 's', '--connect', 'x:1', '--qubits', '21'], SEED, /qubits/],
    [['--alias', 'a', '--scope', 's', '--connect', 'x:1'], 'abc', /identitySeed/],
    [['--alias', 'a', '--scope', 's', '--connect', 'x:1', '--bogus', '1'], SEED, /bogus/],
    [['--alias', 'a', '--scope', 's', '--connect', 'nope'], SEED, /host:port/],
  ])('rejects a bad configuration %#', (argv, seed, message) => {
    expect(() => loadAgentOptions(argv, { QCOS_IDENTITY_SEED: seed })).toThrowError(message);
  });
});

describe('faults and health report', () => {
  it('validates fault patches field by field', () => {
    expect(parseFaultPatch({ eavesdropper: 0.5 })).toEqual({ eavesdropper: 0.5 });
    expect(parseFaultPatch({ cryostat: true, heartbeats: false })).toEqual({
      cryostat: true,
      heartbeats: false,
    });
    const fieldOf = (v: unknown): string => {
      try {
        parseFaultPatch(v);
        return 'none';
      } catch (e) {
        return e instanceof AgentError ? `${e.code}:${e.field}` : 'other';
      }
    };
    expect(fieldOf({ eavesdropper: 2 })).toBe('INVALID_FAULT:eavesdropper');
    expect(fieldOf({ cryostat: 'yes' })).toBe('INVALID_FAULT:cryostat');
    expect(fieldOf({ fidelityDrift: Number.NaN })).toBe('INVALID_FAULT:fidelityDrift');
    expect(fieldOf({ typo: 1 })).toBe('INVALID_FAULT:typo');
    expect(fieldOf([1])).toBe('INVALID_FAULT:$');
  });

  it('reports EKS loss with its reason, drifted fidelity in ppm and faults', () => {
    const faults: FaultState = applyFaultPatch(NO_FAULTS, { cryostat: true, fidelityDrift: -0.1 });
    const report = buildHealthReport({
      eks: { state: 'lost', lastSyncMs: 1_700_000_000_000, reason: 'EAVESDROPPER_DETECTED' },
      nominal: { fidelity1q: 0.999, fidelity2q: 0.99 },
      faults,
      utilisationPct: 12.6,
    });
    expect(report).toEqual({
      eksOk: false,
      eksLossReason: 'EAVESDROPPER_DETECTED',
      eksLastSyncMs: 1_700_000_000_000,
      fidelity1qPpm: 899_000,
      fidelity2qPpm: 890_000,
      utilisationPct: 13,
      faults: ['CRYOSTAT'],
    });
    const ok = buildHealthReport({
      eks: { state: 'stable', lastSyncMs: 5, keyBitsAvailable: 100 },
      nominal: { fidelity1q: 1, fidelity2q: 0.98 },
      faults: applyFaultPatch(NO_FAULTS, { fidelityDrift: 0.5 }),
      utilisationPct: 0,
    });
    expect(ok).toEqual({
      eksOk: true,
      eksLastSyncMs: 5,
      fidelity1qPpm: 1_000_000,
      fidelity2qPpm: 1_000_000,
      utilisationPct: 0,
      faults: [],
    });
    expect('eksLossReason' in ok).toBe(false);
  });

  it('measures utilisation over the window since the last reading', () => {
    const meter = new UtilisationMeter(1000);
    meter.recordBusy(250);
    expect(meter.take(2000)).toBe(25);
    expect(meter.take(3000)).toBe(0);
  });
});

describe('runJob', () => {
  const node = {
    qubits: 5,
    nominal: { fidelity1q: 1, fidelity2q: 1 },
    readoutError: 0,
    faults: NO_FAULTS,
    seed: new Uint8Array(32).fill(3),
  };

  it('returns counts only', () => {
    const outcome = runJob({ jobId: 'j1', program: BELL, shots: 100 }, node);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(Object.keys(outcome.counts).sort()).toEqual(['00', '11']);
      expect(Object.keys(outcome)).toEqual(['ok', 'counts', 'shots']);
    }
  });

  it('turns program, capacity and fault problems into typed failures', () => {
    expect(runJob({ jobId: 'j', program: 'OPENQASM 2.0;\nfoo;', shots: 1 }, node)).toMatchObject({
      ok: false,
      code: 'UNKNOWN_GATE',
      line: 2,
      column: 1,
    });
    expect(
      runJob({ jobId: 'j', program: 'OPENQASM 2.0; qreg q[6];', shots: 1 }, node),
    ).toMatchObject({ ok: false, code: 'TOO_MANY_QUBITS' });
    expect(runJob({ jobId: 'j', program: BELL, shots: 0 }, node)).toMatchObject({
      ok: false,
      code: 'INVALID_SHOTS',
    });
    expect(
      runJob(
        { jobId: 'j', program: BELL, shots: 1 },
        { ...node, faults: { ...NO_FAULTS, cryostat: true } },
      ),
    ).toMatchObject({ ok: false, code: 'CRITICAL_FAULT' });
  });

  it('simulates with the drifted fidelity', () => {
    const drifted = runJob(
      { jobId: 'j', program: BELL, shots: 4000 },
      { ...node, faults: { ...NO_FAULTS, fidelityDrift: -0.5 } },
    );
    expect(drifted.ok && (drifted.counts['01'] ?? 0) + (drifted.counts['10'] ?? 0)).toBeGreaterThan(
      400,
    );
  });
});

describe('control endpoint', () => {
  let server: ControlServer | undefined;
  let faults: FaultState = NO_FAULTS;
  afterEach(async () => {
    await server?.close();
    faults = NO_FAULTS;
  });
  const start = async () => {
    server = await startControlServer({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      routes: agentControlRoutes({
        health: () => ({ alias: 'rigel', faults }),
        setFaults: (patch) => (faults = applyFaultPatch(faults, patch)),
      }),
    });
    return `http://127.0.0.1:${server.port}`;
  };

  it('serves GET /health and applies POST /faults', async () => {
    const base = await start();
    const posted = await call(`${base}/faults`, { method: 'POST', body: '{"eavesdropper":0.5}' });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ faults: { ...NO_FAULTS, eavesdropper: 0.5 } });
    const health = await call(`${base}/health`);
    expect(await health.json()).toEqual({
      alias: 'rigel',
      faults: { ...NO_FAULTS, eavesdropper: 0.5 },
    });
  });

  it('answers bad requests with typed 4xx errors', async () => {
    const base = await start();
    const bad = await call(`${base}/faults`, { method: 'POST', body: '{"cryostat":1}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'INVALID_FAULT',
      details: { field: 'cryostat' },
    });
    const notJson = await call(`${base}/faults`, { method: 'POST', body: '{' });
    expect((await notJson.json()).code).toBe('INVALID_JSON');
    const big = await call(`${base}/faults`, { method: 'POST', body: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
    expect((await call(`${base}/faults`)).status).toBe(405);
    expect((await call(`${base}/nope`)).status).toBe(404);
    expect(faults).toEqual(NO_FAULTS);
  });
});
