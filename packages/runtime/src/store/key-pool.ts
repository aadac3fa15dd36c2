import type { Database } from './database.js';

/** One ETSI GS QKD 014 key: a UUID key_ID and the key bytes, owned by a pair of SAEs. */
export interface PooledKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

export interface KeyPoolStatus {
  readonly storedKeyCount: number;
  readonly deliveredKeyCount: number;
}

/**
 * Key pools per peer SAE. A key is handed out once by `takeKeys` (enc_keys, master side) and can
 * then be fetched by ID by the slave SAE (dec_keys); a fetched key is erased from the pool.
 */
export interface KeyPoolStore {
  add(pool: string, keys: readonly PooledKey[], nowMs: number): void;
  status(pool: string): KeyPoolStatus;
  /** Takes `count` unused keys (oldest first) and marks them delivered; fewer if the pool is short. */
  takeKeys(pool: string, count: number): PooledKey[];
  /** Returns delivered keys by ID and erases them; IDs not found are simply absent from the result. */
  fetchByIds(pool: string, keyIds: readonly string[]): PooledKey[];
  /** Erases every key of a pool (EKS lost: its keys can no longer be trusted). */
  clear(pool: string): number;
}

const toBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function sqliteKeyPoolStore(db: Database): KeyPoolStore {
  db.exec(`CREATE TABLE IF NOT EXISTS qkd_keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pool TEXT NOT NULL,
    key_id TEXT NOT NULL UNIQUE,
    key BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX IF NOT EXISTS qkd_keys_pool ON qkd_keys (pool, delivered, seq);`);
  const insert = db.prepare(
    'INSERT INTO qkd_keys (pool, key_id, key, created_ms) VALUES (?, ?, ?, ?)',
  );
  const counts = db.prepare(
    'SELECT SUM(delivered = 0) AS stored, SUM(delivered = 1) AS delivered FROM qkd_keys WHERE pool = ?',
  );
  const pick = db.prepare(
    'SELECT key_id, key FROM qkd_keys WHERE pool = ? AND delivered = 0 ORDER BY seq LIMIT ?',
  );
  const markDelivered = db.prepare('UPDATE qkd_keys SET delivered = 1 WHERE key_id = ?');
  const byId = db.prepare(
    'SELECT key_id, key FROM qkd_keys WHERE pool = ? AND key_id = ? AND delivered = 1',
  );
  const erase = db.prepare('DELETE FROM qkd_keys WHERE key_id = ?');
  const clearPool = db.prepare('DELETE FROM qkd_keys WHERE pool = ?');

  const addTx = db.transaction((pool: string, keys: readonly PooledKey[], nowMs: number) => {
    for (const k of keys) insert.run(pool, k.keyId, Buffer.from(k.key), nowMs);
  });
  const takeTx = db.transaction((pool: string, count: number) => {
    const rows = pick.all(pool, count) as { key_id: string; key: Buffer }[];
    for (const r of rows) markDelivered.run(r.key_id);
    return rows.map((r) => ({ keyId: r.key_id, key: toBytes(r.key) }));
  });
  const fetchTx = db.transaction((pool: string, ids: readonly string[]) => {
    const out: PooledKey[] = [];
    for (const id of ids) {
      const r = byId.get(pool, id) as { key_id: string; key: Buffer } | undefined;
      if (r === undefined) continue;
      erase.run(id);
      out.push({ keyId: r.key_id, key: toBytes(r.key) });
    }
    return out;
  });
  return {
    add: (pool, keys, nowMs) => addTx.immediate(pool, keys, nowMs),
    status: (pool) => {
      const r = counts.get(pool) as { stored: number | null; delivered: number | null };
      return { storedKeyCount: r.stored ?? 0, deliveredKeyCount: r.delivered ?? 0 };
    },
    takeKeys: (pool, count) => takeTx.immediate(pool, count),
    fetchByIds: (pool, ids) => fetchTx.immediate(pool, ids),
    clear: (pool) => clearPool.run(pool).changes,
  };
}
