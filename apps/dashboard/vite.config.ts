import { defineConfig } from 'vite';

// The QAN serves the built files under /ui/; JSX compiles to Preact without a plugin.
export default defineConfig({
  base: '/ui/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
