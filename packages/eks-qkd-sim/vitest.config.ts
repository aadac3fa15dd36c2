import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'eks-qkd-sim', testTimeout: 60_000 },
});
