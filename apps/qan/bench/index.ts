/**
 * Service benchmarks of the QAN (docs/benchmarks/services.md):
 *  1. resolve requests/s over HTTP vs a bare fastify route, in the same run (autocannon);
 *  2. heartbeat ingest from N agents over real post-quantum sessions at 1 Hz into one QAN:
 *     QAN CPU, p50/p99 heartbeat-to-registry latency (send → ACK, which the QAN sends only after
 *     the block holding the heartbeat is committed), and quarantine detection latency after an
 *     agent dies (target: heartbeat timeout + one interval).
 *
 *   pnpm --filter @qcos/qan build && node --import tsx apps/qan/bench/index.ts
 *   AGENTS=2000 DURATION_S=20 node --import tsx apps/qan/bench/index.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getJson, qanConfig, startQan, type TestNode, until } from '../test/harness.js';
import {
  type Agent,
  agentSeed,
  beatEach,
  bucketQuantile,
  commitBuckets,
  connectAgent,
  connectAll,
  cpuSeconds,
  HEARTBEAT_MS,
  quantile,
} from './load-agents.js';

const AGENTS = Number(process.env['AGENTS'] ?? 500);
const DURATION_S = Number(process.env['DURATION_S'] ?? 20);
const TIMEOUT_MS = 5_000;

type Autocannon = (
  opts: Record<string, unknown>,
) => Promise<{ requests: { average: number }; latency: { p99: number }; non2xx: number }>;

async function resolveBench(): Promise<void> {
  const autocannon = (await import('autocannon' as string)).default as Autocannon;
  const dir = mkdtempSync(join(tmpdir(), 'qan-bench-http-'));
  const nodes: TestNode[] = Array.from({ length: 8 }, (_, i) => ({
    alias: `node-${i}`,
    scope: 'eu-west',
    seed: agentSeed(10_000 + i),
  }));
  const qan = await startQan(
    qanConfig(join(dir, 'data'), nodes, {
      rateLimitMax: 1_000_000_000,
      logLevel: 'warn',
      heartbeatTimeoutMs: 60_000,
      hysteresisHeartbeats: 1,
    }),
    dir,
  );
  const peers = await Promise.all(nodes.map((n) => connectAgent(qan.transport, n, () => {})));
  const pump = setInterval(() => {
    for (const p of peers) p.beat();
  }, 500);
  await until(async () => {
    const { nodes: list } = await getJson<{ nodes: { status: string }[] }>(
      `${qan.http}/api/v1/nodes`,
    );
    return list.length === nodes.length && list.every((n) => n.status === 'ACTIVE')
      ? true
      : undefined;
  }, 60_000);
  // Measure the resolve path itself: no heartbeats (so no block signing) while autocannon runs.
  clearInterval(pump);
  const bare = spawn(
    process.execPath,
    [fileURLToPath(new URL('./bare-fastify.mjs', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const barePort = await new Promise<number>((resolve) =>
    bare.stdout.once('data', (d) => resolve(JSON.parse(String(d)).http)),
  );
  const run = async (url: string) =>
    autocannon({ url, connections: 32, duration: 8, pipelining: 1 });
  const uri = encodeURIComponent('q://*.eu-west/run?qubits=4&min-fidelity=0.9');
  await run(`http://127.0.0.1:${barePort}/resolve`); // warm-up both
  await run(`${qan.http}/api/v1/resolve?uri=${uri}`);
  // Interleaved rounds, so a load spike from elsewhere on the machine hits both routes alike.
  const rows: string[] = [];
  const ratios: number[] = [];
  for (let round = 1; round <= 3; round++) {
    const bareResult = await run(`http://127.0.0.1:${barePort}/resolve`);
    const qanResult = await run(`${qan.http}/api/v1/resolve?uri=${uri}`);
    ratios.push(qanResult.requests.average / bareResult.requests.average);
    rows.push(
      `| ${round} | ${bareResult.requests.average.toFixed(0)} (p99 ${bareResult.latency.p99} ms) | ${qanResult.requests.average.toFixed(0)} (p99 ${qanResult.latency.p99} ms, non-2xx ${qanResult.non2xx}) | ${(ratios.at(-1)! * 100).toFixed(1)}% |`,
    );
  }
  const median = ratios.slice().sort((a, b) => a - b)[1] as number;
  console.log('\n## resolve over HTTP (autocannon, 32 connections, 8 s per run)');
  console.log(
    '| round | bare fastify route req/s (peer) | QAN GET /api/v1/resolve req/s | QAN / bare |',
  );
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `median ratio QAN / bare = ${(median * 100).toFixed(1)}% (target ≥ 50%: ${median >= 0.5 ? 'met' : 'missed'})`,
  );
  for (const p of peers) await p.connection.close();
  bare.kill();
  await qan.stop();
}

async function ingestBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qan-bench-ingest-'));
  const nodes: TestNode[] = Array.from({ length: AGENTS }, (_, i) => ({
    alias: `dqn-${i}`,
    scope: i % 2 === 0 ? 'eu-west' : 'us-east',
    seed: agentSeed(i),
  }));
  const qan = await startQan(
    qanConfig(join(dir, 'data'), nodes, {
      heartbeatTimeoutMs: TIMEOUT_MS,
      hysteresisHeartbeats: 3,
      blockIntervalMs: 100,
      logLevel: 'warn',
      rateLimitMax: 1_000_000,
    }),
    dir,
  );
  const pid = qan.child.pid as number;
  console.log(
    `\n## heartbeat ingest: ${AGENTS} agents over PQ sessions, 1 Hz, timeout ${TIMEOUT_MS} ms`,
  );
  const latencies: number[] = [];
  let measuring = false;
  const started = performance.now();
  const agents = await connectAll(
    () => qan.transport,
    nodes,
    (ms) => {
      if (measuring) latencies.push(ms);
    },
  );
  const connectS = (performance.now() - started) / 1000;
  console.log(
    `sessions up: ${agents.length} in ${connectS.toFixed(1)} s (${(agents.length / connectS).toFixed(1)} handshakes/s incl. identity provisioning)`,
  );
  const timers = beatEach(agents);
  await new Promise((r) => setTimeout(r, 5_000)); // warm-up: registrations, first blocks
  measuring = true;
  const buckets0 = await commitBuckets(qan.http);
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_S * 1000));
  const cpu = (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000);
  measuring = false;
  const buckets1 = await commitBuckets(qan.http);
  const sorted = latencies.slice().sort((a, b) => a - b);
  const root = await getJson<{ height: number; nodeCount: number }>(
    `${qan.http}/api/v1/merkle/root`,
  );
  const active = (
    await getJson<{ nodes: { status: string }[] }>(`${qan.http}/api/v1/nodes`)
  ).nodes.filter((n) => n.status === 'ACTIVE').length;
  console.log('| metric | value |');
  console.log('|---|---|');
  console.log(`| agents / registered / ACTIVE | ${AGENTS} / ${root.nodeCount} / ${active} |`);
  console.log(
    `| heartbeats acknowledged in ${DURATION_S} s | ${latencies.length} (${(latencies.length / DURATION_S).toFixed(0)}/s) |`,
  );
  console.log(
    `| heartbeat → registry, QAN side (packet in → block committed) p50 / p99 | ${bucketQuantile(buckets0, buckets1, 0.5)} / ${bucketQuantile(buckets0, buckets1, 0.99)} |`,
  );
  console.log(
    `| heartbeat → ACK seen by the load generator p50 / p99 | ${quantile(sorted, 0.5).toFixed(1)} / ${quantile(sorted, 0.99).toFixed(1)} ms |`,
  );
  console.log(`| QAN CPU | ${(cpu * 100).toFixed(0)}% of one core |`);
  console.log(`| registry height after run | ${root.height} |`);

  // Quarantine detection: agent 0 dies (its heartbeats stop and its socket closes).
  const victim = nodes[0] as TestNode;
  const before = await getJson<{ lastHeartbeatMs: number }>(
    `${qan.http}/api/v1/nodes/${victim.alias}`,
  );
  timers[0]?.();
  const lastBeatWall = Date.now();
  await (agents[0] as Agent).connection.close();
  const node = await until(async () => {
    const n = await getJson<{ status: string; reason: string | null; lastHeartbeatMs: number }>(
      `${qan.http}/api/v1/nodes/${victim.alias}`,
    );
    return n.reason === 'HEARTBEAT_TIMEOUT' ? n : undefined;
  }, 60_000);
  const detected = Date.now();
  // The QAN's own account: the verdict record's observedAtMs against the heartbeat it refers to.
  const head = await getJson<{ height: number }>(`${qan.http}/api/v1/merkle/root`);
  let verdict: { observedAtMs: number; lastHeartbeatMs: number } | undefined;
  for (let h = head.height; h > 0 && verdict === undefined; h--) {
    const b = await getJson<{ records: Record<string, unknown>[] }>(
      `${qan.http}/api/v1/blocks/${h}`,
    );
    const r = b.records.find(
      (x) => x['kind'] === 'HEARTBEAT_TIMEOUT' && x['alias'] === victim.alias,
    );
    if (r !== undefined)
      verdict = r as unknown as { observedAtMs: number; lastHeartbeatMs: number };
  }
  const serverSide =
    verdict === undefined ? Number.NaN : verdict.observedAtMs - verdict.lastHeartbeatMs;
  const target = TIMEOUT_MS + HEARTBEAT_MS;
  console.log(
    `| quarantine detection, QAN side (verdict observedAtMs − last heartbeat) | ${serverSide} ms (target ≤ ${target} ms: ${serverSide <= target ? 'met' : 'missed'}) |`,
  );
  console.log(
    `| quarantine visible in the API, seen by the load generator | ${detected - lastBeatWall} ms after the kill (last recorded heartbeat ${node.lastHeartbeatMs === before.lastHeartbeatMs ? 'unchanged' : 'moved'}) |`,
  );
  for (const stop of timers) stop();
  await Promise.all(agents.slice(1).map((a) => a.connection.close().catch(() => {})));
  await qan.stop();
}

const part = process.argv.slice(2).find((a) => ['all', 'resolve', 'ingest'].includes(a)) ?? 'all';
if (part === 'all' || part === 'resolve') await resolveBench();
if (part === 'all' || part === 'ingest') await ingestBench();
process.exit(0);
