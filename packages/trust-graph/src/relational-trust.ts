/** Entry points: trust from an observer to one target, or to every quid. */
import type { TrustGraph } from './graph.js';
import { runTrustPass } from './layered-trust-search.js';
import { SingleSourceTrust } from './single-source-result.js';
import {
  checkQuid,
  type RelationalTrust,
  resolveQuery,
  type TrustQueryOptions,
} from './trust-query.js';

/**
 * Trust from `observer` to every quid of `graph` in one pass (see layered-trust-search.ts).
 * With `includeUnverified`, a first verified-only pass gives the discount for each
 * validator, and a second pass admits unverified edges at level × discount.
 */
export function computeSingleSourceTrust(
  graph: TrustGraph,
  observer: string,
  options: TrustQueryOptions,
): SingleSourceTrust {
  const obs = checkQuid(observer, 'observer');
  const q = resolveQuery(options);
  const index = graph.nodeIndex.get(obs) ?? -1;
  const domainId = q.domain === undefined ? -1 : (graph.domainIndex.get(q.domain) ?? -2);
  const verifiedPass = runTrustPass(graph, index, q.maxDepth, domainId, q.now, undefined);
  if (!q.includeUnverified)
    return new SingleSourceTrust(graph, obs, index, q, verifiedPass, undefined);
  const pass = runTrustPass(graph, index, q.maxDepth, domainId, q.now, verifiedPass.value);
  return new SingleSourceTrust(graph, obs, index, q, pass, verifiedPass);
}

/**
 * The exact relational trust from `observer` to `target`: the best simple path of at most
 * `maxDepth` edges (default 5) by product of levels; ties go to fewer edges, then the
 * lexicographically smaller path. observer = target → 1 with path [observer];
 * no path → 0 with an empty path.
 */
export function computeRelationalTrust(
  graph: TrustGraph,
  observer: string,
  target: string,
  options: TrustQueryOptions,
): RelationalTrust {
  const obs = checkQuid(observer, 'observer');
  const t = checkQuid(target, 'target');
  const q = resolveQuery(options);
  const index = graph.nodeIndex.get(obs) ?? -1;
  const targetIndex = graph.nodeIndex.get(t) ?? -1;
  if (index < 0 || targetIndex < 0 || obs === t) {
    // Nothing to search: the observer itself, or a quid without edges.
    const empty = runTrustPass(graph, -1, 0, -2, q.now, undefined);
    return new SingleSourceTrust(graph, obs, -1, q, empty, undefined).resultFor(t);
  }
  const domainId = q.domain === undefined ? -1 : (graph.domainIndex.get(q.domain) ?? -2);
  // The discount pass must be complete (any validator may be needed); the main pass is
  // bounded by the target's best so far.
  const verifiedPass = runTrustPass(
    graph,
    index,
    q.maxDepth,
    domainId,
    q.now,
    undefined,
    q.includeUnverified ? -1 : targetIndex,
  );
  if (!q.includeUnverified)
    return new SingleSourceTrust(graph, obs, index, q, verifiedPass, undefined).resultFor(t);
  const pass = runTrustPass(
    graph,
    index,
    q.maxDepth,
    domainId,
    q.now,
    verifiedPass.value,
    targetIndex,
  );
  return new SingleSourceTrust(graph, obs, index, q, pass, verifiedPass).resultFor(t);
}

/**
 * The `distrust` input of classifyAcceptance: the strongest verified revocation of
 * `target` live at `now`, weighed by the observer's verified-only trust in the revoker
 * (1 when the observer itself revoked). 0 when nobody the observer trusts has revoked it.
 */
export function computeDistrust(
  graph: TrustGraph,
  observer: string,
  target: string,
  options: TrustQueryOptions,
): number {
  const obs = checkQuid(observer, 'observer');
  const q = resolveQuery(options);
  const revocations = graph.revocationsOf(checkQuid(target, 'target'), q);
  if (revocations.length === 0) return 0;
  const trust = computeSingleSourceTrust(graph, obs, { ...q, includeUnverified: false });
  let distrust = 0;
  for (const r of revocations) distrust = Math.max(distrust, trust.trustIn(r.truster));
  return distrust;
}
