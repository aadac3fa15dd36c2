import {
  type BlockLog,
  BlockLogFeeds,
  type BlockPages,
  checkAppend,
  checkIndex,
  pagedRange,
} from '@qcos/interface';
import { notifyAppend, onAppend, storageKey } from './block-append-signal.js';
import type { Database } from './database.js';
import { blockTable } from './sqlite-block-table.js';

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
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const source: BlockPages = {
    page: (from, to) => table.page(from, to, pageSize),
    // Appends through this process wake a feed at once; the timer finds other processes' blocks.
    onAppend: (listener) => {
      const stop = onAppend(key, listener);
      const timer = setInterval(listener, pollIntervalMs);
      timer.unref();
      return () => {
        stop();
        clearInterval(timer);
      };
    },
  };
  const feeds = new BlockLogFeeds(source);
  const { open } = feeds;
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
    follow: (fromHeight) => feeds.follow(fromHeight),
    count: async () => {
      open();
      return table.count();
    },
    close: async () => feeds.close(),
  };
}
