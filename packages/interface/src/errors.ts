/**
 * Stable, machine-readable codes of every failure a store reports.
 *
 * - `STORE_CONFLICT`: the write contradicts what is stored (a block that does not extend the
 *   actual head, a key_ID already stored). Nothing was written.
 * - `STORE_INVALID_ARGUMENT`: the call itself is malformed (a negative or fractional height, a
 *   hash that is not bytes). Nothing was written.
 * - `STORE_CLOSED`: the store, or the feed, was closed before or during the call.
 * - `STORE_CORRUPT`: stored data cannot be read back as it was written.
 * - `STORE_UNAVAILABLE`: the backing storage could not be reached; the outcome of a write is
 *   unknown and the caller must read the head again before retrying.
 * - `STORE_PRUNED`: the heights asked for were removed by retention (a log that keeps only the
 *   blocks from some height on); `details.base` is the lowest height still stored.
 */
export type StoreErrorCode =
  | 'STORE_CONFLICT'
  | 'STORE_INVALID_ARGUMENT'
  | 'STORE_CLOSED'
  | 'STORE_CORRUPT'
  | 'STORE_UNAVAILABLE'
  | 'STORE_PRUNED';

/** The one error class of every store: a stable `code`, a message, and structured details. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code: StoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: StoreErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/** Height and hash of a block: what a writer expects the head of a log to be. */
export interface BlockHead {
  readonly height: number;
  readonly hash: Uint8Array;
}

/**
 * `STORE_CONFLICT` from `BlockLog.append`: the block does not extend the log's actual head, either
 * because the expected head is not the actual head (another writer got there first) or because the
 * block's height is not the one after it. Carries the actual head so the caller can catch up.
 */
export class HeadConflictError extends StoreError {
  override readonly name: string = 'HeadConflictError';
  /** The head the caller expected (`null`: an empty log). */
  readonly expected: BlockHead | null;
  /** The head the log actually has (`null`: the log is empty). */
  readonly actual: BlockHead | null;
  /** Height of the block that was refused. */
  readonly height: number;

  constructor(expected: BlockHead | null, actual: BlockHead | null, height: number) {
    super(
      'STORE_CONFLICT',
      `block ${height} does not extend the head: expected ${describeHead(expected)}, actual ${describeHead(actual)}`,
      { expected, actual, height },
    );
    this.expected = expected;
    this.actual = actual;
    this.height = height;
  }
}

function describeHead(head: BlockHead | null): string {
  return head === null ? 'an empty log' : `height ${head.height}`;
}

/**
 * True when `value` is a StoreError (with `code`, when given). Checks the shape rather than the
 * class, so errors from another copy of this package (ESM and CJS side by side) are recognised.
 */
export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  if (!(value instanceof Error)) return false;
  const c = (value as { code?: unknown }).code;
  return (
    typeof c === 'string' &&
    c.startsWith('STORE_') &&
    typeof (value as { details?: unknown }).details === 'object' &&
    (code === undefined || c === code)
  );
}

/** True when `value` is the conflict `BlockLog.append` reports, carrying the actual head. */
export function isHeadConflict(value: unknown): value is HeadConflictError {
  return isStoreError(value, 'STORE_CONFLICT') && 'actual' in value && 'expected' in value;
}

/** Byte-wise equality of two heads (height and hash). `null` equals only `null`. */
export function sameHead(a: BlockHead | null, b: BlockHead | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.height !== b.height || a.hash.length !== b.hash.length) return false;
  for (let i = 0; i < a.hash.length; i++) if (a.hash[i] !== b.hash[i]) return false;
  return true;
}
