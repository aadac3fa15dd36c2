/**
 * Benchmarks of @qcos/trust-graph, with the peer a user would otherwise run: a faithful
 * port of the Quidnug reference node's BFS (bench/reference-bfs.ts), in the same run.
 *
 *   pnpm --filter @qcos/trust-graph bench
 *
 * Prints tinybench tables (wall time) and CPU time per operation (process.cpuUsage),
 * which is steadier than wall time when the machine is shared.
 */
import type { Quid } from '@qcos/identity';
import { Bench } from 'tinybench';
import { computeRelationalTrust, computeSingleSourceTrust, TrustCache } from '../src/index.js';
import { randomGraph, seededRandom } from './random-graph.js';
import { referenceRelationalTrust } from './reference-bfs.js';

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 1500);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function cpuMsPerOp(fn: () => void, iterations: number): number {
  for (let i = 0; i < Math.min(3, iterations); i++) fn(); // warm-up
  const t = cpuNow();
  for (let i = 0; i < iterations; i++) fn();
  return (cpuNow() - t) / iterations;
}
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
const rows: string[][] = [];
function record(name: string, bench: Bench, cpuMs: number, target?: number): void {
  const task = bench.tasks.find((t) => t.name === name);
  const r = task?.result as
    | { latency?: { mean: number }; throughput?: { mean: number } }
    | undefined;
  const wallMs = r?.latency?.mean ?? Number.NaN;
  rows.push([
    name,
    fmt(1000 / wallMs),
    fmt(wallMs),
    fmt(cpuMs),
    target === undefined ? '' : `${fmt(cpuMs / target)}× of ${target} ms target`,
  ]);
}

// ---- 1. 100k nodes / 1M edges ----
let t = cpuNow();
const big = randomGraph(100_000, 1_000_000, 7);
const buildMs = cpuNow() - t;
t = cpuNow();
big.graph.traversalIndex();
const indexMs = cpuNow() - t;
console.log(
  `graph 100k/1M: built in ${fmt(buildMs)} ms CPU, traversal index ${fmt(indexMs)} ms CPU`,
);

const rand = seededRandom(99);
const observers = Array.from(
  { length: 32 },
  () => big.quids[Math.floor(rand() * big.quids.length)] as Quid,
);
const now = 0;
let k = 0;
const singleSource = () => {
  computeSingleSourceTrust(big.graph, observers[k++ % observers.length] as Quid, {
    now,
    maxDepth: 5,
  });
};

const cache = new TrustCache(big.graph);
const anchor = observers[0] as Quid;
const anchorResult = cache.singleSource(anchor, { now });
const pointFromCache = () => {
  cache.computeRelationalTrust(anchor, big.quids[k++ % big.quids.length] as Quid, { now });
};

// Existing edges whose source the anchor's search never expanded (first reached at depth 5,
// or not at all): changing them cannot change the anchor's trust, so its entry must
// survive. And edges whose source it expanded: changing them must invalidate it.
const outside: [Quid, Quid][] = [];
const inside: [Quid, Quid][] = [];
for (const edge of big.graph.edges()) {
  const expanded = anchorResult.dependsOnSource(big.graph.nodeIndex.get(edge.truster) ?? -1);
  if (!expanded && outside.length < 4096) outside.push([edge.truster, edge.trustee]);
  if (expanded && inside.length < 4096) inside.push([edge.truster, edge.trustee]);
  if (outside.length >= 4096 && inside.length >= 4096) break;
}
let flip = 0;
const changeEdge = (list: [Quid, Quid][]) => () => {
  const [a, b] = list[flip % list.length] as [Quid, Quid];
  big.graph.setEdge({ truster: a, trustee: b, level: ((flip++ >> 12) % 2) * 0.5 + 0.25 });
  cache.computeRelationalTrust(anchor, b, { now });
};
const changeOutside = changeEdge(outside);
const changeInside = changeEdge(inside);

// Share of random single-edge changes that invalidate the anchor's cached entry.
const probe = new TrustCache(big.graph);
probe.singleSource(anchor, { now });
let invalidated = 0;
const PROBES = 400;
for (let i = 0; i < PROBES; i++) {
  const a = big.quids[Math.floor(rand() * big.quids.length)] as Quid;
  const b = big.quids[Math.floor(rand() * big.quids.length)] as Quid;
  if (a === b) continue;
  const before = probe.stats.invalidations;
  // Re-assert an existing edge (or record a revocation where there is none).
  const existing = big.graph.getEdge(a, b);
  big.graph.setEdge({ truster: a, trustee: b, level: existing ? existing.level : 0 });
  probe.singleSource(anchor, { now });
  if (probe.stats.invalidations > before) invalidated++;
}

