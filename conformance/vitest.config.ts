import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'conformance', testTimeout: 60_000 },
});
