import type { Database } from './database.js';

/** A folded state at a height, stored so a restart need not replay the whole log. */
export interface StoredSnapshot {
  readonly height: number;
  readonly root: Uint8Array;
  readonly bytes: Uint8Array;
}

export interface SnapshotStore {
  save(snapshot: StoredSnapshot): void;
  latest(): StoredSnapshot | undefined;
}

const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** SQLite snapshot store; keeps only the newest `keep` snapshots. */
export function sqliteSnapshotStore(db: Database, keep = 3): SnapshotStore {
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
    upsert.run(s.height, Buffer.from(s.root), Buffer.from(s.bytes));
    prune.run(keep);
  });
  return {
    save: (s) => saveTx.immediate(s),
    latest: () => {
      const row = latest.get() as { height: number; root: Buffer; bytes: Buffer } | undefined;
      return row === undefined
        ? undefined
        : { height: row.height, root: toBytes(row.root), bytes: toBytes(row.bytes) };
    },
  };
}
