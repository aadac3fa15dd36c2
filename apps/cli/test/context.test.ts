import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let config: string;
let work: string;

/** Runs `qcos …` with its config under a fresh XDG_CONFIG_HOME and only the given variables. */
function qcos(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 10_000,
    cwd: work,
    env: { PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: config, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, unknown>;

/** Ports on 127.0.0.1 nothing listens on: which one a refusal names shows which QAN was chosen. */
async function closedPorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = [];
  for (const server of servers) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as { port: number }).port);
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** The QAN a `qcos nodes` call tried, from its API_UNREACHABLE error. */
function qanTried(args: string[], env: Record<string, string> = {}): string {
  const r = qcos(['nodes', '--json', ...args], env);
  const error = json(r)['error'] as { code: string; details: { url: string } };
  expect(error.code, r.stdout).toBe('API_UNREACHABLE');
  return error.details.url;
}

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'qcos-contexts-'));
  config = join(root, 'config');
  work = root;
});

describe('qcos context', () => {
  it('adds, lists, selects, shows and removes contexts, owner-only', () => {
    const add = qcos([
      'context',
      'add',
      'lab',
      '--qan',
      'http://127.0.0.1:8400/',
      '--credentials',
      'creds/context.json',
      '--description',
      'the lab devnet',
      '--json',
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(json(add)).toStrictEqual({
      name: 'lab',
      qan: 'http://127.0.0.1:8400',
      credentials: join(work, 'creds', 'context.json'),
      description: 'the lab devnet',
      selected: false,
    });
    expect(qcos(['context', 'add', 'prod', '--qan', 'https://qan.example.org']).code).toBe(0);
    const dir = join(config, 'qcos');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'contexts')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'contexts', 'lab.json')).mode & 0o777).toBe(0o600);

    expect(qcos(['context', 'select', 'prod']).code).toBe(0);
    expect(statSync(join(dir, 'selected-context')).mode & 0o777).toBe(0o600);
    const ls = qcos(['context', 'ls']);
    expect(ls.stdout).toMatch(/\n +lab +http:\/\/127\.0\.0\.1:8400 /);
    expect(ls.stdout).toMatch(/\n\* +prod +https:\/\/qan\.example\.org/);
    expect(json(qcos(['context', 'ls', '--json']))['selected']).toBe('prod');
    expect(qcos(['context', 'show']).stdout).toMatch(/^context prod \(selected\)\n {2}qan +https:/);
    expect(qcos(['context', 'show', 'lab']).stdout).toContain('description  the lab devnet');

    const rm = qcos(['context', 'rm', 'prod']);
    expect(rm.code).toBe(0);
    expect(existsSync(join(dir, 'contexts', 'prod.json'))).toBe(false);
    expect(existsSync(join(dir, 'selected-context'))).toBe(false);
    const none = qcos(['context', 'show', '--json']);
    expect(none.code).toBe(1);
    expect(json(none)).toMatchObject({ error: { code: 'CONTEXT_NOT_FOUND' } });
  });

  it('never stores a token: only the QAN, the credentials path and a description', () => {
    qcos(['context', 'add', 'lab', '--qan', 'http://127.0.0.1:8400', '--credentials', 'c.json']);
    const stored = JSON.parse(readFileSync(join(config, 'qcos', 'contexts', 'lab.json'), 'utf8'));
    expect(Object.keys(stored).sort()).toEqual(['credentials', 'qan']);
    // A context file someone put a token into is refused rather than half-read.
    writeFileSync(
      join(config, 'qcos', 'contexts', 'lab.json'),
      JSON.stringify({ ...stored, token: 'secret' }),
    );
    const r = qcos(['context', 'show', 'lab', '--json']);
    expect(r.code).toBe(1);
    expect(json(r)).toMatchObject({ error: { code: 'CONTEXT_INVALID', details: { name: 'lab' } } });
  });

  it('refuses bad names with CONTEXT_INVALID and unknown ones with CONTEXT_NOT_FOUND', () => {
    for (const name of ['../escape', 'a b', 'x'.repeat(65), '']) {
      const r = qcos(['context', 'add', name, '--qan', 'http://127.0.0.1:8400', '--json']);
      expect(r.code, name).toBe(1);
      expect(json(r), name).toMatchObject({ error: { code: 'CONTEXT_INVALID' } });
    }
    expect(qcos(['context', 'add', 'x'.repeat(64), '--qan', 'http://127.0.0.1:1']).code).toBe(0);
    for (const args of [
      ['context', 'select', 'ghost'],
      ['context', 'rm', 'ghost'],
      ['context', 'show', 'ghost'],
      ['nodes', '--context', 'ghost'],
    ]) {
      const r = qcos([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(1);
      expect(json(r), args.join(' ')).toMatchObject({
        error: { code: 'CONTEXT_NOT_FOUND', details: { name: 'ghost' } },
      });
    }
  });

  it('refuses a context without an http(s) QAN as a usage error naming --qan', () => {
    const r = qcos(['context', 'add', 'lab', '--qan', 'qan.example.org', '--json']);
    expect(r.code).toBe(2);
    expect(json(r)).toMatchObject({ error: { code: 'USAGE', details: { flag: 'qan' } } });
    expect(qcos(['context', 'add', 'lab', '--json']).code).toBe(2);
  });

  it('applies the precedence: flags > --context > environment > selected context', async () => {
    const [flag, named, envPort, selected, fromFile] = await closedPorts(5);
    const url = (port: number | undefined) => `http://127.0.0.1:${port}`;
    const credentials = join(work, 'context.json');
    writeFileSync(credentials, JSON.stringify({ qan: url(fromFile), tokens: {}, saes: {} }), {
      mode: 0o600,
    });
    qcos(['context', 'add', 'named', '--qan', url(named)]);
    qcos(['context', 'add', 'chosen', '--qan', url(selected), '--select']);
    const env = { QCOS_QAN_URL: url(envPort) };
    expect(qanTried(['--qan', url(flag), '--context', 'named'], env)).toBe(url(flag));
    expect(qanTried(['--context', 'named'], env)).toBe(url(named));
    expect(qanTried([], env)).toBe(url(envPort));
    expect(qanTried([])).toBe(url(selected));
    // A credentials file given as a flag brings its own QAN at the flag's rank.
    expect(qanTried(['--credentials', credentials], env)).toBe(url(fromFile));
    // From the environment, its QAN ranks below $QCOS_QAN_URL but above the selected context.
    expect(qanTried([], { ...env, QCOS_CREDENTIALS: credentials })).toBe(url(envPort));
    expect(qanTried([], { QCOS_CREDENTIALS: credentials })).toBe(url(fromFile));
  });

  it('refuses an invalid $QCOS_QAN_URL as a usage error naming it', () => {
    const r = qcos(['nodes', '--json'], { QCOS_QAN_URL: 'localhost:8400' });
    expect(r.code).toBe(2);
    expect(json(r)).toMatchObject({
      error: { code: 'USAGE', message: expect.stringMatching(/^\$QCOS_QAN_URL must be an http/) },
    });
  });
});
