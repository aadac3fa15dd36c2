import { defineConfig } from 'tsup';
import { appPreset } from '../../tsup.preset.js';

// The job worker thread is its own entry: the pool starts dist/job-worker.js next to the bundle.
export default defineConfig({ ...appPreset(), entry: ['src/index.ts', 'src/job-worker.ts'] });
