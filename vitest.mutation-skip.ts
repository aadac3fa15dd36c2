/**
 * Test files `pnpm mutation --skip-tests A,B` leaves out, under Stryker only (it sets
 * STRYKER_MUTATOR_WORKER in its test processes); empty everywhere else, so `pnpm test` always runs
 * every file. A project's vitest config adds these to its `exclude`. Scores measured without
 * some tests are lower bounds.
 */
export function mutationSkippedTests(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.STRYKER_MUTATOR_WORKER === undefined) return [];
  return (env.QCOS_MUTATION_SKIP_TESTS ?? '').split(',').filter((f) => f !== '');
}
