import type { PackageAdapter } from '../adapter.js';

/** Operations of @qcos/eks-qkd-sim that vectors in conformance/vectors/eks-qkd-sim/ can name. */
export const adapter: PackageAdapter = {
  package: 'eks-qkd-sim',
  operations: {},
};
