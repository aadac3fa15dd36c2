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

/**
 * One build shape for every app: apps are not published, so one ESM bundle of their own code
 * with dependencies left external. `banner` adds e.g. a shebang to a command's entry.
 */
export function appPreset(extra: Pick<Options, 'banner'> = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    clean: true,
    sourcemap: true,
    target: 'es2022',
    ...extra,
  };
}
