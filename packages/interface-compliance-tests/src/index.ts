export { blockLogCompliance, testBlock } from './block-log.js';
export { blockRootStoreCompliance } from './block-root-store.js';
export type { StoreFactory, StoreFixture } from './fixture.js';
export { keyPoolStoreCompliance } from './key-pool-store.js';
export { snapshotStoreCompliance } from './snapshot-store.js';
export { expectBytes, headConflict, rejection } from './util.js';
