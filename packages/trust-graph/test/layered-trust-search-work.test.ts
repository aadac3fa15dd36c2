import type { Quid } from '@qcos/identity';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLOAT_ORDER_MARGIN } from '../src/exact-product.js';
import { computeRelationalTrust, computeSingleSourceTrust, TrustGraph } from '../src/index.js';
import { runTrustPass, type TrustPass } from '../src/layered-trust-search.js';
import { graphOf, q } from './fixtures.js';

// The layered search prunes: branch and bound against the target's best, hop distances to the
// target (`near`), and the float margins that settle most comparisons without the exact
// ranking. Pruning changes no answer (the brute-force comparisons elsewhere pin the answers),
// only the work, so these tests count the work of small hand-built graphs, each count derived
// in a comment. A search runs rounds j = 1 … maxDepth; in round j the nodes improved in round
// j-1 (the frontier) relax their out-edges; `remaining` below is maxDepth - j, the hops left
// after an edge of round j. A point query knows the hop distance near(v) to the target up to
// nearDepth = ⌈maxDepth / 2⌉ hops and drops a walk at v when remaining ≤ nearDepth and
// near(v) > remaining.

const [A, B, C, D, E, T, V, W, X, Y, Z] = 'abcdef0123456'.split('').map(q) as Quid[] as [
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
  Quid,
];
const now = 1_000;
const DOWN = 1 - FLOAT_ORDER_MARGIN;
const UP = 1 + FLOAT_ORDER_MARGIN;

/** One verified-only pass from `observer`: to every quid, or to `target` only. */
function pass(g: TrustGraph, observer: Quid, maxDepth: number, target?: Quid): TrustPass {
  const index = (x: Quid) => g.nodeIndex.get(x) ?? -1;
  const t = target === undefined ? -1 : index(target);
  return runTrustPass(g, index(observer), maxDepth, -1, now, undefined, t);
}

/** The work counts and the number of rounds run. */
const work = (p: TrustPass) => ({ ...p.work, rounds: p.preds.length });

const counts = (
  edgesScanned: number,
  fullRankings: number,
  improvements: number,
  targetDistances: number,
  rounds: number,
) => ({ edgesScanned, fullRankings, improvements, targetDistances, rounds });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('branch and bound against the target', () => {
  // T→D 1, A→T 0.5, A→B 0.25, B→C 1, C→T 1; maxDepth 3, nearDepth 2. Backward from T:
  // A and C at 1, B at 2 (3 distances); D never reaches T. T is node 0.
  const edges: [Quid, Quid, number][] = [
    [T, D, 1],
    [A, T, 0.5],
    [A, B, 0.25],
    [B, C, 1],
    [C, T, 1],
  ];

  it('drops a walk worse than the target, and never expands the target', () => {
    const g = graphOf(edges);
    const p = pass(g, A, 3, T);
    // Round 1: A→T improves T to 0.5; A→B (0.25) is below T's 0.5: dropped. Round 2: the
    // frontier is T alone, which is not expanded; nothing improves, the search ends.
    expect(work(p)).toStrictEqual(counts(2, 0, 1, 3, 2));
    expect(p.value[g.nodeIndex.get(T) ?? -1]).toBe(0.5);
  });

  it('skips a frontier node that fell below the target after it improved', () => {
    const g = graphOf([edges[0], edges[2], edges[1], edges[3], edges[4]] as [Quid, Quid, number][]);
    const p = pass(g, A, 3, T);
    // Round 1: A→B first (T still 0), so B improves to 0.25; then A→T improves T to 0.5.
    // Round 2: B (0.25 < 0.5) and T (the target) are both skipped: no edge is scanned.
    expect(work(p)).toStrictEqual(counts(2, 0, 2, 3, 2));
  });

  it('prunes nothing in a pass to every quid', () => {
    const g = graphOf(edges);
    // Round 1: T 0.5, B 0.25. Round 2: T→D (D 0.5), B→C (C 0.25). Round 3: D has no edges,
    // C→T offers 0.25 < 0.5 (settled by the float product). 5 edges, 4 improvements.
    expect(work(pass(g, A, 3))).toStrictEqual(counts(5, 0, 4, 0, 3));
  });
});

