import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'relay', testTimeout: 60_000 },
});
