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
  it('block log keeps contiguous heights and survives reopen', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bl-')), 'qan.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const log = sqliteBlockLog(db, { firstHeight: 0 });
    log.append({ height: 0, hash: bytes(1), bytes: bytes(10) });
    log.append({ height: 1, hash: bytes(2), bytes: bytes(11) });
    expect(() => log.append({ height: 3, hash: bytes(3), bytes: bytes(12) })).toThrowError(
      expect.objectContaining({ code: 'STORE_CONFLICT' }),
    );
    db.close();
    const again = sqliteBlockLog(openDatabase(path), { firstHeight: 0 });
    expect(again.count()).toBe(2);
    expect(again.last()?.height).toBe(1);
    expect(again.range(1).map((b) => [...b.bytes])).toEqual([[11]]);
  });

  it('snapshot store keeps the newest', () => {
    const s = sqliteSnapshotStore(openDatabase(':memory:'), 2);
    for (let h = 0; h < 5; h++) s.save({ height: h, root: bytes(h), bytes: bytes(h, h) });
    expect(s.latest()?.height).toBe(4);
  });

  it('key pool hands a key out once and lets the peer fetch it once by id', () => {
    const pool = sqliteKeyPoolStore(openDatabase(':memory:'));
    pool.add(
      'rigel',
      [
        { keyId: 'k1', key: bytes(1) },
        { keyId: 'k2', key: bytes(2) },
      ],
      0,
    );
    expect(pool.status('rigel')).toEqual({ storedKeyCount: 2, deliveredKeyCount: 0 });
    const taken = pool.takeKeys('rigel', 1);
    expect(taken.map((k) => k.keyId)).toEqual(['k1']);
    expect(pool.status('rigel')).toEqual({ storedKeyCount: 1, deliveredKeyCount: 1 });
    expect(pool.fetchByIds('rigel', ['k1', 'k2']).map((k) => k.keyId)).toEqual(['k1']);
    expect(pool.fetchByIds('rigel', ['k1'])).toEqual([]);
    expect(pool.clear('rigel')).toBe(1);
    expect(pool.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
  });
});
