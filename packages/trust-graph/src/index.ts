export * from './acceptance.js';
export * from './errors.js';
export * from './go-json.js';
export { DEFAULT_TRUST_DOMAIN, type TrustEdge, type TrustEdgeInput, TrustGraph } from './graph.js';
export * from './limits.js';
export * from './nonce-ledger.js';
export { type PpmTrustEdges, relationalTrustPpm } from './ppm-trust.js';
export * from './quidnug-v1.js';
export * from './records.js';
export * from './relational-trust.js';
export { SingleSourceTrust } from './single-source-result.js';
export * from './trust-cache.js';
export type {
  RelationalTrust,
  TrustConfidence,
  TrustQueryOptions,
  VerificationGap,
} from './trust-query.js';
