import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'qan-api', testTimeout: 60_000 },
});
