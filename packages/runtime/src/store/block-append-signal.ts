import { resolve } from 'node:path';
import type { Database } from './database.js';

// Feeds waiting for new blocks, per database file (or per in-memory connection): an append wakes
// every feed on the same storage, whichever connection it came through.
const waiting = new Map<unknown, Set<() => void>>();

/** What identifies the storage under `db`: its resolved file path, or the connection itself. */
export function storageKey(db: Database): unknown {
  return db.memory ? db : resolve(db.name);
}

/** Calls `wake` after every append on the storage `key`, until the returned function is called. */
export function onAppend(key: unknown, wake: () => void): () => void {
  let set = waiting.get(key);
  if (set === undefined) waiting.set(key, (set = new Set()));
  set.add(wake);
  return () => {
    set.delete(wake);
    if (set.size === 0 && waiting.get(key) === set) waiting.delete(key);
  };
}

/** Wakes every listener on the storage `key`. */
export function notifyAppend(key: unknown): void {
  for (const wake of [...(waiting.get(key) ?? [])]) wake();
}
