import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'trust-graph', testTimeout: 60_000 },
});
