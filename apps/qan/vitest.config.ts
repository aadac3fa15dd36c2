import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'qan', testTimeout: 60_000 },
});
