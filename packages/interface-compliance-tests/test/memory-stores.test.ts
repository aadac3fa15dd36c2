import type { StoredRoot, StoredSnapshot } from '@qcos/interface';
import {
  blockLogCompliance,
  blockRootStoreCompliance,
  keyPoolStoreCompliance,
  snapshotStoreCompliance,
} from '../src/index.js';
import {
  MemoryLogStorage,
  memoryBlockLog,
  memoryBlockRootStore,
  memoryKeyPoolStore,
  memorySnapshotStore,
} from './memory-stores.js';

// In-memory storage does not survive a restart, so these fixtures have no `restart` and the
// suites register no durability tests for them.
blockLogCompliance('memoryBlockLog', () => {
  const storage = new MemoryLogStorage();
  return { open: async () => memoryBlockLog(storage), dispose: async () => {} };
});
snapshotStoreCompliance('memorySnapshotStore', () => {
  const storage = new Map<number, StoredSnapshot>();
  return { open: async () => memorySnapshotStore(storage), dispose: async () => {} };
});
blockRootStoreCompliance('memoryBlockRootStore', () => {
  const storage = new Map<number, StoredRoot>();
  return { open: async () => memoryBlockRootStore(storage), dispose: async () => {} };
});
keyPoolStoreCompliance('memoryKeyPoolStore', () => {
  const storage: Parameters<typeof memoryKeyPoolStore>[0] = [];
  return { open: async () => memoryKeyPoolStore(storage), dispose: async () => {} };
});
