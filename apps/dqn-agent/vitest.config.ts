import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'dqn-agent', testTimeout: 60_000 },
});
