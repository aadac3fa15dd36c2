/**
 * What watching the network costs a QAN (docs/benchmarks.md, "Dashboard watchers"): WATCHERS
 * dashboards following GET /api/v1/events, against what a dashboard would do without the stream
 * — poll GET /api/v1/nodes every POLL_MS — in the same run, over AGENTS agents heartbeating at
 * 1 Hz through real post-quantum sessions. The figure is the QAN process's CPU (utime + stime)
 * per second of each window, less the same run's idle windows (agents only); windows alternate
 * idle, stream, poll, so a load spike from elsewhere hits all three alike.
 *
 *   pnpm --filter @qcos/qan build && node --import tsx apps/qan/bench/watchers.ts
 *   AGENTS=400 WATCHERS=32 node --import tsx apps/qan/bench/watchers.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_PRINCIPALS, type TestPrincipal } from '../test/api-auth-fixture.js';
import { qanConfig, startQan, type TestNode } from '../test/harness.js';
import { agentSeed, beatEach, connectAll, cpuSeconds } from './load-agents.js';

const AGENTS = Number(process.env['AGENTS'] ?? 200);
/** Spread over the four test principals: a principal may hold 8 streams (qan-events.md §4). */
const WATCHERS = Number(process.env['WATCHERS'] ?? 32);
const POLL_MS = 500;
const WINDOW_S = Number(process.env['WINDOW_S'] ?? 10);
const ROUNDS = 3;
const PRINCIPALS = Object.keys(TEST_PRINCIPALS) as TestPrincipal[];

type Mode = 'idle' | 'stream' | 'poll';

const authorization = (i: number) => ({
  authorization: `Bearer ${TEST_PRINCIPALS[PRINCIPALS[i % PRINCIPALS.length] as TestPrincipal].token}`,
});

/** Follows the event stream until `signal` aborts; adds the bytes it read to `bytes`. */
async function follow(http: string, i: number, signal: AbortSignal, bytes: { n: number }) {
  const response = await fetch(`${http}/api/v1/events`, { headers: authorization(i), signal });
  if (response.status !== 200) throw new Error(`stream ${i}: ${response.status}`);
  const reader = response.body!.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      bytes.n += value.byteLength;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** Polls the node list every POLL_MS until `signal` aborts. */
async function poll(http: string, i: number, signal: AbortSignal, bytes: { n: number }) {
  await new Promise((r) => setTimeout(r, (i * POLL_MS) / WATCHERS));
  while (!signal.aborted) {
    const started = performance.now();
    const response = await fetch(`${http}/api/v1/nodes`, { headers: authorization(i) });
    bytes.n += (await response.arrayBuffer()).byteLength;
    await new Promise((r) => setTimeout(r, Math.max(0, POLL_MS - (performance.now() - started))));
  }
}

/** One window of `mode`: the QAN's CPU seconds per second, and bytes per watcher per second. */
async function window(http: string, pid: number, mode: Mode) {
  const controller = new AbortController();
  const bytes = { n: 0 };
  const watchers =
    mode === 'idle'
      ? []
      : Array.from({ length: WATCHERS }, (_, i) =>
          (mode === 'stream' ? follow : poll)(http, i, controller.signal, bytes),
        );
  await new Promise((r) => setTimeout(r, 1_000)); // connected, first snapshots sent
  const cpu0 = cpuSeconds(pid);
  const bytes0 = bytes.n;
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  const cpu = (cpuSeconds(pid) - cpu0) / WINDOW_S;
  const perWatcher = mode === 'idle' ? 0 : (bytes.n - bytes0) / WINDOW_S / WATCHERS;
  controller.abort();
  await Promise.allSettled(watchers);
  return { cpu, perWatcher };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qan-bench-watchers-'));
  const nodes: TestNode[] = Array.from({ length: AGENTS }, (_, i) => ({
    alias: `dqn-${i}`,
    scope: i % 2 === 0 ? 'eu-west' : 'us-east',
    seed: agentSeed(i),
  }));
  const qan = await startQan(
    qanConfig(join(dir, 'data'), nodes, {
      heartbeatTimeoutMs: 5_000,
      blockIntervalMs: 100,
      logLevel: 'warn',
      rateLimitMax: 1_000_000,
    }),
    dir,
  );
  const pid = qan.child.pid as number;
  const agents = await connectAll(
    () => qan.transport,
    nodes,
    () => {},
  );
  const timers = beatEach(agents);
  await new Promise((r) => setTimeout(r, 5_000)); // registrations and first blocks
  const results: Record<Mode, { cpu: number[]; bytes: number[] }> = {
    idle: { cpu: [], bytes: [] },
    stream: { cpu: [], bytes: [] },
    poll: { cpu: [], bytes: [] },
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ['idle', 'stream', 'poll'] as const) {
      const w = await window(qan.http, pid, mode);
      results[mode].cpu.push(w.cpu);
      results[mode].bytes.push(w.perWatcher);
    }
  }
  report(results);
  for (const stop of timers) stop();
  for (const a of agents) await a.connection.close();
  await qan.stop();
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function report(results: Record<Mode, { cpu: number[]; bytes: number[] }>): void {
  const idle = median(results.idle.cpu);
  const extra = (mode: Mode) => median(results[mode].cpu) - idle;
  console.log(
    `\n## ${WATCHERS} watchers over ${AGENTS} agents at 1 Hz (${ROUNDS} rounds of ${WINDOW_S} s windows)`,
  );
  console.log('| mode | QAN CPU s/s (median) | above idle | bytes/s per watcher |');
  console.log('|---|---|---|---|');
  for (const mode of ['idle', 'stream', 'poll'] as const) {
    const cpu = median(results[mode].cpu);
    console.log(
      `| ${mode} | ${cpu.toFixed(3)} | ${(cpu - idle).toFixed(3)} | ${median(results[mode].bytes).toFixed(0)} |`,
    );
  }
  console.log(
    `poll / stream, CPU above idle: ${(extra('poll') / Math.max(extra('stream'), 1e-3)).toFixed(1)}×`,
  );
}

await main();