describe('hop distances to the target', () => {
  // A→B→C→T, a branch A→X→Y→Z that never reaches T, and C→W→C; all level 1. maxDepth 4,
  // nearDepth 2: backward from T, C at 1, B and W at 2 (3 distances); A, X, Y, Z unknown (> 2).
  const edges: [Quid, Quid, number][] = [
    [A, B, 1],
    [B, C, 1],
    [C, T, 1],
    [A, X, 1],
    [X, Y, 1],
    [Y, Z, 1],
    [C, W, 1],
    [W, C, 1],
  ];

  it('drop a walk that cannot reach the target within the hops left', () => {
    const g = graphOf(edges);
    const p = pass(g, A, 4, T);
    // Round 1 (remaining 3 > nearDepth: no drop): B and X improve. Round 2 (remaining 2):
    // B→C improves C (near 1); X→Y is dropped (Y farther than 2). Round 3 (remaining 1):
    // C→T improves T; C→W is dropped (W at 2 > 1). Round 4: T, the target, is not expanded.
    expect(work(p)).toStrictEqual(counts(6, 0, 4, 3, 4));
    expect(p.value[g.nodeIndex.get(T) ?? -1]).toBe(1);
  });

  it('are not computed for a pass to every quid', () => {
    const g = graphOf(edges);
    // Rounds 1-3 improve B, X; C, Y; T, W, Z (8 edges so far: 2 + 2 + 3). Round 4: W→C ties
    // C's value with a longer walk: the exact ranking rejects it. T and Z have no edges.
    expect(work(pass(g, A, 4))).toStrictEqual(counts(8, 1, 7, 0, 4));
  });
});

describe('float margins', () => {
  it('send a candidate exactly at the lower margin to the exact ranking', () => {
    // A→T 1, A→X (1 - margin), X→T 1; maxDepth 2, nearDepth 1: A and X at 1 from T.
    const g = graphOf([
      [A, T, 1],
      [A, X, DOWN],
      [X, T, 1],
    ]);
    const p = pass(g, A, 2, T);
    // Round 1: T improves to 1; X's value, DOWN, is exactly T's value × DOWN: not below it,
    // so X improves. Round 2: X (exactly at the bound) is expanded: X→T offers DOWN against
    // T's 1, exactly 1 × DOWN again, so the exact ranking decides (and rejects it).
    expect(work(p)).toStrictEqual(counts(3, 1, 2, 2, 2));
  });

  it('send a candidate exactly at the upper margin to the exact ranking', () => {
    // A→V 0.5, A→X 1, X→V 0.5 × (1 + margin): V's second candidate is exactly 0.5 × UP.
    const g = graphOf([
      [A, V, 0.5],
      [A, X, 1],
      [X, V, 0.5 * UP],
    ]);
    const p = pass(g, A, 2);
    // Round 1: V 0.5, X 1. Round 2: X→V is not above 0.5 × UP, so the exact ranking decides;
    // it is greater, and wins.
    expect(work(p)).toStrictEqual(counts(3, 1, 3, 0, 2));
    expect(p.value[g.nodeIndex.get(V) ?? -1]).toBe(0.5 * UP);
  });
});

describe('edges that cannot improve anything', () => {
  it('skip a revocation and an edge back to the observer without ranking them', () => {
    // A→B 1, B→A 1 (back to the observer), A→C 0 (a revocation).
    const g = graphOf([
      [A, B, 1],
      [B, A, 1],
      [A, C, 0],
    ]);
    // Round 1: A→B improves B; A→C is level 0. Round 2: B→A ends at the observer.
    expect(work(pass(g, A, 2))).toStrictEqual(counts(3, 0, 1, 0, 2));
  });
});

