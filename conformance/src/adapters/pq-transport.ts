import type { PackageAdapter } from '../adapter.js';

/** Operations of @qcos/pq-transport that vectors in conformance/vectors/pq-transport/ can name. */
export const adapter: PackageAdapter = {
  package: 'pq-transport',
  operations: {},
};
