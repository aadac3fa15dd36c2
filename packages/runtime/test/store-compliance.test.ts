import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreFixture } from '@qcos/interface-compliance-tests';
import {
  blockLogCompliance,
  blockRootStoreCompliance,
  keyPoolStoreCompliance,
  snapshotStoreCompliance,
} from '@qcos/interface-compliance-tests';
import {
  type Database,
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteKeyPoolStore,
  sqliteSnapshotStore,
} from '../src/index.js';

/** Each instance gets its own connection to one database file, like separate processes. */
function sqliteFixture<T>(
  open: (db: Database) => T,
  close: (store: T) => Promise<void> = async () => {},
): StoreFixture<T> {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  const opened: { db: Database; store: T }[] = [];
  const closeAll = async () => {
    for (const { db, store } of opened.splice(0)) {
      await close(store);
      db.close();
    }
  };
  return {
    open: async () => {
      const db = openDatabase(join(dir, 'store.db'));
      const store = open(db);
      opened.push({ db, store });
      return store;
    },
    restart: closeAll,
    dispose: async () => {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

blockLogCompliance('sqliteBlockLog', () =>
  sqliteFixture(
    (db) => sqliteBlockLog(db, { pageSize: 16 }),
    (log) => log.close(),
  ),
);
blockRootStoreCompliance('sqliteBlockRootStore', () =>
  sqliteFixture((db) => sqliteBlockRootStore(db)),
);
snapshotStoreCompliance('sqliteSnapshotStore', () =>
  sqliteFixture((db) => sqliteSnapshotStore(db)),
);
keyPoolStoreCompliance('sqliteKeyPoolStore', () => sqliteFixture((db) => sqliteKeyPoolStore(db)));
