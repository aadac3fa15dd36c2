import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) a SQLite database tuned for crash safety rather than raw speed:
 * WAL journal + synchronous=FULL means a transaction that has returned is on disk (fsync'd), so a
 * write acknowledged to a peer survives `kill -9` or a power cut. `:memory:` is accepted for tests.
 */
export function openDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
