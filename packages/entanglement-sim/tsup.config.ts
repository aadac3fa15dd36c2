import { defineConfig } from 'tsup';
import { packagePreset } from '../../tsup.preset.js';

export default defineConfig(packagePreset({ index: 'src/index.ts' }));
