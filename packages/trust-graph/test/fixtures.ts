import type { Quid } from '@qcos/identity';
import { TrustGraph } from '../src/index.js';

/** A test quid: one hex character repeated 16 times (`q('a')` = aaaa…a). */
export const q = (c: string): Quid => c.repeat(16) as Quid;

/** A graph of verified default-domain edges [truster, trustee, level], in this order. */
export function graphOf(edges: [Quid, Quid, number][]): TrustGraph {
  const g = new TrustGraph();
  for (const [truster, trustee, level] of edges) g.setEdge({ truster, trustee, level });
  return g;
}
