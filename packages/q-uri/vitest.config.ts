import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'q-uri', testTimeout: 60_000 },
});
