import { type KeyPoolStore, type PooledKey, StoreError } from '@qcos/interface';
import type { Database } from './database.js';
import { checkBytes, checkIndex, toBuffer, toBytes } from './validate.js';

/**
 * SQLite ETSI GS QKD 014 key pools. Every write is one IMMEDIATE transaction, so connections
 * sharing the file never hand out or fetch the same key twice.
 */
export function sqliteKeyPoolStore(db: Database): KeyPoolStore {
  db.exec(`CREATE TABLE IF NOT EXISTS qkd_keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pool TEXT NOT NULL,
    key_id TEXT NOT NULL UNIQUE,
    key BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0,
    master TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS qkd_keys_pool ON qkd_keys (pool, delivered, seq);`);
  addMasterColumn(db);
  const insert = db.prepare(
    'INSERT INTO qkd_keys (pool, key_id, key, created_ms) VALUES (?, ?, ?, ?)',
  );
  const exists = db.prepare('SELECT 1 FROM qkd_keys WHERE key_id = ?');
  const counts = db.prepare(
    'SELECT SUM(delivered = 0) AS stored, SUM(delivered = 1) AS delivered FROM qkd_keys WHERE pool = ?',
  );
  const pick = db.prepare(
    'SELECT key_id, key FROM qkd_keys WHERE pool = ? AND delivered = 0 ORDER BY seq LIMIT ?',
  );
  const markDelivered = db.prepare(
    'UPDATE qkd_keys SET delivered = 1, master = ? WHERE key_id = ?',
  );
  const byId = db.prepare(
    'SELECT key_id, key FROM qkd_keys WHERE pool = ? AND key_id = ? AND delivered = 1 AND master = ?',
  );
  const erase = db.prepare('DELETE FROM qkd_keys WHERE key_id = ?');
  const clearPool = db.prepare('DELETE FROM qkd_keys WHERE pool = ?');

  const addTx = db.transaction((pool: string, keys: readonly PooledKey[], nowMs: number) => {
    for (const k of keys) {
      if (exists.get(k.keyId) !== undefined) {
        throw new StoreError('STORE_CONFLICT', `key_ID ${k.keyId} is already stored`, {
          keyId: k.keyId,
        });
      }
      insert.run(pool, k.keyId, toBuffer(k.key), nowMs);
    }
  });
  const takeTx = db.transaction((pool: string, count: number, master: string) => {
    const rows = pick.all(pool, count) as { key_id: string; key: Buffer }[];
    for (const r of rows) markDelivered.run(master, r.key_id);
    return rows.map((r) => ({ keyId: r.key_id, key: toBytes(r.key) }));
  });
  const fetchTx = db.transaction((pool: string, ids: readonly string[], master: string) => {
    const out: PooledKey[] = [];
    for (const id of ids) {
      const r = byId.get(pool, id, master) as { key_id: string; key: Buffer } | undefined;
      if (r === undefined) continue;
      erase.run(id);
      out.push({ keyId: r.key_id, key: toBytes(r.key) });
    }
    return out;
  });
  return {
    add: async (pool, keys, nowMs) => {
      for (const k of keys) checkBytes(k.key, 'key');
      addTx.immediate(pool, keys, nowMs);
    },
    status: async (pool) => {
      const r = counts.get(pool) as { stored: number | null; delivered: number | null };
      return { storedKeyCount: r.stored ?? 0, deliveredKeyCount: r.delivered ?? 0 };
    },
    takeKeys: async (pool, count, master) => {
      checkIndex(count, 'count');
      return takeTx.immediate(pool, count, master);
    },
    fetchByIds: async (pool, ids, master) => fetchTx.immediate(pool, ids, master),
    clear: async (pool) => clearPool.run(pool).changes,
  };
}

/**
 * Databases written before keys remembered their master gain the column; keys delivered before
 * then have no master and can no longer be fetched (no master can prove it took them).
 */
function addMasterColumn(db: Database): void {
  const columns = db.prepare('PRAGMA table_info(qkd_keys)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'master'))
    db.exec('ALTER TABLE qkd_keys ADD COLUMN master TEXT');
}
