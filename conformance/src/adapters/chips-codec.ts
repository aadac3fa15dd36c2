import type { PackageAdapter } from '../adapter.js';

/** Operations of @qcos/chips-codec that vectors in conformance/vectors/chips-codec/ can name. */
export const adapter: PackageAdapter = {
  package: 'chips-codec',
  operations: {},
};
