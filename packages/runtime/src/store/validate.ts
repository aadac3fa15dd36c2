// The argument checks every store shares live with the contracts.
export { checkBytes, checkIndex } from '@qcos/interface';

/** A view of a Buffer read from SQLite as a plain Uint8Array (no copy). */
export const toBytes = (b: Buffer): Uint8Array =>
  new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** A copy of `bytes` for binding into a statement. */
export const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes);
