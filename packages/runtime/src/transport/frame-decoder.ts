import { RuntimeError } from '../errors.js';

/** Largest frame the transport accepts (handshake messages and sealed records alike). */
export const MAX_FRAME_BYTES = 1024 * 1024;
const HEADER_BYTES = 4;

/** Prefixes `payload` with its length as a 32-bit big-endian integer. */
export function encodeFrame(payload: Uint8Array, maxFrameBytes = MAX_FRAME_BYTES): Uint8Array {
  if (payload.length > maxFrameBytes) {
    throw new RuntimeError(
      'FRAME_TOO_LARGE',
      `frame of ${payload.length} bytes exceeds ${maxFrameBytes}`,
      {
        length: payload.length,
        max: maxFrameBytes,
      },
    );
  }
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length, false);
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * Incremental decoder of length-prefixed frames: accepts bytes in chunks of any size (one byte at
 * a time included) and never buffers more than one maximal frame plus one chunk.
 */
export class FrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** Feeds a chunk; returns every frame it completed. Throws FRAME_TOO_LARGE on an oversize prefix. */
  push(chunk: Uint8Array): Uint8Array[] {
    const pending = this.buffer.length - this.offset;
    if (pending === 0) {
      // The common case: nothing left over, read frames straight out of the chunk.
      this.buffer = chunk;
    } else {
      const next = new Uint8Array(pending + chunk.length);
      next.set(this.buffer.subarray(this.offset), 0);
      next.set(chunk, pending);
      this.buffer = next;
    }
    this.offset = 0;
    const frames: Uint8Array[] = [];
    for (;;) {
      const available = this.buffer.length - this.offset;
      if (available < HEADER_BYTES) break;
      const length = new DataView(
        this.buffer.buffer,
        this.buffer.byteOffset + this.offset,
        HEADER_BYTES,
      ).getUint32(0, false);
      if (length > this.maxFrameBytes) {
        throw new RuntimeError(
          'FRAME_TOO_LARGE',
          `incoming frame of ${length} bytes exceeds ${this.maxFrameBytes}`,
          {
            length,
            max: this.maxFrameBytes,
          },
        );
      }
      if (available < HEADER_BYTES + length) break;
      const start = this.offset + HEADER_BYTES;
      // A view, not a copy: chunks are never reused by the socket, and frames are read-only.
      frames.push(this.buffer.subarray(start, start + length));
      this.offset = start + length;
    }
    return frames;
  }
}
