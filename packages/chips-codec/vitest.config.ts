import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'chips-codec', testTimeout: 60_000 },
});
