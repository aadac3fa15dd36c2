import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveNodeKeys, toHex } from '@qcos/identity';
import { decodeSnapshot, stateRoot } from '@qcos/registry-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const QAN = fileURLToPath(new URL('../../qan/dist/index.js', import.meta.url));
const QAN_SEED = '07'.repeat(32);
/** The operator's bearer token for the QAN's API (tests only); the QAN stores its SHA-256. */
const OPERATOR_TOKEN = `op-${'5'.repeat(40)}`;
/** No URL, credentials or saved context from the caller's shell: only the test's token. */
const { QCOS_QAN_URL: _url, QCOS_CREDENTIALS: _credentials, ...callerEnv } = process.env;
const withToken = {
  ...callerEnv,
  QCOS_API_TOKEN: OPERATOR_TOKEN,
  XDG_CONFIG_HOME: join(tmpdir(), 'qcos-ops-no-config'),
};

describe('qcos genesis and qcos operator against a real QAN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qcos-ops-'));
  const operatorSeed = join(dir, 'operator.seed');
  let qan: ChildProcess | undefined;
  let url = '';
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args, '--qan', url, '--json'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: withToken,
    });
  /** The commands that talk to no QAN (genesis, snapshot) take no --qan. */
  const runLocal = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', timeout: 30_000 });
  const json = (r: ReturnType<typeof run>) => JSON.parse(r.stdout) as Record<string, unknown>;

  beforeAll(async () => {
    const key = json(run('operator', 'key', '--seed-file', operatorSeed));
    const qanPublicKey = toHex(deriveNodeKeys(Buffer.from(QAN_SEED, 'hex')).signingKey.publicKey);
    const genesis = runLocal(
      'genesis',
      'create',
      '--network-id',
      'opsnet',
      '--anchor-seed-file',
      join(dir, 'anchor.seed'),
      '--out',
      join(dir, 'genesis.qgd'),
      '--qans',
      qanPublicKey,
      '--operators',
      String(key.publicKey),
      '--operator-level',
      '0.9',
    );
    expect(genesis.status, genesis.stderr).toBe(0);
    const credentialsFile = join(dir, 'api-credentials.json');
    const tokenSha256 = createHash('sha256').update(OPERATOR_TOKEN).digest('hex');
    const principals = [{ name: 'ops', roles: ['operator'], tokenSha256 }];
    writeFileSync(credentialsFile, JSON.stringify({ principals }), { mode: 0o600 });
    const config = join(dir, 'qan.json');
    writeFileSync(
      config,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        networkId: 'opsnet',
        genesisFile: join(dir, 'genesis.qgd'),
        credentialsFile,
        identitySeed: QAN_SEED,
        listen: '127.0.0.1:0',
        http: '127.0.0.1:0',
        blockIntervalMs: 50,
        snapshotEvery: 2,
        logLevel: 'silent',
      }),
      { mode: 0o600 },
    );
    const child = spawn(process.execPath, [QAN, '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    qan = child;
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
        const line = out.split('\n').find((l) => l.includes('"ready"'));
        if (line !== undefined) resolve(`http://127.0.0.1:${JSON.parse(line).http}`);
      });
      child.once('exit', (code) => reject(new Error(`qan exited ${code}`)));
    });
  });
  afterAll(() => {
    qan?.kill('SIGTERM');
  });

  it('genesis create and operator key write owner-only seed files', () => {
    for (const f of ['anchor.seed', 'operator.seed'])
      expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
  });

  it('grants and revokes a trust edge; qcos log shows each action and its signer', () => {
    const trustee = toHex(deriveNodeKeys(Buffer.alloc(32, 9)).signingKey.publicKey);
    const grant = run(
      'operator',
      'trust',
      'grant',
      trustee,
      '--role',
      'qan',
      '--level',
      '0.8',
      '--seed-file',
      operatorSeed,
    );
    expect(grant.status, grant.stderr).toBe(0);
    expect(json(grant)).toMatchObject({ kind: 'TRUST_EDGE', seq: 1 });
    const revoke = run(
      'operator',
      'trust',
      'revoke',
      trustee,
      '--role',
      'qan',
      '--seed-file',
      operatorSeed,
    );
    expect(json(revoke)).toMatchObject({ kind: 'TRUST_EDGE', seq: 2 });
    const signer = json(grant).signer;
    const members = json(run('members'));
    expect(members.members).toContainEqual(
      expect.objectContaining({ quid: signer, role: 'OPERATOR', mayAct: true, lastSeq: 2 }),
    );
    const log = spawnSync(process.execPath, [CLI, 'log', '--qan', url], {
      encoding: 'utf8',
      env: withToken,
    });
    expect(log.stdout).toMatch(
      new RegExp(`OPERATOR_ACTION TRUST_EDGE QAN level 0.8 signed by ${signer} seq 1`),
    );
    expect(log.stdout).toMatch(
      new RegExp(`OPERATOR_ACTION TRUST_EDGE QAN level 0 signed by ${signer} seq 2`),
    );
  });

  it('changes the policy as its next version', () => {
    const r = run('operator', 'policy', '--hysteresis', '4', '--seed-file', operatorSeed);
    expect(r.status, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ kind: 'POLICY' });
    expect(json(run('members')).policy).toMatchObject({ version: 2, hysteresisHeartbeats: 4 });
    const bad = run('operator', 'policy', '--min-fidelity', '2', '--seed-file', operatorSeed);
    expect(bad.status).toBe(2);
    expect(json(bad)).toMatchObject({ error: { code: 'USAGE' } });
  });

  it('schedules protocol 2; later policies keep the schedule; blocks from its height carry a state root', () => {
    const half = run('operator', 'policy', '--protocol', '2', '--seed-file', operatorSeed);
    expect(half.status).toBe(2);
    expect(json(half)).toMatchObject({ error: { code: 'USAGE' } });
    const head = (
      json(run('log', '--from', '0', '--limit', '100')) as unknown as { height: number }[]
    )
      .map((b) => b.height)
      .reduce((a, b) => Math.max(a, b), 0);
    const at = head + 3;
    const schedule = run(
      'operator',
      'policy',
      '--protocol',
      '2',
      '--protocol-height',
      String(at),
      '--seed-file',
      operatorSeed,
    );
    expect(schedule.status, schedule.stderr).toBe(0);
    expect(json(schedule)).toMatchObject({ kind: 'POLICY', height: head + 1 });
    // A later change of thresholds keeps the schedule (leaving it out would be refused).
    const later = run('operator', 'policy', '--hysteresis', '5', '--seed-file', operatorSeed);
    expect(later.status, later.stderr).toBe(0);
    expect(json(run('members')).policy).toMatchObject({
      hysteresisHeartbeats: 5,
      protocol: 2,
      protocolHeight: at,
    });
    const third = run('operator', 'policy', '--hysteresis', '4', '--seed-file', operatorSeed);
    expect(json(third)).toMatchObject({ height: at });
    const blocks = json(run('log', '--from', String(head + 1), '--limit', '3')) as unknown as {
      height: number;
      version: number;
      stateRoot?: string;
    }[];
    expect(blocks.map((b) => [b.height, b.version])).toStrictEqual([
      [head + 1, 1],
      [head + 2, 1],
      [at, 2],
    ]);
    expect(blocks[2]?.stateRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(blocks[0]?.stateRoot).toBeUndefined();
  });

  it('qcos snapshot export writes the QAN’s newest snapshot, with its height and state root', () => {
    const out = join(dir, 'export.snapshot');
    const r = runLocal('snapshot', 'export', '--data-dir', join(dir, 'data'), '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const view = json(r);
    const state = decodeSnapshot(readFileSync(out));
    expect(view).toStrictEqual({ height: state.height, stateRoot: toHex(stateRoot(state)), out });
    expect(state.height % 2).toBe(0);
    expect(state.height).toBeGreaterThan(0);
    const missing = runLocal(
      'snapshot',
      'export',
      '--data-dir',
      join(dir, 'nowhere'),
      '--out',
      out,
    );
    expect(missing.status).toBe(1);
    expect(json(missing)).toMatchObject({ error: { code: 'FILE_UNREADABLE' } });
    const usage = runLocal('snapshot', 'export', '--out', out);
    expect(usage.status).toBe(2);
    expect(json(usage)).toMatchObject({ error: { code: 'USAGE' } });
  });

  it('maintenance of a node the registry does not hold is refused with the fold’s code', () => {
    const r = run('operator', 'maintenance', 'ghost', 'on', '--seed-file', operatorSeed);
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({
      error: {
        code: 'OPERATOR_ACTION_REFUSED',
        details: { status: 409, registryCode: 'RECORD_UNKNOWN_NODE' },
      },
    });
  });

  it('an operator command without the operator token is refused 401 TOKEN_REQUIRED', () => {
    const { QCOS_API_TOKEN: _, ...anonymous } = withToken;
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'operator',
        'maintenance',
        'ghost',
        'on',
        '--seed-file',
        operatorSeed,
        '--qan',
        url,
        '--json',
      ],
      { encoding: 'utf8', timeout: 30_000, env: anonymous },
    );
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({ error: { details: { status: 401 } } });
    expect(r.stdout).toContain('TOKEN_REQUIRED');
  });

  it('a seed file others may read is refused', () => {
    const loose = join(dir, 'loose.seed');
    writeFileSync(loose, `${'11'.repeat(32)}\n`, { mode: 0o644 });
    const r = run('operator', 'deregister', 'ghost', '--seed-file', loose);
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({
      error: {
        code: 'CONFIG_FILE_PERMISSIONS',
        details: { field: 'a signing seed', mode: '0644' },
      },
    });
  });
});
