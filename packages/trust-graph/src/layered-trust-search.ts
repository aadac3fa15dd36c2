/**
 * The layered trust search behind every relational-trust query: exact trust from one
 * observer to every quid in one pass (a hop-layered Bellman-Ford), or to one target with
 * branch and bound.
 *
 * Semantics: the trust in v is the best simple path of at most maxDepth edges, ranked by
 * (exact product of levels ↓, edges ↑, path as a quid sequence lexicographically ↑, then
 * per-hop edge keys). Algorithm: hop-layered Bellman-Ford. After round j every node holds
 * its best walk of ≤ j edges; only nodes improved in round j-1 relax their out-edges in
 * round j. With levels in (0, 1] an optimal walk is always simple (cutting a cycle never
 * lowers the product and strictly shortens the walk) and the ranking has optimal
 * substructure under exact products, so the layered recurrence is exact. Cost:
 * O(Σ_j Σ_{u improved in j-1} outdeg(u)) ≤ O(maxDepth · E) time, O(maxDepth · N) memory.
 */
import { compareExactProducts, FLOAT_ORDER_MARGIN } from './exact-product.js';
import { type EdgeColumns, grow, type TraversalIndex, type TrustGraph } from './graph.js';
import { MIN_POSITIVE_LEVEL } from './limits.js';

const UNREACHED = 255;
const UP = 1 + FLOAT_ORDER_MARGIN;
const DOWN = 1 - FLOAT_ORDER_MARGIN;

/** One layered search over the graph. @internal */
export interface TrustPass {
  readonly value: Float64Array;
  readonly hops: Uint8Array;
  readonly firstReach: Uint8Array;
  /** preds[h-1][v] = edge id entering v on its best walk of exactly h edges (or -1). */
  readonly preds: Int32Array[];
  /** Validator of that edge when it was unverified (snapshot for gaps), else -1. */
  readonly predValidator: Int32Array[] | undefined;
  /** The result holds for any now' with lo ≤ now' < hi. */
  readonly lo: number;
  readonly hi: number;
  /** What the pass did; pruning changes these and no answer, so tests pin it here. */
  readonly work: PassWork;
}

/** Work counts of one pass. @internal */
export interface PassWork {
  /** Out-edges examined (each relaxation attempt). */
  readonly edgesScanned: number;
  /** Candidates the float products could not order, settled by the full ranking. */
  readonly fullRankings: number;
  /** Times a node's best walk was replaced. */
  readonly improvements: number;
  /** Nodes given a hop distance by the backward search of a point query. */
  readonly targetDistances: number;
}

/**
 * Runs one search. `discount` (per node, 0 = no trust) enables unverified edges.
 * `domainId` -1 = every domain, -2 = a domain the graph does not know (no edges).
 * With `target` ≥ 0 only the target's answer is needed: branch and bound prunes every
 * walk whose value is already below the target's current best (a product only shrinks,
 * so such a walk can neither beat nor tie it); other nodes' results are then partial.
 */
