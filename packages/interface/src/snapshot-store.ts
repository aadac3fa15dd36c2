/** A folded state at a height, stored so a restart need not replay the whole log. */
export interface StoredSnapshot {
  readonly height: number;
  /** Merkle root of the state (opaque to the store). */
  readonly root: Uint8Array;
  /** Canonical encoding of the state (opaque to the store). */
  readonly bytes: Uint8Array;
}

/**
 * Snapshots of the folded registry state. Every implementation passes `snapshotStoreCompliance`
 * from `@qcos/interface-compliance-tests`.
 */
export interface SnapshotStore {
  /**
   * Stores a snapshot, replacing any stored one of the same height; durable when the promise
   * resolves. An implementation may drop older snapshots, but always keeps the highest one. The
   * store keeps its own copy of the bytes. A height that is not a non-negative safe integer, or a
   * root or bytes that are not a Uint8Array, rejects `STORE_INVALID_ARGUMENT`.
   */
  save(snapshot: StoredSnapshot): Promise<void>;
  /**
   * The stored snapshot with the highest height (whatever order they were saved in), root and
   * bytes exactly as saved; `undefined` when none is stored.
   */
  latest(): Promise<StoredSnapshot | undefined>;
}
