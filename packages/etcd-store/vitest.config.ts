import { configDefaults, defineProject } from 'vitest/config';
import { mutationSkippedTests } from '../../vitest.mutation-skip.js';

// `pnpm mutation --package etcd-store --skip-tests test/faults.test.ts,…` leaves those files out
// under Stryker: the fault tests kill and restart etcd members for half a minute per run.
export default defineProject({
  test: {
    name: 'etcd-store',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    exclude: [...configDefaults.exclude, ...mutationSkippedTests()],
  },
});
