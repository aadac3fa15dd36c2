import { defineConfig } from 'tsup';
import { packagePreset } from '../../tsup.preset.js';

// ESM only: the suites run inside vitest, which is ESM only.
export default defineConfig({ ...packagePreset({ index: 'src/index.ts' }), format: ['esm'] });