const b1 = new Bench({ time: TIME_MS, warmupTime: 200 });
b1.add('single-source depth 5 (100k/1M)', singleSource)
  .add('point query from cache', pointFromCache)
  .add('edge change outside expanded set + point query', changeOutside)
  .add('edge change inside (invalidates) + point query', changeInside);
await b1.run();
record('single-source depth 5 (100k/1M)', b1, cpuMsPerOp(singleSource, 20), 40);
record('point query from cache', b1, cpuMsPerOp(pointFromCache, 20_000));
record('edge change outside expanded set + point query', b1, cpuMsPerOp(changeOutside, 2_000));
record('edge change inside (invalidates) + point query', b1, cpuMsPerOp(changeInside, 20));

// ---- 2. versus the reference BFS on 10k nodes / 100k edges ----
const small = randomGraph(10_000, 100_000, 11, true);
const rand2 = seededRandom(5);
const pairs = Array.from({ length: 256 }, () => {
  const o = small.quids[Math.floor(rand2() * small.quids.length)] as Quid;
  let x = o;
  while (x === o) x = small.quids[Math.floor(rand2() * small.quids.length)] as Quid;
  return [o, x] as const;
});
// Go ranges over maps in random order: shuffle each neighbour list (seeded).
const goOrder = (r: () => number) => (list: [string, number][]) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j] as [string, number], list[i] as [string, number]];
  }
  return list;
};
const shuffle = goOrder(seededRandom(3));
let p = 0;
const referenceQuery = () => {
  const [o, x] = pairs[p++ % pairs.length] as readonly [Quid, Quid];
  referenceRelationalTrust(small.adjacency, o, x, 5, shuffle);
};
const ourQuery = () => {
  const [o, x] = pairs[p++ % pairs.length] as readonly [Quid, Quid];
  computeRelationalTrust(small.graph, o, x, { now, maxDepth: 5 });
};
const smallCache = new TrustCache(small.graph, 256);
const ourCachedQuery = () => {
  const [o, x] = pairs[p++ % pairs.length] as readonly [Quid, Quid];
  smallCache.computeRelationalTrust(o, x, { now, maxDepth: 5 });
};
for (const pair of pairs) smallCache.computeRelationalTrust(pair[0], pair[1], { now, maxDepth: 5 });

let wrong = 0;
let capped = 0;
let pathDiffers = 0;
let worstRatio = 1;
for (const [o, x] of pairs) {
  const ref = referenceRelationalTrust(small.adjacency, o, x, 5, shuffle);
  const ours = computeRelationalTrust(small.graph, o, x, { now, maxDepth: 5 });
  if (ref.tooLarge) capped++;
  if (ref.trust < ours.trustLevel * (1 - 1e-12)) {
    wrong++;
    worstRatio = Math.min(worstRatio, ref.trust / ours.trustLevel);
  }
  if (ref.path.join() !== ours.path.join()) pathDiffers++;
}

const b2 = new Bench({ time: TIME_MS, warmupTime: 200 });
b2.add('reference BFS point query (10k/100k)', referenceQuery)
  .add('our point query, uncached (10k/100k)', ourQuery)
  .add('our point query, cached (10k/100k)', ourCachedQuery);
await b2.run();
const refCpu = cpuMsPerOp(referenceQuery, 100);
const ourCpu = cpuMsPerOp(ourQuery, 2_000);
const cachedCpu = cpuMsPerOp(ourCachedQuery, 20_000);
record('reference BFS point query (10k/100k)', b2, refCpu);
record('our point query, uncached (10k/100k)', b2, ourCpu);
record('our point query, cached (10k/100k)', b2, cachedCpu);

console.table(b1.table());
console.table(b2.table());
console.log('\n| operation | ops/s (wall) | mean ms (wall) | CPU ms/op | vs target |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `\nspeed ratio vs reference (CPU): uncached ${fmt(refCpu / ourCpu)}×, cached ${fmt(refCpu / cachedCpu)}×`,
);
console.log(
  `reference answers on ${pairs.length} random pairs: ${wrong} lower than the exact best (${fmt((100 * wrong) / pairs.length)}%, worst ${fmt(worstRatio)}× of it), ` +
    `${capped} hit the 10 000 caps (${fmt((100 * capped) / pairs.length)}%), ${pathDiffers} with a different path`,
);
console.log(
  `random single-edge changes that invalidated the cached depth-5 entry: ${invalidated}/${PROBES}`,
);
