import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  openDatabase,
  sqliteBlockLog,
  sqliteKeyPoolStore,
  sqliteSnapshotStore,
} from '../src/index.js';

const bytes = (...v: number[]) => new Uint8Array(v);

describe('sqlite stores', () => {
  it('block log keeps contiguous heights and survives reopen', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bl-')), 'qan.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const log = sqliteBlockLog(db, { firstHeight: 0 });
    await log.append({ height: 0, hash: bytes(1), bytes: bytes(10) }, null);
    await log.append(
      { height: 1, hash: bytes(2), bytes: bytes(11) },
      { height: 0, hash: bytes(1) },
    );
    await expect(
      log.append({ height: 3, hash: bytes(3), bytes: bytes(12) }, (await log.head()) ?? null),
    ).rejects.toThrowError(expect.objectContaining({ code: 'STORE_CONFLICT' }));
    db.close();
    const again = sqliteBlockLog(openDatabase(path), { firstHeight: 0 });
    expect(await again.count()).toBe(2);
    expect((await again.head())?.height).toBe(1);
    const blocks = [];
    for await (const b of again.range(1)) blocks.push(b);
    expect(blocks.map((b) => [...b.bytes])).toEqual([[11]]);
  });

  it('key pool adds the master column to a database written before keys remembered it', async () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE qkd_keys (seq INTEGER PRIMARY KEY AUTOINCREMENT, pool TEXT NOT NULL,
      key_id TEXT NOT NULL UNIQUE, key BLOB NOT NULL, created_ms INTEGER NOT NULL,
      delivered INTEGER NOT NULL DEFAULT 0) STRICT`);
    db.prepare(
      "INSERT INTO qkd_keys (pool, key_id, key, created_ms, delivered) VALUES ('rigel', 'old', x'01', 0, 1)",
    ).run();
    const pool = sqliteKeyPoolStore(db);
    await pool.add('rigel', [{ keyId: 'k1', key: bytes(1) }], 0);
    expect((await pool.takeKeys('rigel', 1, 'sae-alpha')).map((k) => k.keyId)).toEqual(['k1']);
    expect(await pool.fetchByIds('rigel', ['old'], 'sae-alpha')).toEqual([]);
    expect((await pool.fetchByIds('rigel', ['k1'], 'sae-alpha')).map((k) => k.keyId)).toEqual([
      'k1',
    ]);
  });

  it('snapshot store keeps the newest', async () => {
    const s = sqliteSnapshotStore(openDatabase(':memory:'), 2);
    for (let h = 0; h < 5; h++) await s.save({ height: h, root: bytes(h), bytes: bytes(h, h) });
    expect((await s.latest())?.height).toBe(4);
  });

  it('key pool hands a key out once and lets the peer fetch it once by id', async () => {
    const pool = sqliteKeyPoolStore(openDatabase(':memory:'));
    await pool.add(
      'rigel',
      [
        { keyId: 'k1', key: bytes(1) },
        { keyId: 'k2', key: bytes(2) },
      ],
      0,
    );
    expect(await pool.status('rigel')).toEqual({ storedKeyCount: 2, deliveredKeyCount: 0 });
    const taken = await pool.takeKeys('rigel', 1, 'sae-alpha');
    expect(taken.map((k) => k.keyId)).toEqual(['k1']);
    expect(await pool.status('rigel')).toEqual({ storedKeyCount: 1, deliveredKeyCount: 1 });
    expect((await pool.fetchByIds('rigel', ['k1', 'k2'], 'sae-alpha')).map((k) => k.keyId)).toEqual(
      ['k1'],
    );
    expect(await pool.fetchByIds('rigel', ['k1'], 'sae-alpha')).toEqual([]);
    expect(await pool.clear('rigel')).toBe(1);
    expect(await pool.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
  });
});
