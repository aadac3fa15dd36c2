import { type BlockHead, HeadConflictError, type StoredBlock, sameHead } from '@qcos/interface';
import type { Database } from './database.js';
import { toBuffer, toBytes } from './validate.js';

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

/** The `blocks` table of one connection: its prepared statements and the compare-and-append. */
export interface BlockTable {
  /** The highest stored block, or `undefined` while the table is empty. */
  last(): StoredBlock | undefined;
  /** At most `limit` blocks with `from <= height < to`, ascending. */
  page(from: number, to: number, limit: number): StoredBlock[];
  count(): number;
  /**
   * Stores `block` in one IMMEDIATE transaction if the head is `expected` and `block.height`
   * follows it (`firstHeight` on an empty table); otherwise throws a `HeadConflictError`.
   */
  compareAndAppend(block: StoredBlock, expected: BlockHead | null): void;
}

/** Creates the `blocks` table if needed and prepares its statements. */
export function blockTable(db: Database, firstHeight: number): BlockTable {
  db.exec(`CREATE TABLE IF NOT EXISTS blocks (
    height INTEGER PRIMARY KEY,
    hash BLOB NOT NULL,
    bytes BLOB NOT NULL
  ) STRICT`);
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
  return {
    last: () => {
      const row = selectLast.get() as Row | undefined;
      return row === undefined ? undefined : rowToBlock(row);
    },
    page: (from, to, limit) => (selectPage.all(from, to, limit) as Row[]).map(rowToBlock),
    count: () => (selectCount.get() as { n: number }).n,
    compareAndAppend: (block, expected) => appendTx.immediate(block, expected),
  };
}
