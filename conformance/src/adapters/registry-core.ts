import type { PackageAdapter } from '../adapter.js';

/** Operations of @qcos/registry-core that vectors in conformance/vectors/registry-core/ can name. */
export const adapter: PackageAdapter = {
  package: 'registry-core',
  operations: {},
};