export function runTrustPass(
  g: TrustGraph,
  observer: number,
  maxDepth: number,
  domainId: number,
  now: number,
  discount: Float64Array | undefined,
  target = -1,
): TrustPass {
  const n = g.nodeCount;
  const value = new Float64Array(n);
  const hops = new Uint8Array(n);
  const firstReach = new Uint8Array(n).fill(UNREACHED);
  const preds: Int32Array[] = [];
  const predValidator: Int32Array[] | undefined = discount ? [] : undefined;
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let edgesScanned = 0;
  let fullRankings = 0;
  let improvements = 0;
  const targetWork = { distances: 0 };
  const result = (): TrustPass => ({
    value,
    hops,
    firstReach,
    preds,
    predValidator,
    lo,
    hi,
    work: { edgesScanned, fullRankings, improvements, targetDistances: targetWork.distances },
  });
  if (observer < 0) return result();
  value[observer] = 1;
  firstReach[observer] = 0;
  if (domainId === -2 || maxDepth === 0) return result();

  const { from } = g;
  const index = g.traversalIndex();
  const { offsets } = index;
  const overlayHead = g.overlayHead;
  const overlayNext = g.overlayNext;
  const changedIn = new Uint8Array(n);
  const pointQuery = target >= 0;
  // Point queries: hop distance to the target over in-edges, known up to `nearDepth` hops.
  // A walk at a node farther than its remaining hop budget can never end at the target.
  const nearDepth = (maxDepth + 1) >> 1;
  const near = pointQuery ? hopsToTarget(g, index, target, nearDepth, n, targetWork) : undefined;
  let frontier = new Int32Array(1);
  let frontierValue = new Float64Array(1);
  frontier[0] = observer;
  frontierValue[0] = 1;
  let frontierSize = 1;
  let next = new Int32Array(16);

  /** Effective level of the edge at `i` of `cols` now, or 0 when it is not traversable. */
  const effective = (cols: EdgeColumns, i: number): number => {
    if (domainId >= 0 && cols.domain[i] !== domainId) return 0;
    const until = cols.validUntil[i] as number;
    if (until <= now) {
      lo = Math.max(lo, until);
      return 0;
    }
    hi = Math.min(hi, until);
    let lvl = cols.level[i] as number;
    if (((cols.flags[i] as number) & 1) === 0) {
      if (!discount) return 0;
      // Verified precedence: a live verified edge (even a revocation) hides this one. Its
      // expiry needs no bound here: as an out-edge of the same node it is examined as well.
      const t = cols.twin[i] as number;
      if (t >= 0 && (g.validUntil[t] as number) > now) return 0;
      // A revocation (level 0) ends here too: 0 is below any positive level.
      lvl *= discount[cols.validator[i] as number] as number;
      if (lvl < MIN_POSITIVE_LEVEL) return 0;
    }
    return lvl;
  };

  const walkEdges = (x: number, h: number): number[] => {
    // Stryker disable next-line ArrayDeclaration: equivalent — entries 0 … h-1 are all written before the array is read
    const edges = new Array<number>(h);
    let cur = x;
    for (let k = h; k >= 1; k--) {
      const e = (preds[k - 1] as Int32Array)[cur] as number;
      edges[k - 1] = e;
      cur = from[e] as number;
    }
    return edges;
  };

  /** Full ranking of (walk to u at hu edges) + e against v's current best. >0: candidate wins. */
  const rankCandidate = (u: number, hu: number, e: number, v: number): number => {
    fullRankings++;
    const candEdges = walkEdges(u, hu);
    candEdges.push(e);
    const curEdges = walkEdges(v, hops[v] as number);
    const c = compareExactProducts(
      candEdges.map((x) => effective(g, x)),
      curEdges.map((x) => effective(g, x)),
    );
    if (c !== 0) return c;
    if (candEdges.length !== curEdges.length) return curEdges.length - candEdges.length;
    for (let i = 0; i < candEdges.length; i++) {
      const a = g.quids[g.to[candEdges[i] as number] as number] as string;
      const b = g.quids[g.to[curEdges[i] as number] as number] as string;
      if (a < b) return 1;
      if (a > b) return -1;
    }
    // Same quids: both walks reach u by u's best walk of hu edges (fixed since round hu), so
    // they differ only in their last edges, two parallel edges from u to v.
    const last = candEdges.length - 1;
    return compareEdgeKeys(g, curEdges[last] as number, candEdges[last] as number);
  };

  for (let j = 1; j <= maxDepth && frontierSize > 0; j++) {
    const pred = new Int32Array(n).fill(-1);
    preds.push(pred);
    let pv: Int32Array | undefined;
    if (predValidator) {
      pv = new Int32Array(n).fill(-1);
      predValidator.push(pv);
    }
    let nextSize = 0;
    const relax = (cols: EdgeColumns, i: number, e: number, u: number, cu: number): void => {
      edgesScanned++;
      const lvl = effective(cols, i);
      if (lvl === 0) return;
      const v = cols.to[i] as number;
      if (v === observer) return;
      if (near && maxDepth - j <= nearDepth && (near[v] as number) > maxDepth - j) return;
      const cand = cu * lvl;
      const cv = value[v] as number;
      if (cand < cv * DOWN) return;
      if (pointQuery && cand < (value[target] as number) * DOWN) return;
      if (!(cand > cv * UP) && rankCandidate(u, j - 1, e, v) <= 0) return;
      improvements++;
      value[v] = cand;
      hops[v] = j;
      pred[v] = e;
      if (pv) pv[v] = ((cols.flags[i] as number) & 1) === 0 ? (cols.validator[i] as number) : -1;
      if (firstReach[v] === UNREACHED) firstReach[v] = j;
      if (changedIn[v] !== j) {
        changedIn[v] = j;
        next = grow(next, nextSize + 1);
        next[nextSize++] = v;
      }
    };
    for (let f = 0; f < frontierSize; f++) {
      const u = frontier[f] as number;
      const cu = frontierValue[f] as number;
      // The target's own out-edges cannot improve it, nor can a walk already worse than it.
      if (pointQuery && (u === target || cu < (value[target] as number) * DOWN)) continue;
      // A node added since the index was built has no entry there (end 0: no positions).
      const end = offsets[u + 1] ?? 0;
      for (let p = offsets[u] as number; p < end; p++)
        relax(index, p, index.edge[p] as number, u, cu);
      for (let e = overlayHead[u] ?? -1; e >= 0; e = overlayNext[e] as number)
        relax(g, e, e, u, cu);
    }
    // Snapshot the improved nodes' values: round j+1 must extend walks of ≤ j edges only.
    frontier = grow(frontier, nextSize);
    frontierValue = grow(frontierValue, nextSize);
    for (let i = 0; i < nextSize; i++) {
      const v = next[i] as number;
      frontier[i] = v;
      frontierValue[i] = value[v] as number;
    }
    frontierSize = nextSize;
  }
  return result();
}

