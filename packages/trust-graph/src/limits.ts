/** Explicit bounds of the trust engine; the spec (docs/spec/trust-graph.md) restates them. */

/** Default path length bound, in edges (the Quidnug default). */
export const DEFAULT_MAX_DEPTH = 5;
/** Largest accepted `maxDepth`. Keeps products of levels ≥ MIN_POSITIVE_LEVEL normal doubles. */
export const MAX_DEPTH_LIMIT = 16;
/**
 * Smallest positive trust level an edge may carry (2^-32). Smaller non-zero levels are
 * rejected, and unverified edges whose discounted level falls below it are ignored, so a
 * path product is never below 2^-512 and floating-point error bounds hold.
 */
export const MIN_POSITIVE_LEVEL = 2 ** -32;
/** Most distinct quids one graph holds (node indices fit 24 bits). */
export const MAX_NODES = 2 ** 24;
/** Most edges one graph holds. */
export const MAX_EDGES = 2 ** 26;
/** Longest trust-domain name, in characters (a DNS name's bound). */
export const MAX_DOMAIN_LENGTH = 253;
/** Source-node changes the graph remembers for caches to catch up on. */
export const CHANGE_JOURNAL_LENGTH = 4096;
