import { StoreError } from '@qcos/interface';

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

/** A view of a Buffer read from SQLite as a plain Uint8Array (no copy). */
export const toBytes = (b: Buffer): Uint8Array =>
  new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** A copy of `bytes` for binding into a statement. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes);
