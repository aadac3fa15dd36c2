import type { BlockRootStore, StoredRoot } from '@qcos/interface';
import type { Database } from './database.js';
import { checkBytes, checkIndex, toBuffer, toBytes } from './validate.js';

/** SQLite store of the Merkle root and node count after each block, one row per height. */
export function sqliteBlockRootStore(db: Database): BlockRootStore {
  db.exec(`CREATE TABLE IF NOT EXISTS block_roots (
    height INTEGER PRIMARY KEY,
    root BLOB NOT NULL,
    node_count INTEGER NOT NULL
  ) STRICT`);
  const upsert = db.prepare(
    'INSERT OR REPLACE INTO block_roots (height, root, node_count) VALUES (?, ?, ?)',
  );
  const at = db.prepare('SELECT height, root, node_count FROM block_roots WHERE height = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM block_roots');
  const saveTx = db.transaction((roots: readonly StoredRoot[]) => {
    for (const r of roots) upsert.run(r.height, toBuffer(r.root), r.nodeCount);
  });
  return {
    save: async (roots) => {
      for (const r of roots) {
        checkIndex(r?.height, 'height');
        checkIndex(r.nodeCount, 'nodeCount');
        checkBytes(r.root, 'root');
      }
      saveTx.immediate(roots);
    },
    at: async (height) => {
      checkIndex(height, 'height');
      const row = at.get(height) as
        | { height: number; root: Buffer; node_count: number }
        | undefined;
      return row === undefined
        ? undefined
        : { height: row.height, root: toBytes(row.root), nodeCount: row.node_count };
    },
    count: async () => (count.get() as { n: number }).n,
  };
}
