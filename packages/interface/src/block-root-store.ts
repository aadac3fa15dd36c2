/** The Merkle root of the folded registry state right after the block at `height`. */
export interface StoredRoot {
  readonly height: number;
  /** Merkle root of the state (opaque to the store). */
  readonly root: Uint8Array;
  /** Number of entries the root is computed over. */
  readonly nodeCount: number;
}

/**
 * The Merkle root and node count after each committed block, so a historical root is answered by
 * one lookup instead of a replay of the log. Every implementation passes `blockRootStoreCompliance`
 * from `@qcos/interface-compliance-tests`.
 */
export interface BlockRootStore {
  /**
   * Stores every root of `roots`, replacing any stored at the same height: all of them or, when
   * one is malformed, none. Durable when the promise resolves. The store keeps its own copy of the
   * bytes. A height or node count that is not a non-negative safe integer, or a root that is not a
   * Uint8Array, rejects `STORE_INVALID_ARGUMENT`.
   */
  save(roots: readonly StoredRoot[]): Promise<void>;
  /**
   * The root stored at `height`, bytes exactly as saved; `undefined` when none is. A height that is
   * not a non-negative safe integer rejects `STORE_INVALID_ARGUMENT`.
   */
  at(height: number): Promise<StoredRoot | undefined>;
  /** Number of heights with a stored root. */
  count(): Promise<number>;
}
