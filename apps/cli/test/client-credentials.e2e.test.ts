import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEVNET_MASTER_SAE,
  type DevnetCredentials,
  issueDevnetCredentials,
} from '../src/devnet/credentials.js';

const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const QAN = fileURLToPath(new URL('../../qan/dist/index.js', import.meta.url));

let qan: ChildProcess;
let dataDir: string;
let credentials: DevnetCredentials;

/** Runs `qcos …` with a clean environment (no token or URL from the caller's shell). */
function qcos(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: join(dataDir, 'config') };
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'qcos-cli-creds-'));
  credentials = await issueDevnetCredentials(dataDir, ['rigel']);
  const config = join(dataDir, 'qan.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      ...credentials.qanConfig,
      dataDir: join(dataDir, 'qan'),
      listen: '127.0.0.1:0',
      http: '127.0.0.1:0',
      etsi014Listen: '127.0.0.1:0',
      peers: [{ role: 'dqn', name: 'rigel', publicKey: '00'.repeat(32), scopes: ['eu-west'] }],
      // Resource contracts are folded from the first block.
      protocol: 3,
    }),
    { mode: 0o600 },
  );
  qan = spawn(process.execPath, [QAN, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<{ http: number; etsi014: number }>((resolve, reject) => {
    let out = '';
    qan.stdout?.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.includes('"ready"'));
      if (line !== undefined) resolve(JSON.parse(line));
    });
    qan.once('exit', (code) => reject(new Error(`qan exited ${code}`)));
  });
  credentials.writeContext(`http://127.0.0.1:${ready.http}`, `https://127.0.0.1:${ready.etsi014}`);
}, 60_000);

afterAll(async () => {
  if (qan?.exitCode === null) {
    const exited = new Promise((r) => qan.once('exit', r));
    qan.kill('SIGTERM');
    await exited;
  }
});

describe('qcos client commands with the devnet credentials', () => {
  it('writes every credential owner-only', () => {
    const dir = join(dataDir, 'credentials');
    for (const f of [
      'context.json',
      'api-credentials.json',
      'kme.key',
      `sae-${DEVNET_MASTER_SAE}.key`,
    ])
      expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    // The QAN's file holds digests only, never a token.
    const context = JSON.parse(readFileSync(join(dir, 'context.json'), 'utf8'));
    const stored = readFileSync(join(dir, 'api-credentials.json'), 'utf8');
    for (const token of Object.values(context.tokens) as string[])
      expect(stored).not.toContain(token);
  });

  it('reads the registry with the context token, and is refused without it', async () => {
    const ok = await qcos('nodes', '--json', '--data-dir', dataDir);
    expect([ok.code, JSON.parse(ok.stdout).height]).toEqual([0, 0]);
    const context = JSON.parse(readFileSync(join(dataDir, 'credentials', 'context.json'), 'utf8'));
    const anonymous = await qcos('nodes', '--json', '--qan', context.qan);
    expect([anonymous.code, JSON.parse(anonymous.stdout).error.code]).toEqual([
      1,
      'TOKEN_REQUIRED',
    ]);
  });

  it('asks the KME for key status over mutual TLS as the master SAE', async () => {
    const file = join(dataDir, 'credentials', 'context.json');
    const status = await qcos('keys', 'status', 'rigel', '--json', '--credentials', file);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject([
      { master_SAE_ID: DEVNET_MASTER_SAE, slave_SAE_ID: 'rigel', stored_key_count: 0 },
    ]);
    const asSlave = await qcos(
      'keys',
      'status',
      'rigel',
      '--json',
      '--sae',
      'rigel',
      '--credentials',
      file,
    );
    expect([asSlave.code, JSON.parse(asSlave.stdout).error.code]).toEqual([1, 'SAE_NOT_PAIRED']);
  });

  it('requests, reads, cancels and runs contracts, each answer the fold’s', async () => {
    const at = ['--data-dir', dataDir];
    const request = [
      'contracts',
      'request',
      '--kind',
      'LINK',
      '--participants',
      'rigel,sirius',
      '--scopes',
      'eu-west',
      ...at,
    ];
    // rigel never connected: it is not in the registry, so the fold rejects the contract.
    const made = await qcos(...request);
    const id = /^contract (\d+) REJECTED PARTICIPANT_UNAVAILABLE \(rigel\)\n$/.exec(
      made.stdout,
    )?.[1];
    expect([made.code, id !== undefined], made.stderr).toEqual([3, true]);
    const got = await qcos('contracts', 'get', String(id), '--json', ...at);
    expect(JSON.parse(got.stdout)).toMatchObject({
      id: Number(id),
      state: 'REJECTED',
      alias: 'rigel',
    });
    const cancel = await qcos('contracts', 'cancel', String(id), '--json', ...at);
    expect([cancel.code, JSON.parse(cancel.stdout).error.code]).toEqual([1, 'CONTRACT_ENDED']);
    const run = await qcos(
      'contracts',
      'run',
      String(id),
      '--use',
      'CHSH',
      '--pairs',
      '10',
      '--json',
      ...at,
    );
    expect([run.code, JSON.parse(run.stdout).error.code]).toEqual([1, 'CONTRACT_RUN_UNAVAILABLE']);
    const reservations = await qcos('reservations', 'rigel', '--json', ...at);
    expect([reservations.code, JSON.parse(reservations.stdout).error.code]).toEqual([
      1,
      'NODE_NOT_FOUND',
    ]);
    const usage = await qcos('contracts', 'request', '--participants', 'a,b', ...at);
    expect([usage.code, usage.stderr]).toEqual([
      2,
      expect.stringContaining('flag --kind must be one of LINK, WINDOW'),
    ]);
  });

  it('records an agent’s control endpoint in the context, and its new one after a restart', () => {
    const file = join(dataDir, 'credentials', 'context.json');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    const tokenFile = join(dataDir, 'tokens', 'rigel.token');
    credentials.recordAgent('rigel', 'http://127.0.0.1:1111', tokenFile);
    credentials.recordAgent('rigel', 'http://127.0.0.1:2222', tokenFile);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.agents).toStrictEqual({
      rigel: { control: 'http://127.0.0.1:2222', tokenFile: '../tokens/rigel.token' },
    });
    // The rest of the context is kept as it was, and the file stays owner-only.
    expect({ ...after, agents: undefined }).toStrictEqual({ ...before, agents: undefined });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a context file others may read', async () => {
    const file = join(dataDir, 'credentials', 'context.json');
    chmodSync(file, 0o644);
    const r = await qcos('nodes', '--json', '--credentials', file);
    chmodSync(file, 0o600);
    expect([r.code, JSON.parse(r.stdout).error.code]).toEqual([1, 'CONFIG_FILE_PERMISSIONS']);
  });
});
