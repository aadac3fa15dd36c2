import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'etcd-store', testTimeout: 60_000, hookTimeout: 60_000 },
});
