import { defineConfig } from 'tsup';
import { appPreset } from '../../tsup.preset.js';

export default defineConfig(appPreset());
