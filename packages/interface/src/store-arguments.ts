import type { StoredBlock } from './block-log.js';
import { type BlockHead, StoreError } from './errors.js';

/** Throws STORE_INVALID_ARGUMENT unless `value` is a non-negative safe integer. */
export function checkIndex(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StoreError('STORE_INVALID_ARGUMENT', `${what} must be a non-negative integer`, {
      [what]: String(value),
    });
  }
}

/** Throws STORE_INVALID_ARGUMENT unless `value` is a Uint8Array. */
export function checkBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new StoreError('STORE_INVALID_ARGUMENT', `${what} must be a Uint8Array`, { field: what });
  }
}

/** Throws STORE_INVALID_ARGUMENT unless the arguments of `BlockLog.append` are well formed. */
export function checkAppend(block: StoredBlock, expectedHead: BlockHead | null): void {
  checkIndex(block?.height, 'height');
  checkBytes(block.hash, 'hash');
  checkBytes(block.bytes, 'bytes');
  if (expectedHead !== null) {
    checkIndex(expectedHead?.height, 'expectedHead.height');
    checkBytes(expectedHead.hash, 'expectedHead.hash');
  }
}
