import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CLI, TEST_TIMINGS } from '../../cli/test/run-devnet.js';

/** The credentials context the devnet writes (apps/cli credentials/context.ts). */
interface Context {
  readonly qan: string;
  readonly tokens: { operator: string; client: string; reader: string };
  readonly agents?: Record<string, { control: string; tokenFile: string }>;
}

/** A QAN answer as the tests read it: JSON, whatever the route. */
// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the route it called.
type ApiBody = any;

export interface RunningDevnet {
  readonly qan: string;
  readonly tokens: Context['tokens'];
  /** POSTs a fault patch to a node's agent control endpoint. */
  setFaults(alias: string, patch: Record<string, unknown>): Promise<void>;
  /** A QAN API call with a role's bearer token; resolves with the status and the JSON body. */
  api(
    role: keyof Context['tokens'],
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: ApiBody }>;
  stop(): Promise<void>;
}

/** Polls `probe` every 250 ms until it returns a value, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function readContext(file: string): Context | undefined {
  if (!existsSync(file)) return undefined;
  const context = JSON.parse(readFileSync(file, 'utf8')) as Context;
  return context.agents?.['rigel'] === undefined ? undefined : context;
}

/** Waits for the devnet process to exit after SIGTERM (it stops its own services first). */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/**
 * `qcos devnet --scenario none` with test timings, in a fresh data directory, once its four
 * nodes are ACTIVE and it has written the agents' control endpoints into its context.
 */
export async function startDevnet(): Promise<RunningDevnet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qcos-dashboard-'));
  const child = spawn(
    process.execPath,
    [CLI, 'devnet', '--scenario', 'none', '--data-dir', dataDir, ...TEST_TIMINGS],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const contextFile = join(dataDir, 'credentials', 'context.json');
  const stop = async () => {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const context = await waitFor(
      'the devnet context',
      async () => readContext(contextFile),
      60_000,
    );
    const api: RunningDevnet['api'] = async (role, path, body) => {
      const response = await fetch(`${context.qan}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${context.tokens[role]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: await response.json() };
    };
    await waitFor(
      'four ACTIVE nodes',
      async () => {
        const { body } = await api('reader', '/api/v1/nodes');
        const active = body.nodes.filter((n: { status: string }) => n.status === 'ACTIVE');
        return active.length === 4 ? true : undefined;
      },
      60_000,
    );
    const setFaults = async (alias: string, patch: Record<string, unknown>) => {
      const agent = context.agents?.[alias];
      if (agent === undefined) throw new Error(`no agent ${alias} in the context`);
      const tokenFile = resolve(dirname(contextFile), agent.tokenFile);
      const token = readFileSync(tokenFile, 'utf8').trim();
      const response = await fetch(`${agent.control}/faults`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (response.status !== 200) throw new Error(`faults: ${response.status}`);
    };
    return { qan: context.qan, tokens: context.tokens, setFaults, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
