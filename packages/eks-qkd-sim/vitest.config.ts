import { configDefaults, defineProject } from 'vitest/config';

// Under mutation testing (Stryker sets STRYKER_MUTATOR_WORKER in its test processes) every
// statement is instrumented, which makes the long statistical tests (Cascade over 1 200 keys)
// more than 20 times slower than the 3 s they take otherwise; they must still finish in the
// initial run. Stryker times each mutant out from its own measurement of that run.
const underMutation = process.env.STRYKER_MUTATOR_WORKER !== undefined;
// `pnpm mutation --skip-tests test/a.test.ts,…` leaves those files out, under Stryker only: a
// mutant covered by the 1 200-key Cascade test costs a minute each. Scores are then lower bounds.
const skipped = underMutation
  ? (process.env.QCOS_MUTATION_SKIP_TESTS ?? '').split(',').filter((f) => f !== '')
  : [];

export default defineProject({
  test: {
    name: 'eks-qkd-sim',
    testTimeout: underMutation ? 900_000 : 60_000,
    exclude: [...configDefaults.exclude, ...skipped],
  },
});
