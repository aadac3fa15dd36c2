import { defineConfig } from 'tsup';
import { appPreset } from '../../tsup.preset.js';

// `qcos` runs as a command, so its bundle starts with a shebang.
export default defineConfig(appPreset({ banner: { js: '#!/usr/bin/env node' } }));
