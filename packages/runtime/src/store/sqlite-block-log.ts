import { resolve } from 'node:path';
import {
  type BlockFeed,
  type BlockHead,
  type BlockLog,
  HeadConflictError,
  type StoredBlock,
  StoreError,
  sameHead,
} from '@qcos/interface';
import type { Database } from './database.js';
import { checkBytes, checkIndex, toBuffer, toBytes } from './validate.js';

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

interface Row {
  height: number;
  hash: Buffer;
  bytes: Buffer;
}

const rowToBlock = (r: Row): StoredBlock => ({
  height: r.height,
  hash: toBytes(r.hash),
  bytes: toBytes(r.bytes),
});

// Feeds waiting for new blocks, per database file (or per in-memory connection): an append wakes
// every feed on the same storage, whichever connection it came through.
const waiting = new Map<unknown, Set<() => void>>();

function storageKey(db: Database): unknown {
  return db.memory ? db : resolve(db.name);
}

function listen(key: unknown, wake: () => void): () => void {
  let set = waiting.get(key);
  if (set === undefined) waiting.set(key, (set = new Set()));
  set.add(wake);
  return () => {
    set.delete(wake);
    if (set.size === 0 && waiting.get(key) === set) waiting.delete(key);
  };
}

function notify(key: unknown): void {
  for (const wake of [...(waiting.get(key) ?? [])]) wake();
}

const closedError = () => new StoreError('STORE_CLOSED', 'the block log is closed');

/**
 * SQLite block log. `append` commits (WAL + synchronous=FULL) before its promise resolves, so a
 * resolved append is on disk. Compare-and-append runs inside one IMMEDIATE transaction, so two
 * connections to the same file cannot both append on the same head.
 */
export function sqliteBlockLog(db: Database, options: SqliteBlockLogOptions = {}): BlockLog {
  const firstHeight = options.firstHeight ?? 1;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const pageSize = options.pageSize ?? 64;
  checkIndex(firstHeight, 'firstHeight');
  db.exec(`CREATE TABLE IF NOT EXISTS blocks (
    height INTEGER PRIMARY KEY,
    hash BLOB NOT NULL,
    bytes BLOB NOT NULL
  ) STRICT`);
  const key = storageKey(db);
  const insert = db.prepare('INSERT INTO blocks (height, hash, bytes) VALUES (?, ?, ?)');
  const selectLast = db.prepare(
    'SELECT height, hash, bytes FROM blocks ORDER BY height DESC LIMIT 1',
  );
  const selectPage = db.prepare(
    'SELECT height, hash, bytes FROM blocks WHERE height >= ? AND height < ? ORDER BY height LIMIT ?',
  );
  const selectCount = db.prepare('SELECT COUNT(*) AS n FROM blocks');
  const appendTx = db.transaction((block: StoredBlock, expected: BlockHead | null) => {
    const last = selectLast.get() as Row | undefined;
    const actual = last === undefined ? null : { height: last.height, hash: toBytes(last.hash) };
    const next = actual === null ? firstHeight : actual.height + 1;
    if (!sameHead(expected, actual) || block.height !== next)
      throw new HeadConflictError(expected, actual, block.height);
    insert.run(block.height, toBuffer(block.hash), toBuffer(block.bytes));
  });

  let closed = false;
  const feeds = new Set<SqliteFeed>();
  const open = (): void => {
    if (closed) throw closedError();
  };
  const page = (from: number, to: number): StoredBlock[] =>
    (selectPage.all(from, to, pageSize) as Row[]).map(rowToBlock);
  const headHeight = (): number | undefined => (selectLast.get() as Row | undefined)?.height;

  class SqliteFeed implements BlockFeed {
    private next_: number;
    private buffer: StoredBlock[] = [];
    private done = false;
    private failure: unknown;
    private queue: Promise<unknown> = Promise.resolve();
    private wake: (() => void) | undefined;
    private timer: NodeJS.Timeout | undefined;
    private readonly unlisten: () => void;

    constructor(fromHeight: number) {
      this.next_ = fromHeight;
      try {
        open();
        checkIndex(fromHeight, 'fromHeight');
      } catch (error) {
        this.failure = error;
      }
      this.unlisten = listen(key, () => this.wake?.());
      feeds.add(this);
    }

    [Symbol.asyncIterator](): this {
      return this;
    }

    next(): Promise<IteratorResult<StoredBlock>> {
      const result = this.queue.then(() => this.pull());
      this.queue = result.catch(() => undefined);
      return result;
    }

    async return(): Promise<IteratorResult<StoredBlock>> {
      this.close();
      return { done: true, value: undefined };
    }

    close(): void {
      if (this.done) return;
      this.done = true;
      this.buffer = [];
      this.unlisten();
      feeds.delete(this);
      this.wake?.();
    }

    private async pull(): Promise<IteratorResult<StoredBlock>> {
      if (this.failure !== undefined) {
        const failure = this.failure;
        this.failure = undefined;
        this.close();
        throw failure;
      }
      for (;;) {
        if (this.done) return { done: true, value: undefined };
        const block = this.buffer.shift();
        if (block !== undefined) {
          this.next_ = block.height + 1;
          return { done: false, value: block };
        }
        this.buffer = page(this.next_, Number.MAX_SAFE_INTEGER);
        if (this.buffer.length === 0) await this.idle();
      }
    }

    /** Waits for an append on this storage, the poll interval, or close. */
    private idle(): Promise<void> {
      return new Promise((resolveIdle) => {
        this.wake = () => {
          this.wake = undefined;
          clearTimeout(this.timer);
          resolveIdle();
        };
        this.timer = setTimeout(() => this.wake?.(), pollIntervalMs);
        this.timer.unref();
      });
    }
  }

  return {
    firstHeight,
    head: async () => {
      open();
      const row = selectLast.get() as Row | undefined;
      return row === undefined ? undefined : rowToBlock(row);
    },
    append: async (block, expectedHead) => {
      open();
      checkIndex(block?.height, 'height');
      checkBytes(block.hash, 'hash');
      checkBytes(block.bytes, 'bytes');
      if (expectedHead !== null) {
        checkIndex(expectedHead?.height, 'expectedHead.height');
        checkBytes(expectedHead.hash, 'expectedHead.hash');
      }
      appendTx.immediate(block, expectedHead);
      notify(key);
    },
    range: (from, to) => ({
      async *[Symbol.asyncIterator]() {
        open();
        checkIndex(from, 'from');
        if (to !== undefined) checkIndex(to, 'to');
        const end = to ?? (headHeight() ?? -1) + 1;
        let next = from;
        while (next < end) {
          open();
          const blocks = page(next, end);
          if (blocks.length === 0) return;
          for (const b of blocks) yield b;
          next = (blocks[blocks.length - 1] as StoredBlock).height + 1;
        }
      },
    }),
    follow: (fromHeight) => new SqliteFeed(fromHeight),
    count: async () => {
      open();
      return (selectCount.get() as { n: number }).n;
    },
    close: async () => {
      closed = true;
      for (const feed of [...feeds]) feed.close();
    },
  };
}
