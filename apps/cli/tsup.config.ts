import { defineConfig } from 'tsup';

// Apps are not published: one ESM bundle of their own code, dependencies left external.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'es2022',
  banner: { js: '#!/usr/bin/env node' },
});
