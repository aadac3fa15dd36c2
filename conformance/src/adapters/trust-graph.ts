import type { PackageAdapter } from '../adapter.js';

/** Operations of @qcos/trust-graph that vectors in conformance/vectors/trust-graph/ can name. */
export const adapter: PackageAdapter = {
  package: 'trust-graph',
  operations: {},
};
