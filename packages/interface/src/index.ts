export type { BlockFeed, BlockLog, StoredBlock } from './block-log.js';
export type { BlockRootStore, StoredRoot } from './block-root-store.js';
export type { Clock } from './clock.js';
export {
  type BlockHead,
  HeadConflictError,
  isHeadConflict,
  isStoreError,
  StoreError,
  type StoreErrorCode,
  sameHead,
} from './errors.js';
export type { KeyPoolStatus, KeyPoolStore, PooledKey } from './key-pool-store.js';
export {
  type BlockFeedStart,
  BlockLogFeeds,
  type BlockPages,
  PagedBlockFeed,
  pagedRange,
} from './paged-block-feed.js';
export type { SnapshotStore, StoredSnapshot } from './snapshot-store.js';
export { checkAppend, checkBytes, checkIndex } from './store-arguments.js';
