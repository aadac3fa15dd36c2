import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'interface', testTimeout: 60_000 },
});
