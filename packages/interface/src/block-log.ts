import type { BlockHead } from './errors.js';

/** One stored block: its height, its hash and its canonical bytes (opaque to the store). */
export interface StoredBlock extends BlockHead {
  readonly bytes: Uint8Array;
}

/**
 * An ordered stream of blocks from `BlockLog.follow`. `next()` resolves with the next block in
 * height order as soon as it is stored. `return()` (called by `break` in `for await`) or `close()`
 * ends the feed: a `next()` still waiting resolves `{ done: true }`, and so does every later one.
 */
export interface BlockFeed extends AsyncIterableIterator<StoredBlock> {
  /** Ends the feed and releases what it holds; idempotent. */
  close(): void;
}

/**
 * The append-only, hash-chained block log of a registry: SQLite in the embedded default, a
 * replicated log in a cluster. Every implementation passes `blockLogCompliance` from
 * `@qcos/interface-compliance-tests`, which checks each contract point below.
 *
 * The log stores at most one block per height, ever; heights are contiguous from `firstHeight`.
 * Several instances (processes, connections) may share one log; writers coordinate only through
 * `append`'s expected head. Every method that is called after `close()` rejects with
 * `STORE_CLOSED`.
 */
export interface BlockLog {
  /** Height of the first block the log accepts (1 in QCOS: height 0 is the genesis, never stored). */
  readonly firstHeight: number;

  /** The highest stored block, or `undefined` while the log is empty. */
  head(): Promise<StoredBlock | undefined>;

  /**
   * Compare-and-append: stores `block` if and only if the log's head is `expectedHead` (same height
   * and same hash bytes; `null` means the log must be empty) and `block.height` is the height after
   * it (`firstHeight` on an empty log). Resolves once the block is durable: a block whose append
   * resolved survives a crash of the writer. Otherwise rejects with a `HeadConflictError`
   * (`STORE_CONFLICT`) carrying the actual head, and stores nothing. Of two appends on the same
   * expected head, from one instance or several, exactly one resolves. A retry of an append that
   * already succeeded is a conflict whose actual head is that block. The log keeps its own copy of
   * the bytes: changing the arrays afterwards changes nothing stored. A malformed block (height not
   * a non-negative safe integer, hash or bytes not a Uint8Array) rejects `STORE_INVALID_ARGUMENT`.
   */
  append(block: StoredBlock, expectedHead: BlockHead | null): Promise<void>;

  /**
   * Blocks with `from <= height < to`, in ascending height order, each exactly once, bytes exactly
   * as appended. `to` defaults to one past the head at the time the first block is requested, so
   * an iteration always ends. Reads page by page: memory stays bounded however long the range.
   * `from > to` or a range beyond the head yields nothing; a bound that is not a non-negative
   * integer rejects `STORE_INVALID_ARGUMENT` on the first `next()`.
   */
  range(from: number, to?: number): AsyncIterable<StoredBlock>;

  /**
   * Every block with height `>= fromHeight`: first those already stored, then each block as it is
   * appended — by this instance or by any other writer of the same log — in ascending height
   * order, with no gap and no duplicate, for as long as the feed is open. A feed holds at most a
   * bounded number of blocks in memory however far behind its reader is. `close()` on the log ends
   * every feed it opened. A feed asked of a closed log rejects its first `next()` with
   * `STORE_CLOSED`; a `fromHeight` that is not a non-negative integer rejects it with
   * `STORE_INVALID_ARGUMENT`.
   */
  follow(fromHeight: number): BlockFeed;

  /** Number of blocks stored. */
  count(): Promise<number>;

  /**
   * Ends every feed of this instance and releases its resources; later calls reject
   * `STORE_CLOSED`. Does not delete anything stored. Idempotent.
   */
  close(): Promise<void>;
}
