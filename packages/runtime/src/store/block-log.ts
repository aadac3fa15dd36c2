import { RuntimeError } from '../errors.js';
import type { Database } from './database.js';

/** One stored block: its height, its hash and its canonical bytes (opaque to the store). */
export interface StoredBlock {
  readonly height: number;
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

/**
 * The append-only block log. Kept behind this interface so that SQLite (the embedded default) and a
 * replicated log (e.g. a JetStream stream) are interchangeable.
 */
export interface BlockLog {
  /** Appends the next block; returns only once it is durable. Heights are contiguous. */
  append(block: StoredBlock): void;
  /** The highest stored block, if any. */
  last(): StoredBlock | undefined;
  /** Blocks with height in [from, to), in order. */
  range(from: number, to?: number): StoredBlock[];
  /** Number of blocks stored. */
  count(): number;
}

const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

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

/**
 * SQLite block log; `append` commits synchronously, so return from it = acknowledged on disk.
 * Heights are contiguous from `firstHeight` (default 1: height 0 is the genesis, never stored).
 */
export function sqliteBlockLog(db: Database, options: { firstHeight?: number } = {}): BlockLog {
  const firstHeight = options.firstHeight ?? 1;
  db.exec(`CREATE TABLE IF NOT EXISTS blocks (
    height INTEGER PRIMARY KEY,
    hash BLOB NOT NULL,
    bytes BLOB NOT NULL
  ) STRICT`);
  const insert = db.prepare('INSERT INTO blocks (height, hash, bytes) VALUES (?, ?, ?)');
  const selectLast = db.prepare(
    'SELECT height, hash, bytes FROM blocks ORDER BY height DESC LIMIT 1',
  );
  const selectRange = db.prepare(
    'SELECT height, hash, bytes FROM blocks WHERE height >= ? AND height < ? ORDER BY height',
  );
  const selectCount = db.prepare('SELECT COUNT(*) AS n FROM blocks');
  const appendTx = db.transaction((block: StoredBlock) => {
    const last = selectLast.get() as Row | undefined;
    const expected = last === undefined ? firstHeight : last.height + 1;
    if (block.height !== expected) {
      throw new RuntimeError(
        'STORE_CONFLICT',
        `block height ${block.height} is not the next height ${expected}`,
        {
          height: block.height,
          expected,
        },
      );
    }
    insert.run(block.height, Buffer.from(block.hash), Buffer.from(block.bytes));
  });
  return {
    append: (block) => appendTx.immediate(block),
    last: () => {
      const row = selectLast.get() as Row | undefined;
      return row === undefined ? undefined : rowToBlock(row);
    },
    range: (from, to = Number.MAX_SAFE_INTEGER) =>
      (selectRange.all(from, to) as Row[]).map(rowToBlock),
    count: () => (selectCount.get() as { n: number }).n,
  };
}
