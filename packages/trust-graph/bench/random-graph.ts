/** Seeded random graphs for benchmarks (mulberry32, no ambient randomness). */
import { TrustGraph } from '../src/index.js';

export function seededRandom(seed: number): () => number {
  // mulberry32: tiny, full 2^32 period, good enough for benchmark graphs.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function randomQuids(n: number, rand: () => number): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    let q = '';
    for (let i = 0; i < 16; i++) q += Math.floor(rand() * 16).toString(16);
    out.add(q);
  }
  return [...out];
}

export interface RandomGraph {
  readonly graph: TrustGraph;
  readonly quids: string[];
  /** Same edges as truster → (trustee → level), for the reference port. */
  readonly adjacency: Map<string, Map<string, number>>;
}

/** n quids, m distinct random edges, levels uniform in [0.05, 1). */
export function randomGraph(
  n: number,
  m: number,
  seed: number,
  withAdjacency = false,
): RandomGraph {
  const rand = seededRandom(seed);
  const quids = randomQuids(n, rand);
  const graph = new TrustGraph();
  const adjacency = new Map<string, Map<string, number>>();
  let added = 0;
  while (added < m) {
    const a = Math.floor(rand() * n);
    const b = Math.floor(rand() * n);
    if (a === b) continue;
    const truster = quids[a] as string;
    const trustee = quids[b] as string;
    const level = 0.05 + 0.95 * rand();
    if (withAdjacency) {
      const row = adjacency.get(truster) ?? new Map<string, number>();
      if (row.has(trustee)) continue;
      row.set(trustee, level);
      adjacency.set(truster, row);
    } else if (graph.getEdge(truster, trustee)) continue;
    graph.setEdge({ truster, trustee, level });
    added++;
  }
  return { graph, quids, adjacency };
}
