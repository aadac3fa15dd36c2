/** One ETSI GS QKD 014 key: a key_ID (a UUID) and the key bytes, owned by a pair of SAEs. */
export interface PooledKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

/** Keys of one pool: not yet handed out, and handed out but not yet fetched by the peer. */
export interface KeyPoolStatus {
  readonly storedKeyCount: number;
  readonly deliveredKeyCount: number;
}

/**
 * Key pools per slave SAE. A key is handed out once by `takeKeys` to one master SAE (enc_keys),
 * which the store remembers; it can then be fetched by ID, once, by the slave SAE on behalf of
 * that master only (`fetchByIds`, dec_keys), which erases it. Every
 * implementation passes `keyPoolStoreCompliance` from `@qcos/interface-compliance-tests`. Every
 * write is atomic (all or nothing) and durable when its promise resolves; instances sharing the
 * storage never hand out or fetch the same key twice.
 */
export interface KeyPoolStore {
  /**
   * Adds keys to the end of a pool, in order. A key_ID already stored, in any pool, or repeated in
   * the batch, rejects `STORE_CONFLICT` (details: `keyId`) and adds none of the batch. The store
   * keeps its own copy of the key bytes. `nowMs` is when the keys were distilled.
   */
  add(pool: string, keys: readonly PooledKey[], nowMs: number): Promise<void>;
  /** How many keys of the pool are stored (not handed out) and delivered (not yet fetched). */
  status(pool: string): Promise<KeyPoolStatus>;
  /**
   * Takes up to `count` keys not yet handed out, oldest first (the order they were added), and
   * marks them delivered to `master` (the master SAE_ID that asked); fewer (possibly none) if the
   * pool is short. `count` must be a non-negative integer, else `STORE_INVALID_ARGUMENT`.
   */
  takeKeys(pool: string, count: number, master: string): Promise<PooledKey[]>;
  /**
   * Returns the keys of this pool with these IDs that were delivered to `master`, in the order
   * asked, and erases them. IDs that are unknown, not yet delivered, delivered to another master,
   * of another pool or already fetched are simply absent from the result (and such keys stay as
   * they were).
   */
  fetchByIds(pool: string, keyIds: readonly string[], master: string): Promise<PooledKey[]>;
  /** Erases every key of a pool, delivered or not (EKS lost); resolves with how many. */
  clear(pool: string): Promise<number>;
}
