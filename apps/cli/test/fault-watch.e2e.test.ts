import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, CLI, TEST_TIMINGS } from './run-devnet.js';

interface Node {
  alias: string;
  status: string;
  reason: string | null;
}

/** The fields of a node a change is made of. */
interface WatchedNode extends Node {
  reasonDetail?: string;
  avgFidelity: number;
  eks: { ok: boolean; lossReason?: string };
  connected?: boolean;
  via?: string;
}

let root: string;
let dataDir: string;
let credentials: string;
let devnet: ChildProcess;
let devnetOut = '';
/** Only what the tests give: no URL, token or context from the caller's shell. */
let env: NodeJS.ProcessEnv;

/** Runs `qcos …` to its end. */
function qcos(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
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
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

async function nodes(): Promise<Node[]> {
  const r = await qcos('nodes', '--json', '--credentials', credentials);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { nodes: Node[] }).nodes;
}

/** Polls `qcos nodes --json` until `alias` shows `status` (and `reason`); bounded. */
async function waitForNode(alias: string, status: string, reason: string | null): Promise<Node> {
  let last: Node | undefined;
  for (let attempt = 0; attempt < 120; attempt++) {
    last = (await nodes()).find((n) => n.alias === alias);
    if (last?.status === status && last.reason === reason) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${alias} never became ${status} ${reason}; last ${JSON.stringify(last)}`);
}

/** Polls `condition` until it holds; bounded. */
async function until(what: string, condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within the bound`);
}

/** Resolves once the devnet has printed `text` (or rejects when it exits first). */
function devnetPrinted(text: string): Promise<void> {
  return new Promise((done, fail) => {
    const check = () => {
      if (!devnetOut.includes(text)) return;
      devnet.stdout?.off('data', check);
      done();
    };
    devnet.stdout?.on('data', check);
    devnet.once('exit', (code) => fail(new Error(`devnet exited ${code}:\n${devnetOut}`)));
    check();
  });
}

