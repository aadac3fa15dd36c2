import type { PackageAdapter } from '../adapter.js';

/** Operations of @qcos/q-uri that vectors in conformance/vectors/q-uri/ can name. */
export const adapter: PackageAdapter = {
  package: 'q-uri',
  operations: {},
};
