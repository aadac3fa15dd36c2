import { configDefaults, defineProject } from 'vitest/config';
import { mutationSkippedTests } from '../../vitest.mutation-skip.js';

// `pnpm mutation --package qan --skip-tests 'test/*.e2e.test.ts'` leaves the end-to-end tests out
// under Stryker: they run the built bundle, never the mutated source.
export default defineProject({
  test: {
    name: 'qan',
    testTimeout: 60_000,
    exclude: [...configDefaults.exclude, ...mutationSkippedTests()],
  },
});
