import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'pq-transport', testTimeout: 60_000 },
});
