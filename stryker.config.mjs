// Shared StrykerJS settings; run from a package directory (see scripts/mutation.mjs and
// docs/testing.md): `cd packages/q-uri && npx stryker run ../../stryker.config.mjs`.

/** What is mutated by default: every source file of the package ... */
export const MUTATE = ['src/**/*.ts'];

/**
 * ... except these, each with its reason. scripts/mutation.mjs appends them as `!glob` to any
 * --files / --changed selection as well, so they stay excluded however the run is narrowed.
 * (bench/, fuzz/ and test/ are outside src/ and never mutated: they are not shipped code.)
 */
export const MUTATE_EXCLUDED = [
  {
    glob: 'src/**/index.ts',
    reason: 'public entry points: only re-exports, no behaviour to mutate',
  },
  {
    glob: 'src/**/*.generated.ts',
    reason: 'generated from the JSON schemas; the generator and the schemas are tested instead',
  },
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  mutate: [...MUTATE, ...MUTATE_EXCLUDED.map(({ glob }) => `!${glob}`)],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would need every test per mutant: too slow on 2 cores.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // `pnpm mutation -- --incremental` keeps results here and re-tests only mutants whose code or
  // covering tests changed since (every test of an edited test file counts as changed).
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // The sandbox (a copy of the package) goes to <root>/.stryker-tmp/sandbox-*, two levels below
  // the root like packages/<name>: tests that find shared files relative to their own location
  // (conformance vectors, schemas, reference data: `new URL('../../../conformance/…',
  // import.meta.url)`) and tsconfig's `extends: ../../tsconfig.base.json` resolve the same in the
  // sandbox as in the package, and no sandbox lands inside a vitest project's directory.
  // So run Stryker from a directory two levels below the root (scripts/mutation.mjs does).
  tempDirName: '../../.stryker-tmp',
  // Stryker rewrites `extends` in tsconfig.json for a sandbox two levels below the package
  // (../../tsconfig.base.json becomes ../../../../…). Ours is two levels below the root, where the
  // original path is already right, so the rewriter is pointed at a file that does not exist.
  tsconfigFile: 'tsconfig.not-rewritten.json',
  // Stryker always skips its own temp dir, but only under the name above; a package-local
  // .stryker-tmp (from a run with the default name) must not be copied into the sandbox.
  ignorePatterns: ['.stryker-tmp'],
  concurrency: 2,
  timeoutMS: 20000,
};
