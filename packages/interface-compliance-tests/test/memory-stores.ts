import {
  type BlockFeed,
  type BlockLog,
  type BlockRootStore,
  HeadConflictError,
  type KeyPoolStore,
  type PooledKey,
  type SnapshotStore,
  type StoredBlock,
  type StoredRoot,
  type StoredSnapshot,
  StoreError,
  sameHead,
} from '@qcos/interface';

// A minimal in-memory implementation of each contract, shared by every instance of a fixture: it
// shows the suites ask for nothing SQLite-specific.

const invalid = (what: string) =>
  new StoreError('STORE_INVALID_ARGUMENT', `${what} must be a non-negative integer`);
const isIndex = (n: unknown): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const copy = (b: StoredBlock): StoredBlock => ({
  height: b.height,
  hash: b.hash.slice(),
  bytes: b.bytes.slice(),
});

export class MemoryLogStorage {
  readonly blocks: StoredBlock[] = [];
  readonly listeners = new Set<() => void>();
}

export function memoryBlockLog(storage: MemoryLogStorage, firstHeight = 1): BlockLog {
  let closed = false;
  const feeds = new Set<BlockFeed>();
  const check = () => {
    if (closed) throw new StoreError('STORE_CLOSED', 'closed');
  };
  const at = (height: number) => storage.blocks[height - firstHeight];
  return {
    firstHeight,
    head: async () => {
      check();
      const last = storage.blocks[storage.blocks.length - 1];
      return last && copy(last);
    },
    append: async (block, expected) => {
      check();
      if (!isIndex(block.height)) throw invalid('height');
      if (!(block.hash instanceof Uint8Array) || !(block.bytes instanceof Uint8Array))
        throw new StoreError('STORE_INVALID_ARGUMENT', 'hash and bytes must be bytes');
      const last = storage.blocks[storage.blocks.length - 1];
      const actual = last === undefined ? null : { height: last.height, hash: last.hash };
      const next = actual === null ? firstHeight : actual.height + 1;
      if (!sameHead(expected, actual) || block.height !== next)
        throw new HeadConflictError(expected, actual, block.height);
      storage.blocks.push(copy(block));
      for (const l of [...storage.listeners]) l();
    },
    range: (from, to) => ({
      async *[Symbol.asyncIterator]() {
        check();
        if (!isIndex(from) || (to !== undefined && !isIndex(to))) throw invalid('range');
        const end = to ?? firstHeight + storage.blocks.length;
        for (let h = Math.max(from, firstHeight); h < end; h++) {
          check();
          const b = at(h);
          if (b === undefined) return;
          yield copy(b);
        }
      },
    }),
    follow: (fromHeight) => {
      let next = Math.max(fromHeight, firstHeight);
      let done = false;
      let wake: (() => void) | undefined;
      const listener = () => wake?.();
      const failure = closed
        ? new StoreError('STORE_CLOSED', 'closed')
        : isIndex(fromHeight)
          ? undefined
          : invalid('fromHeight');
      storage.listeners.add(listener);
      let queue: Promise<unknown> = Promise.resolve();
      const pull = async (): Promise<IteratorResult<StoredBlock>> => {
        if (failure !== undefined) {
          feed.close();
          throw failure;
        }
        for (;;) {
          if (done) return { done: true, value: undefined };
          const b = at(next);
          if (b !== undefined) {
            next++;
            return { done: false, value: copy(b) };
          }
          await new Promise<void>((resolve) => {
            wake = () => {
              wake = undefined;
              resolve();
            };
          });
        }
      };
      const feed: BlockFeed = {
        [Symbol.asyncIterator]() {
          return this;
        },
        next() {
          const r = queue.then(pull);
          queue = r.catch(() => undefined);
          return r;
        },
        async return() {
          feed.close();
          return { done: true, value: undefined };
        },
        close() {
          done = true;
          storage.listeners.delete(listener);
          feeds.delete(feed);
          wake?.();
        },
      };
      feeds.add(feed);
      return feed;
    },
    count: async () => {
      check();
      return storage.blocks.length;
    },
    close: async () => {
      closed = true;
      for (const f of [...feeds]) f.close();
    },
  };
}

export function memoryBlockRootStore(storage: Map<number, StoredRoot>): BlockRootStore {
  return {
    save: async (roots) => {
      for (const r of roots) {
        if (!isIndex(r.height)) throw invalid('height');
        if (!isIndex(r.nodeCount)) throw invalid('nodeCount');
        if (!(r.root instanceof Uint8Array))
          throw new StoreError('STORE_INVALID_ARGUMENT', 'root must be bytes');
      }
      for (const r of roots)
        storage.set(r.height, { height: r.height, root: r.root.slice(), nodeCount: r.nodeCount });
    },
    at: async (height) => {
      if (!isIndex(height)) throw invalid('height');
      return storage.get(height);
    },
    count: async () => storage.size,
  };
}

export function memorySnapshotStore(storage: Map<number, StoredSnapshot>): SnapshotStore {
  return {
    save: async (s) => {
      if (!isIndex(s.height)) throw invalid('height');
      if (!(s.root instanceof Uint8Array) || !(s.bytes instanceof Uint8Array))
        throw new StoreError('STORE_INVALID_ARGUMENT', 'root and bytes must be bytes');
      storage.set(s.height, { height: s.height, root: s.root.slice(), bytes: s.bytes.slice() });
    },
    latest: async () => {
      const top = Math.max(...storage.keys());
      return storage.get(top);
    },
  };
}

interface MemoryKey extends PooledKey {
  readonly pool: string;
  delivered: boolean;
  master?: string;
}

export function memoryKeyPoolStore(storage: MemoryKey[]): KeyPoolStore {
  const inPool = (pool: string) => storage.filter((k) => k.pool === pool);
  return {
    add: async (pool, keys) => {
      const seen = new Set(storage.map((k) => k.keyId));
      for (const k of keys) {
        if (seen.has(k.keyId))
          throw new StoreError('STORE_CONFLICT', 'key_ID already stored', { keyId: k.keyId });
        seen.add(k.keyId);
      }
      for (const k of keys)
        storage.push({ pool, keyId: k.keyId, key: k.key.slice(), delivered: false });
    },
    status: async (pool) => ({
      storedKeyCount: inPool(pool).filter((k) => !k.delivered).length,
      deliveredKeyCount: inPool(pool).filter((k) => k.delivered).length,
    }),
    takeKeys: async (pool, count, master) => {
      if (!isIndex(count)) throw invalid('count');
      const taken = inPool(pool)
        .filter((k) => !k.delivered)
        .slice(0, count);
      for (const k of taken) {
        k.delivered = true;
        k.master = master;
      }
      return taken.map((k) => ({ keyId: k.keyId, key: k.key }));
    },
    fetchByIds: async (pool, ids, master) => {
      const out: PooledKey[] = [];
      for (const id of ids) {
        const i = storage.findIndex(
          (k) => k.keyId === id && k.pool === pool && k.delivered && k.master === master,
        );
        if (i < 0) continue;
        const [k] = storage.splice(i, 1) as [MemoryKey];
        out.push({ keyId: k.keyId, key: k.key });
      }
      return out;
    },
    clear: async (pool) => {
      const before = storage.length;
      for (let i = storage.length - 1; i >= 0; i--)
        if (storage[i]?.pool === pool) storage.splice(i, 1);
      return before - storage.length;
    },
  };
}
