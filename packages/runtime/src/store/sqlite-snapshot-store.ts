import type { SnapshotStore, StoredSnapshot } from '@qcos/interface';
import type { Database } from './database.js';
import { checkBytes, checkIndex, toBuffer, toBytes } from './validate.js';

/** SQLite snapshot store; keeps only the newest `keep` snapshots (at least one). */
export function sqliteSnapshotStore(db: Database, keep = 3): SnapshotStore {
  const retain = Math.max(1, Math.floor(keep));
  db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
    height INTEGER PRIMARY KEY,
    root BLOB NOT NULL,
    bytes BLOB NOT NULL
  ) STRICT`);
  const upsert = db.prepare(
    'INSERT OR REPLACE INTO snapshots (height, root, bytes) VALUES (?, ?, ?)',
  );
  const prune = db.prepare(
    'DELETE FROM snapshots WHERE height NOT IN (SELECT height FROM snapshots ORDER BY height DESC LIMIT ?)',
  );
  const latest = db.prepare(
    'SELECT height, root, bytes FROM snapshots ORDER BY height DESC LIMIT 1',
  );
  const saveTx = db.transaction((s: StoredSnapshot) => {
    upsert.run(s.height, toBuffer(s.root), toBuffer(s.bytes));
    prune.run(retain);
  });
  return {
    save: async (s) => {
      checkIndex(s?.height, 'height');
      checkBytes(s.root, 'root');
      checkBytes(s.bytes, 'bytes');
      saveTx.immediate(s);
    },
    latest: async () => {
      const row = latest.get() as { height: number; root: Buffer; bytes: Buffer } | undefined;
      return row === undefined
        ? undefined
        : { height: row.height, root: toBytes(row.root), bytes: toBytes(row.bytes) };
    },
  };
}