beforeAll(async () => {
  for (const path of [CLI, ...APPS])
    expect(existsSync(path), `${path} (build the apps first)`).toBe(true);
  root = mkdtempSync(join(tmpdir(), 'qcos-fault-test-'));
  dataDir = join(root, 'devnet');
  credentials = join(dataDir, 'credentials', 'context.json');
  env = { PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: join(root, 'config') };
  devnet = spawn(
    process.execPath,
    [CLI, 'devnet', '--scenario', 'none', '--data-dir', dataDir, ...TEST_TIMINGS],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  devnet.stdout?.on('data', (d) => {
    devnetOut += String(d);
  });
  await devnetPrinted('network running; Ctrl-C to stop');
  for (const alias of ['rigel', 'sirius', 'vega', 'altair'])
    await waitForNode(alias, 'ACTIVE', null);
}, 180_000);

afterAll(async () => {
  if (devnet?.exitCode === null) {
    const exited = new Promise((r) => devnet.once('exit', r));
    devnet.kill('SIGINT');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

describe('qcos fault and qcos nodes --watch against a running devnet', () => {
  it('prints export lines that point qcos at the devnet, and the hints of --scenario none', () => {
    const qan = /export QCOS_QAN_URL=(http:\/\/127\.0\.0\.1:\d+)\n/.exec(devnetOut);
    expect(qan, devnetOut).not.toBeNull();
    expect(devnetOut).toContain(`export QCOS_CREDENTIALS=${resolve(credentials)}\n`);
    expect(devnetOut).toContain('qcos nodes --watch, qcos fault rigel eavesdropper');
    const context = JSON.parse(readFileSync(credentials, 'utf8')) as { qan: string };
    expect(context.qan).toBe(qan?.[1]);
  });

  it('records each agent’s control endpoint and token file in the credentials context', () => {
    const text = readFileSync(credentials, 'utf8');
    const context = JSON.parse(text) as {
      agents: Record<string, { control: string; tokenFile: string }>;
    };
    expect(Object.keys(context.agents).sort()).toEqual(['altair', 'rigel', 'sirius', 'vega']);
    for (const [alias, agent] of Object.entries(context.agents)) {
      expect(Object.keys(agent).sort()).toEqual(['control', 'tokenFile']);
      expect(agent.control, alias).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(agent.tokenFile, alias).toBe(`../tokens/${alias}.token`);
      const tokenFile = resolve(dataDir, 'credentials', agent.tokenFile);
      expect(statSync(tokenFile).mode & 0o777, alias).toBe(0o600);
      // The token stays in its own file: the context names the file, never the token.
      expect(text).not.toContain(readFileSync(tokenFile, 'utf8').trim());
    }
  });

  it('an eavesdropper quarantines rigel (EKS_LOSS), --clear brings it back, and --watch sees both', async () => {
    const watch = spawn(
      process.execPath,
      [CLI, 'nodes', '--watch', '--json', '--interval-ms', '200', '--credentials', credentials],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let lines = '';
    watch.stdout.on('data', (d) => {
      lines += String(d);
    });
    // On a pipe the text table is printed again only when it changed.
    const watchText = spawn(
      process.execPath,
      [CLI, 'nodes', '--watch', '--interval-ms', '200', '--credentials', credentials],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let text = '';
    watchText.stdout.on('data', (d) => {
      text += String(d);
    });
    // Complete lines only: a chunk may end inside one.
    const rigelIn = () =>
      lines
        .split('\n')
        .slice(0, -1)
        .map((l) => (JSON.parse(l) as { nodes: Node[] }).nodes.find((n) => n.alias === 'rigel'));

    const tables = () => text.split(/\n\n(?=NODE )/).filter((t) => t.trim() !== '');
    const rigelRows = () => tables().map((t) => /\nrigel +eu-west +(\S+)/.exec(t)?.[1]);
    // Both watchers show the registry before the fault, and rigel back at the end.
    await until('the watchers start', () => rigelIn().length > 0 && rigelRows().length > 0);

    const inject = await qcos('fault', 'rigel', 'eavesdropper', '--credentials', credentials);
    expect(inject.code, inject.stderr).toBe(0);
    expect(inject.stdout).toBe('rigel: eavesdropper 1 (intercept-resend on the QKD link)\n');
    await waitForNode('rigel', 'QUARANTINE', 'EKS_LOSS');
    await until(
      'the watchers show the quarantine',
      () => rigelIn().some((n) => n?.status === 'QUARANTINE') && rigelRows().includes('QUARANTINE'),
    );

    const clear = await qcos(
      'fault',
      'rigel',
      'eavesdropper',
      '--clear',
      '--json',
      '--credentials',
      credentials,
    );
    expect(clear.code, clear.stderr).toBe(0);
    expect(JSON.parse(clear.stdout)).toStrictEqual({
      alias: 'rigel',
      faults: { cryostat: false, eavesdropper: 0, fidelityDrift: 0, heartbeats: true },
    });
    await waitForNode('rigel', 'ACTIVE', null);
    await until(
      'the watchers show rigel back',
      () => rigelIn().at(-1)?.status === 'ACTIVE' && rigelRows().at(-1) === 'ACTIVE',
    );
    // End both as Ctrl-C would.
    const exited = [watch, watchText].map(
      (child) => new Promise<number | null>((r) => child.once('exit', r)),
    );
    watch.kill('SIGINT');
    watchText.kill('SIGINT');
    expect(await Promise.all(exited)).toEqual([0, 0]);
    expect(rigelRows()[0]).toBe('ACTIVE');
    expect(rigelRows()).toContain('QUARANTINE');
    expect(rigelRows().at(-1)).toBe('ACTIVE');
    const seen = rigelIn().map((n) => `${n?.status} ${n?.reason}`);
    expect(seen[0]).toBe('ACTIVE null');
    expect(seen).toContain('QUARANTINE EKS_LOSS');
    expect(seen.at(-1)).toBe('ACTIVE null');
    // One line per change: no two consecutive lines show the same statuses, reasons, EKS,
    // fidelities and links (the heartbeat times and the height move on their own).
    const shown = lines
      .split('\n')
      .filter((l) => l !== '')
      .map((l) =>
        JSON.stringify(
          (JSON.parse(l) as { nodes: WatchedNode[] }).nodes.map((n) => [
            n.alias,
            n.status,
            n.reason,
            n.reasonDetail,
            n.avgFidelity.toFixed(4),
            n.eks.ok,
            n.eks.lossReason,
            n.connected,
            n.via,
          ]),
        ),
      );
    for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
  }, 180_000);

  it('sets and clears the other faults, printing what is in force', async () => {
    const drift = await qcos('fault', 'sirius', 'drift', '-0.3', '--credentials', credentials);
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.stdout).toBe('sirius: fidelity drift -0.3 (added to both gate fidelities)\n');
    const cryostat = await qcos('fault', 'sirius', 'cryostat', '--credentials', credentials);
    expect(cryostat.stdout).toBe(
      'sirius: cryostat failed (circuits refused), fidelity drift -0.3 (added to both gate fidelities)\n',
    );
    await qcos('fault', 'sirius', 'drift', '--clear', '--credentials', credentials);
    const back = await qcos('fault', 'sirius', 'cryostat', '--clear', '--credentials', credentials);
    expect(back.stdout).toBe('sirius: cryostat ok\n');
  });

  it('refuses an unknown agent with UNKNOWN_AGENT and an unknown fault kind as a usage error', async () => {
    const ghost = await qcos('fault', 'ghost', 'eavesdropper', '--credentials', credentials);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toBe(
      'qcos: UNKNOWN_AGENT: no agent "ghost" in the credentials (agents: rigel, sirius, vega, altair)\n',
    );
    const kind = await qcos('fault', 'rigel', 'meteor', '--json', '--credentials', credentials);
    expect(kind.code).toBe(2);
    expect(JSON.parse(kind.stdout)).toMatchObject({
      error: { code: 'USAGE', details: { kind: 'meteor' } },
    });
    expect(JSON.parse(kind.stdout).error.message).toBe(
      'unknown fault kind "meteor" (one of eavesdropper, cryostat, drift, heartbeats)',
    );
    const fraction = await qcos(
      'fault',
      'rigel',
      'eavesdropper',
      '2',
      '--credentials',
      credentials,
    );
    expect(fraction.code).toBe(2);
    expect(fraction.stderr).toContain('FRACTION must be a number in 0..1, got "2"');
  });
});
