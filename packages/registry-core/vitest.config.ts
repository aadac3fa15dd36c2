import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'registry-core', testTimeout: 60_000 },
});