/**
 * Backward BFS from `target` over every edge (levels ignored: a safe over-approximation),
 * `depth` layers deep; counts the nodes it labels in `work.distances`.
 */
function hopsToTarget(
  g: TrustGraph,
  index: TraversalIndex,
  target: number,
  depth: number,
  n: number,
  work: { distances: number },
): Uint8Array {
  const { from } = g;
  const dist = new Uint8Array(n).fill(UNREACHED);
  dist[target] = 0;
  let layer = [target];
  // depth ≤ 8 (half of MAX_DEPTH_LIMIT, rounded up): a layer left empty costs nothing.
  for (let d = 1; d <= depth; d++) {
    // Stryker disable next-line ArrayDeclaration: equivalent — a non-numeric entry has no in-edges (every lookup by it is undefined), so it labels no node
    const nextLayer: number[] = [];
    const visit = (x: number) => {
      if (dist[x] === UNREACHED) {
        dist[x] = d;
        work.distances++;
        nextLayer.push(x);
      }
    };
    for (const v of layer) {
      const end = index.inOffsets[v + 1] ?? 0;
      for (let p = index.inOffsets[v] as number; p < end; p++)
        visit(from[index.inEdge[p] as number] as number);
      for (let e = g.inOverlayHead[v] ?? -1; e >= 0; e = g.inOverlayNext[e] as number)
        visit(g.from[e] as number);
    }
    layer = nextLayer;
  }
  return dist;
}

/**
 * Tie-break between two different parallel edges: verified first, then the smaller domain.
 * >0: b wins. Edges with the same endpoints, verified flag and domain are one edge (its
 * key), so two different ones differ in one of these and there is no tie.
 */
function compareEdgeKeys(g: TrustGraph, a: number, b: number): number {
  const va = g.isVerified(a);
  const vb = g.isVerified(b);
  if (va !== vb) return va ? -1 : 1;
  const da = g.domains[g.domain[a] as number] as string;
  const db = g.domains[g.domain[b] as number] as string;
  return da < db ? -1 : 1;
}
