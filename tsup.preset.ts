import type { Options } from 'tsup';

/** One build shape for every publishable package: ESM + CJS + .d.ts/.d.cts. */
export function packagePreset(entry: Record<string, string> = { index: 'src/index.ts' }): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    splitting: false,
  };
}
