import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'entanglement-sim' },
});
