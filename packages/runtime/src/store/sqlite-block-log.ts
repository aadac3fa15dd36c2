import { type BlockHead, type BlockLog, type StoredBlock, StoreError } from '@qcos/interface';
import { notifyAppend, onAppend, storageKey } from './block-append-signal.js';
import type { Database } from './database.js';
import { type BlockFeedSource, SqliteBlockFeed } from './sqlite-block-feed.js';
import { blockTable } from './sqlite-block-table.js';
import { checkBytes, checkIndex } from './validate.js';

export interface SqliteBlockLogOptions {
  /** Height of the first block (default 1: height 0 is the genesis, never stored). */
  readonly firstHeight?: number;
  /**
   * How often a waiting feed looks for blocks that another process committed to the same file
   * (default 250 ms). Blocks appended in this process, through any connection to the same file,
   * wake the feeds at once.
   */
  readonly pollIntervalMs?: number;
  /** Most blocks read by one query of `range` or `follow`, and held by a feed (default 64). */
  readonly pageSize?: number;
}

const closedError = () => new StoreError('STORE_CLOSED', 'the block log is closed');

/** Throws STORE_INVALID_ARGUMENT unless `block` and `expectedHead` are well formed. */
function checkAppend(block: StoredBlock, expectedHead: BlockHead | null): void {
  checkIndex(block?.height, 'height');
  checkBytes(block.hash, 'hash');
  checkBytes(block.bytes, 'bytes');
  if (expectedHead !== null) {
    checkIndex(expectedHead?.height, 'expectedHead.height');
    checkBytes(expectedHead.hash, 'expectedHead.hash');
  }
}

/** The error a feed from `fromHeight` starts with: the log is closed or the height is malformed. */
function followFailure(open: () => void, fromHeight: number): unknown {
  try {
    open();
    checkIndex(fromHeight, 'fromHeight');
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Blocks with `from <= height < to` read a page at a time; `to` defaults to one past the head
 * when the first block is requested. `open` throws once the log is closed.
 */
function pagedRange(
  source: BlockFeedSource,
  open: () => void,
  headHeight: () => number | undefined,
  from: number,
  to: number | undefined,
): AsyncIterable<StoredBlock> {
  return {
    async *[Symbol.asyncIterator]() {
      open();
      checkIndex(from, 'from');
      if (to !== undefined) checkIndex(to, 'to');
      const end = to ?? (headHeight() ?? -1) + 1;
      let next = from;
      while (next < end) {
        open();
        const blocks = source.page(next, end);
        if (blocks.length === 0) return;
        for (const b of blocks) yield b;
        next = (blocks[blocks.length - 1] as StoredBlock).height + 1;
      }
    },
  };
}

/**
 * SQLite block log. `append` commits (WAL + synchronous=FULL) before its promise resolves, so a
 * resolved append is on disk. Compare-and-append runs inside one IMMEDIATE transaction, so two
 * connections to the same file cannot both append on the same head.
 */
export function sqliteBlockLog(db: Database, options: SqliteBlockLogOptions = {}): BlockLog {
  const firstHeight = options.firstHeight ?? 1;
  const pageSize = options.pageSize ?? 64;
  checkIndex(firstHeight, 'firstHeight');
  const table = blockTable(db, firstHeight);
  const key = storageKey(db);
  const source: BlockFeedSource = {
    page: (from, to) => table.page(from, to, pageSize),
    onAppend: (listener) => onAppend(key, listener),
    pollIntervalMs: options.pollIntervalMs ?? 250,
  };
  let closed = false;
  const feeds = new Set<SqliteBlockFeed>();
  const open = (): void => {
    if (closed) throw closedError();
  };
  return {
    firstHeight,
    head: async () => {
      open();
      return table.last();
    },
    append: async (block, expectedHead) => {
      open();
      checkAppend(block, expectedHead);
      table.compareAndAppend(block, expectedHead);
      notifyAppend(key);
    },
    range: (from, to) => pagedRange(source, open, () => table.last()?.height, from, to),
    follow: (fromHeight) => {
      const feed: SqliteBlockFeed = new SqliteBlockFeed(source, fromHeight, {
        failure: followFailure(open, fromHeight),
        onClose: () => feeds.delete(feed),
      });
      feeds.add(feed);
      return feed;
    },
    count: async () => {
      open();
      return table.count();
    },
    close: async () => {
      closed = true;
      for (const feed of [...feeds]) feed.close();
    },
  };
}
