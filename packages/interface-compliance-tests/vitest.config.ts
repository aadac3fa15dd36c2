import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'interface-compliance-tests', testTimeout: 60_000 },
});
