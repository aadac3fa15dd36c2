import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'runtime', testTimeout: 60_000 },
});
