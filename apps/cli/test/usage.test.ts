import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: '/nonexistent-qcos-config' },
  });

const COMMANDS = [
  'devnet',
  'nodes',
  'resolve',
  'submit',
  'fault',
  'keys',
  'contracts',
  'reservations',
  'log',
  'members',
  'genesis',
  'operator',
  'snapshot',
  'context',
];

/** A port on 127.0.0.1 nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('qcos version and help', () => {
  it('prints its package version for --version and version', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    for (const args of [['--version'], ['version']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toBe(`qcos ${version}\n`);
    }
  });

  it('keeps the top-level usage a short index naming every command once', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^qcos — QCOS network command line/);
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n  ${command} +\\S`));
    expect(r.stdout.split('\n').length).toBeLessThan(30);
    expect(run('help').stdout).toBe(r.stdout);
  });

  it('prints a command’s own usage for `qcos <command> --help` and `qcos help <command>`', () => {
    for (const command of COMMANDS) {
      const flag = run(command, '--help');
      expect(flag.status, command).toBe(0);
      expect(flag.stdout, command).toMatch(new RegExp(`^qcos ${command} — `));
      expect(flag.stdout, command).toContain(`usage:\n  qcos ${command}`);
      expect(flag.stdout, command).toContain('examples:\n  qcos ');
    }
    for (const command of ['nodes', 'fault', 'context'])
      expect(run('help', command).stdout, command).toBe(run(command, '--help').stdout);
  });

  it('lists each flag with its meaning, range and default', () => {
    const r = run('help', 'nodes');
    expect(r.stdout).toMatch(/--watch +keep showing the registry as it changes/);
    expect(r.stdout).toMatch(
      /--interval-ms N +how often --watch polls the QAN \(integer 100\.\.60000; default 1000\)/,
    );
    expect(r.stdout).toMatch(/--context NAME +a context saved with/);
    expect(r.stdout).toContain('--context NAME  >  $QCOS_QAN_URL');
    const devnet = run('help', 'devnet').stdout;
    expect(devnet).toMatch(/--scenario default\|none +.*\(default default\)/);
    expect(devnet).not.toContain('--context');
  });

  it('prints the help even when other flags are wrong', () => {
    const r = run('nodes', '--jsno', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^qcos nodes — /);
  });
});

describe('qcos usage errors (exit 2, naming the flag)', () => {
  it('refuses an unknown command', () => {
    const r = run('teleport');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('qcos: USAGE: unknown command "teleport" (qcos help lists them)\n');
    const help = run('help', 'teleport');
    expect(help.status).toBe(2);
    expect(help.stderr).toContain('unknown command "teleport"');
  });

  it('refuses an unknown flag and suggests the one meant', () => {
    const r = run('nodes', '--jsno');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'qcos: USAGE: unknown flag --jsno for "qcos nodes" (did you mean --json?)\n',
    );
    const far = run('members', '--frobnicate');
    expect(far.status).toBe(2);
    expect(far.stderr).toBe('qcos: USAGE: unknown flag --frobnicate for "qcos members"\n');
  });

  it('refuses a flag of another command', () => {
    const r = run('members', '--watch');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown flag --watch for "qcos members"');
  });

  it('names the flag and the expected form of a value that does not parse or is out of range', () => {
    const bad = run('nodes', '--watch', '--interval-ms', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'qcos: USAGE: flag --interval-ms of "qcos nodes" expects an integer in 100..60000, got "soon"\n',
    );
    const low = run('log', '--limit=0');
    expect(low.status).toBe(2);
    expect(low.stderr).toContain(
      'flag --limit of "qcos log" expects an integer in 1..100, got "0"',
    );
    const level = run('operator', 'trust', 'grant', 'k', '--level', 'high', '--json');
    expect(level.status).toBe(2);
    expect(JSON.parse(level.stdout)).toMatchObject({
      error: { code: 'USAGE', details: { flag: 'level' } },
    });
  });

  it('refuses a switch given a value and a flag without one', () => {
    const r = run('nodes', '--watch=yes');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('flag --watch of "qcos nodes" takes no value');
    const missing = run('nodes', '--qan');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('flag --qan of "qcos nodes" needs a value');
  });

  it('refuses a --qan that is not an http(s) URL with a host', () => {
    for (const url of ['127.0.0.1:8400', 'ftp://127.0.0.1', 'http://']) {
      const r = run('nodes', '--qan', url, '--json');
      expect(r.status, url).toBe(2);
      expect(JSON.parse(r.stdout), url).toMatchObject({
        error: { code: 'USAGE', details: { flag: 'qan' } },
      });
      expect(JSON.parse(r.stdout).error.message).toMatch(/^--qan must be an http\(s\) URL/);
    }
  });
});

describe('an unreachable QAN', () => {
  it('says which QAN did not answer and how to point at another (exit 1)', async () => {
    const port = await closedPort();
    const r = run('nodes', '--qan', `http://127.0.0.1:${port}`);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `qcos: API_UNREACHABLE: cannot reach the QAN at http://127.0.0.1:${port} (connection refused); point --qan, QCOS_QAN_URL or a context at a running QAN\n`,
    );
  });

  it('says so too for a port fetch refuses to use', () => {
    const r = run('members', '--qan', 'http://127.0.0.1:1', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toStrictEqual({
      error: {
        code: 'API_UNREACHABLE',
        message:
          'cannot reach the QAN at http://127.0.0.1:1 (a port fetch refuses to connect to); point --qan, QCOS_QAN_URL or a context at a running QAN',
        details: { url: 'http://127.0.0.1:1' },
      },
    });
  });
});
