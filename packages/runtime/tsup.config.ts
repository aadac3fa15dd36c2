import { defineConfig } from 'tsup';
import { packagePreset } from '../../tsup.preset.js';

// The EKS round worker thread is its own entry: the pool starts dist/eks-round-worker.js (or
// .cjs) next to the bundle.
export default defineConfig(
  packagePreset({ index: 'src/index.ts', 'eks-round-worker': 'src/eks/eks-round-worker.ts' }),
);
