/**
 * Heartbeat ingest into a cluster (docs/benchmarks/cluster.md): N synthetic agents at 1 Hz spread
 * round-robin over three QAN processes that keep one registry in a three-member etcd cluster, all
 * on this machine. Reported: heartbeats acknowledged per second (a QAN sends the ACK only after
 * the block holding the heartbeat is committed in etcd), p50 / p99 heartbeat → ACK as the load
 * generator sees it and packet-in → commit as each QAN measures it, CPU of each QAN and etcd
 * member, and whether all three QANs have the same root at the end.
 *
 * The agents send heartbeats only, reporting a healthy EKS: a QAN mirrors every QKD round of its
 * attached nodes to fill their key pools, and 2 000 full rounds per interval do not fit on two
 * cores next to everything else here, so EKS traffic is left out of this load.
 *
 *   pnpm --filter @qcos/qan build && pnpm --filter @qcos/qan exec tsx bench/cluster-ingest.ts
 *   AGENTS=2000 DURATION_S=20 … (defaults)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EtcdCluster, startEtcdCluster } from '@qcos/etcd-store';
import { hybridKeyFromSeed } from '@qcos/identity';
import { createGenesisDocument, DEFAULT_POLICY } from '@qcos/registry-core';
import {
  getJson,
  hex,
  type QanProcess,
  qanConfig,
  startQan,
  type TestNode,
} from '../test/harness.js';
import {
  agentSeed,
  beatEach,
  bucketQuantile,
  commitBuckets,
  connectAll,
  cpuSeconds,
  metricValue,
  quantile,
} from './load-agents.js';

const AGENTS = Number(process.env['AGENTS'] ?? 2000);
const DURATION_S = Number(process.env['DURATION_S'] ?? 20);
const TIMEOUT_MS = 5_000;
const QANS = 3;
const seed = (n: number) => new Uint8Array(32).fill(n);
const qanSeeds = Array.from({ length: QANS }, (_, i) => seed(91 + i));

/** Three QANs of one network on `etcd`, each knowing every agent as a peer. */
async function startQans(dir: string, etcd: EtcdCluster, nodes: TestNode[]): Promise<QanProcess[]> {
  const genesisFile = join(dir, 'genesis.qgd');
  writeFileSync(
    genesisFile,
    createGenesisDocument({
      networkId: 'bench',
      anchorKey: hybridKeyFromSeed(seed(90)),
      policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: TIMEOUT_MS },
      members: qanSeeds.map((s) => ({
        role: 'QAN' as const,
        publicKey: hybridKeyFromSeed(s).publicKey,
        levelPpm: 1_000_000,
      })),
    }),
  );
  const qans: QanProcess[] = [];
  for (const [i, s] of qanSeeds.entries()) {
    const run = join(dir, `run-${i + 1}`);
    mkdirSync(run, { recursive: true });
    const config = qanConfig(join(dir, `qan-${i + 1}`), nodes, {
      networkId: 'bench',
      genesisFile,
      identitySeed: hex(s),
      etcdEndpoints: [...etcd.endpoints],
      heartbeatTimeoutMs: TIMEOUT_MS,
      hysteresisHeartbeats: 3,
      blockIntervalMs: 100,
      logLevel: 'warn',
      rateLimitMax: 1_000_000,
    });
    qans.push(await startQan(config, run));
  }
  return qans;
}

