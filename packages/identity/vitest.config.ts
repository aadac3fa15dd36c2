import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'identity', testTimeout: 60_000 },
});