describe('rounds and predecessors', () => {
  // A→B 0.5, A→C 1, B→D 0.5, C→D 1, D→E 0.5: node indices A 0, B 1, C 2, D 3, E 4.
  const g = () =>
    graphOf([
      [A, B, 0.5],
      [A, C, 1],
      [B, D, 0.5],
      [C, D, 1],
      [D, E, 0.5],
    ]);

  it('expand a node improved twice in a round once, and stop when nothing improved', () => {
    const p = pass(g(), A, 5);
    // Round 1: B, C. Round 2: B→D (0.25), then C→D (1) improves D again, but D joins the next
    // frontier once. Round 3: D→E. Round 4: E has no edges; nothing improved, so no round 5.
    expect(work(p)).toStrictEqual(counts(5, 0, 5, 0, 4));
    // preds[h-1][v]: the edge into v on its best walk of exactly h edges, else -1.
    expect(p.preds.map((x) => [...x])).toStrictEqual([
      [-1, 0, 1, -1, -1],
      [-1, -1, -1, 3, -1],
      [-1, -1, -1, -1, 4],
      [-1, -1, -1, -1, -1],
    ]);
    expect(p.predValidator).toBe(undefined);
  });

  it('record the validator of an unverified edge, else -1', () => {
    const h = new TrustGraph();
    h.setEdge({ truster: A, trustee: V, level: 1 });
    h.setEdge({ truster: A, trustee: B, level: 0.5, verified: false, validator: V });
    const discount = pass(h, A, 2).value;
    const p = runTrustPass(h, 0, 2, -1, now, discount);
    // Nodes A 0, V 1, B 2. Round 1 reaches V (verified) and B (through V's vouching).
    expect(p.predValidator?.map((x) => [...x])).toStrictEqual([
      [-1, -1, 1],
      [-1, -1, -1],
    ]);
    expect([...p.value]).toStrictEqual([1, 1, 0.5]);
  });
});

describe('searches that need no traversal index', () => {
  const chain = () =>
    graphOf([
      [A, B, 0.5],
      [B, C, 0.5],
    ]);

  it.each([
    ['an observer the graph does not know', Z, {}],
    ['maxDepth 0', A, { maxDepth: 0 }],
    ['a domain the graph does not know', A, { domain: 'nope' }],
  ])('%s', (_, observer, extra) => {
    const g = chain();
    const builds = vi.spyOn(g, 'traversalIndex');
    const all = computeSingleSourceTrust(g, observer, { now, includeUnverified: true, ...extra });
    expect([all.trustIn(B), all.trustIn(C), all.pass.preds.length]).toStrictEqual([0, 0, 0]);
    expect(computeRelationalTrust(g, observer, C, { now, ...extra }).trustLevel).toBe(0);
    expect(builds).toHaveBeenCalledTimes(0);
  });

  it('runs no round for observer -1', () => {
    const g = chain();
    const builds = vi.spyOn(g, 'traversalIndex');
    expect(work(runTrustPass(g, -1, 5, -1, now, undefined))).toStrictEqual(counts(0, 0, 0, 0, 0));
    expect(builds).toHaveBeenCalledTimes(0);
  });
});

describe('ties between parallel edges', () => {
  const [V1, V2] = [q('7'), q('8')];
  const opts = { now, includeUnverified: true };

  // A→V1 0.5 (verified), so an edge V1 vouches for counts at half its level.
  const verifiedY = { domain: 'y', verified: true, level: 0.25 };
  const unverifiedX = { domain: 'x', verified: false, validator: V1, level: 0.5 };
  it.each([
    ['verified edge first', [verifiedY, unverifiedX]],
    ['unverified edge first', [unverifiedX, verifiedY]],
  ])('prefer the verified edge even in a later domain (%s)', (_, parallel) => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: V1, level: 0.5 });
    for (const p of parallel) g.setEdge({ truster: A, trustee: B, ...p });
    expect(computeRelationalTrust(g, A, B, opts)).toMatchObject({
      trustLevel: 0.25,
      unverifiedHops: 0,
      confidence: 'high',
    });
  });

  // A→B 1, then two unverified B→C at 0.5, vouched for by V1 and V2 (both trusted 0.5).
  const hop2 = (validator: Quid, domain: string) => ({
    truster: B,
    trustee: C,
    level: 0.5,
    verified: false,
    validator,
    domain,
  });
  it.each([
    ['domain x first', [hop2(V1, 'x'), hop2(V2, 'y')]],
    ['domain y first', [hop2(V2, 'y'), hop2(V1, 'x')]],
  ])('after a shared first edge prefer the smaller domain (%s)', (_, parallel) => {
    const g = new TrustGraph();
    g.setEdge({ truster: A, trustee: B, level: 1 });
    g.setEdge({ truster: A, trustee: V1, level: 0.5 });
    g.setEdge({ truster: A, trustee: V2, level: 0.5 });
    for (const p of parallel) g.setEdge(p);
    const gaps = [{ from: B, to: C, validator: V1, validatorTrust: 0.5 }];
    expect(computeRelationalTrust(g, A, C, opts)).toMatchObject({ trustLevel: 0.25, gaps });
    expect(computeSingleSourceTrust(g, A, opts).resultFor(C).gaps).toStrictEqual(gaps);
  });
});
