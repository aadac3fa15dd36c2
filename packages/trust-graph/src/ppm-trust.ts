/**
 * Relational trust in integer parts per million, rounded down at every hop: the rule a
 * replicated registry folds with, where every replica must reach the same integer without
 * floating point. Trust from `observer` to `target` is the maximum, over paths of at most
 * `maxDepth` edges, of the path's product taken hop by hop as t ← floor(t · level / 10^6);
 * observer = target → 10^6; no path → 0.
 *
 * Dynamic programming over path length, O(maxDepth · edges). Levels are ≤ 10^6 and the step is
 * monotone in t, so a walk that repeats a node is never better than the simple path that skips
 * the cycle, and the maximum over walks is the maximum over simple paths.
 *
 * This is not `computeRelationalTrust` rounded: from three hops on, the path with the best exact
 * product need not have the best hop-by-hop rounded product (333 333 · 333 333 · 999 999 ppm has
 * the larger exact product, 111 110.78 ppm, but rounds to 111 109 against the 111 110 of
 * 10^6 · 111 110 · 10^6), so the two are separate rules over the same edges.
 */
import type { Quid } from '@qcos/identity';

const PPM = 1_000_000;

/** Outgoing edges per truster: trustee → level in ppm (0 … 10^6). */
export type PpmTrustEdges = ReadonlyMap<Quid, ReadonlyMap<Quid, number>>;

export function relationalTrustPpm(
  edges: PpmTrustEdges,
  observer: Quid,
  target: Quid,
  maxDepth: number,
): number {
  if (observer === target) return PPM;
  let frontier = new Map<Quid, number>([[observer, PPM]]);
  let best = 0;
  for (let d = 0; d < maxDepth && frontier.size > 0; d++) {
    const next = new Map<Quid, number>();
    for (const [from, t] of frontier) {
      const out = edges.get(from);
      if (!out) continue;
      for (const [to, level] of out) {
        const v = Math.floor((t * level) / PPM);
        if (v === 0) continue;
        if (to === target) {
          if (v > best) best = v;
          continue;
        }
        if (v > (next.get(to) ?? 0)) next.set(to, v);
      }
    }
    frontier = next;
  }
  return best;
}