/** The same root on every QAN at the lowest of their heads. */
async function sameRoot(qans: QanProcess[]): Promise<string> {
  type Root = { height: number; root: string; nodeCount: number };
  const heads = await Promise.all(qans.map((q) => getJson<Root>(`${q.http}/api/v1/merkle/root`)));
  const height = Math.min(...heads.map((h) => h.height));
  const roots = await Promise.all(
    qans.map((q) => getJson<Root>(`${q.http}/api/v1/merkle/root?height=${height}`)),
  );
  const same = roots.every((r) => r.root === roots[0]?.root);
  return `heads ${heads.map((h) => h.height).join(' / ')}; root at ${height} ${same ? 'equal on all three' : 'DIFFERS'}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-ingest-'));
  const etcd = await startEtcdCluster({ dir: join(dir, 'etcd') });
  const nodes: TestNode[] = Array.from({ length: AGENTS }, (_, i) => ({
    alias: `dqn-${i}`,
    scope: i % 2 === 0 ? 'eu-west' : 'us-east',
    seed: agentSeed(i),
  }));
  const qans = await startQans(dir, etcd, nodes);
  const latencies: number[] = [];
  let measuring = false;
  const started = performance.now();
  // Agent i on QAN i mod 3.
  const agents = await connectAll(
    (i) => (qans[i % QANS] as QanProcess).transport,
    nodes,
    (ms) => {
      if (measuring) latencies.push(ms);
    },
  );
  const connectS = (performance.now() - started) / 1000;
  console.log(
    `\n## heartbeat ingest into 3 QANs on etcd: ${AGENTS} agents, 1 Hz, ${DURATION_S} s measured`,
  );
  console.log(`sessions up: ${agents.length} in ${connectS.toFixed(1)} s`);
  const stops = beatEach(agents);
  await new Promise((r) => setTimeout(r, 8_000)); // warm-up: registrations, first blocks
  measuring = true;
  const pids = [
    ...qans.map((q, i) => ({ name: `QAN-${i + 1}`, pid: q.child.pid as number })),
    ...etcd.members.map((m) => ({ name: m.name, pid: m.pid as number })),
  ];
  const buckets0 = await Promise.all(qans.map((q) => commitBuckets(q.http)));
  const cpu0 = pids.map((p) => cpuSeconds(p.pid));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_S * 1000));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = pids.map((p, i) => (cpuSeconds(p.pid) - (cpu0[i] as number)) / seconds);
  measuring = false;
  const buckets1 = await Promise.all(qans.map((q) => commitBuckets(q.http)));
  for (const stop of stops) stop();
  const sorted = latencies.slice().sort((a, b) => a - b);
  const view = await getJson<{ nodes: { status: string }[] }>(`${qans[0]?.http}/api/v1/nodes`);
  const active = view.nodes.filter((n) => n.status === 'ACTIVE').length;
  console.log('| metric | value |');
  console.log('|---|---|');
  console.log(
    `| agents / in QAN-1's registry / ACTIVE there | ${AGENTS} / ${view.nodes.length} / ${active} |`,
  );
  console.log(
    `| heartbeats acknowledged | ${latencies.length} in ${seconds.toFixed(1)} s (${(latencies.length / seconds).toFixed(0)}/s) |`,
  );
  console.log(
    `| heartbeat → ACK (block committed), load generator p50 / p99 | ${quantile(sorted, 0.5).toFixed(1)} / ${quantile(sorted, 0.99).toFixed(1)} ms |`,
  );
  for (const i of qans.keys())
    console.log(
      `| QAN-${i + 1} packet in → block committed p50 / p99 | ${bucketQuantile(buckets0[i] as Map<number, number>, buckets1[i] as Map<number, number>, 0.5)} / ${bucketQuantile(buckets0[i] as Map<number, number>, buckets1[i] as Map<number, number>, 0.99)} |`,
    );
  const lost = await Promise.all(
    qans.map((q) => metricValue(q.http, 'qcos_qan_seal_lost_races_total')),
  );
  const waiting = await Promise.all(
    qans.map((q) => metricValue(q.http, 'qcos_qan_pending_records')),
  );
  console.log(
    `| seals lost to another QAN (whole run) | ${lost.map((n, i) => `QAN-${i + 1} ${n}`).join(', ')} |`,
  );
  console.log(
    `| records waiting for a block at the end | ${waiting.map((n, i) => `QAN-${i + 1} ${n}`).join(', ')} |`,
  );
  console.log(
    `| CPU, % of one core | ${pids.map((p, i) => `${p.name} ${((cpu[i] as number) * 100).toFixed(0)}`).join(', ')} |`,
  );
  await new Promise((r) => setTimeout(r, 2_000)); // let the last blocks be followed everywhere
  console.log(`| after the run | ${await sameRoot(qans)} |`);
  await Promise.all(agents.map((a) => a.connection.close().catch(() => {})));
  for (const q of qans) await q.stop();
  await etcd.stop();
  if (process.env['KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}

await main();
process.exit(0);
