/**
 * The specification, executed naively: enumerate every simple path of at most maxDepth
 * edges and keep the best by (exact product ↓, edges ↑, lexicographic path ↑).
 * Single domain, so there are no parallel edges except verified/unverified twins.
 */
import { compareExactProducts } from '../src/exact-product.js';
import { MIN_POSITIVE_LEVEL } from '../src/limits.js';

export interface BruteEdge {
  readonly from: string;
  readonly to: string;
  readonly level: number;
  readonly verified: boolean;
  readonly validator?: string;
  readonly validUntil?: number;
}

export interface BruteResult {
  readonly trustLevel: number;
  readonly path: string[];
  readonly unverified: { from: string; to: string; validator: string; validatorTrust: number }[];
}

function usable(edges: readonly BruteEdge[], now: number, discount?: Map<string, number>) {
  const live = edges.filter((e) => e.validUntil === undefined || e.validUntil > now);
  const out = new Map<string, { to: string; level: number; edge: BruteEdge }[]>();
  for (const e of live) {
    let level = e.level;
    if (!e.verified) {
      if (!discount) continue;
      if (live.some((v) => v.verified && v.from === e.from && v.to === e.to)) continue;
      level *= discount.get(e.validator ?? '') ?? 0;
      if (level < MIN_POSITIVE_LEVEL) continue;
    }
    if (level === 0) continue;
    const list = out.get(e.from) ?? [];
    list.push({ to: e.to, level, edge: e });
    out.set(e.from, list);
  }
  return out;
}

function lexLess(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as string) < (b[i] as string);
  return false;
}

export function bruteForceAll(
  nodes: readonly string[],
  edges: readonly BruteEdge[],
  observer: string,
  maxDepth: number,
  now: number,
  includeUnverified: boolean,
): Map<string, BruteResult> {
  let discount: Map<string, number> | undefined;
  if (includeUnverified) {
    const verifiedOnly = bruteForceAll(nodes, edges, observer, maxDepth, now, false);
    discount = new Map([...verifiedOnly].map(([k, v]) => [k, v.trustLevel]));
  }
  const adj = usable(edges, now, discount);
  type Best = { factors: number[]; path: string[]; hops: { edge: BruteEdge; level: number }[] };
  const best = new Map<string, Best>();
  const visit = (path: string[], factors: number[], hops: { edge: BruteEdge; level: number }[]) => {
    const at = path[path.length - 1] as string;
    if (path.length > 1) {
      const cur = best.get(at);
      let better = !cur;
      if (cur) {
        const c = compareExactProducts(factors, cur.factors);
        better =
          c > 0 ||
          (c === 0 &&
            (path.length < cur.path.length ||
              (path.length === cur.path.length && lexLess(path, cur.path))));
      }
      if (better) best.set(at, { factors: [...factors], path: [...path], hops: [...hops] });
    }
    if (path.length - 1 >= maxDepth) return;
    for (const { to, level, edge } of adj.get(at) ?? []) {
      if (path.includes(to)) continue;
      path.push(to);
      factors.push(level);
      hops.push({ edge, level });
      visit(path, factors, hops);
      path.pop();
      factors.pop();
      hops.pop();
    }
  };
  visit([observer], [], []);
  const out = new Map<string, BruteResult>();
  out.set(observer, { trustLevel: 1, path: [observer], unverified: [] });
  for (const [k, b] of best) {
    let t = 1;
    for (const f of b.factors) t *= f;
    out.set(k, {
      trustLevel: t,
      path: b.path,
      unverified: b.hops
        .filter((h) => !h.edge.verified)
        .map((h) => ({
          from: h.edge.from,
          to: h.edge.to,
          validator: h.edge.validator ?? '',
          validatorTrust: discount?.get(h.edge.validator ?? '') ?? 0,
        })),
    });
  }
  for (const q of nodes) if (!out.has(q)) out.set(q, { trustLevel: 0, path: [], unverified: [] });
  return out;
}
