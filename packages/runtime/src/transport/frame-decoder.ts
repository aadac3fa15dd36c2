import { RuntimeError } from '../errors.js';

/** Largest frame the transport accepts (handshake messages and sealed records alike). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/**
 * Largest frame accepted before the peer is authenticated: the largest handshake message, a
 * pq-transport message 1 (4-byte header, 64-byte EKS key id, 65 535-byte Noise message, two MACs).
 */
export const MAX_HANDSHAKE_FRAME_BYTES = 4 + 64 + 65_535 + 32;
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
 *
 * Chunks are kept in a list, not merged: a frame that lies inside one chunk is returned as a view
 * of it, a frame spread over several chunks is copied once into its own array. Every byte is thus
 * copied at most once, whatever the chunk sizes (`bytesCopied` counts them).
 */
export class FrameDecoder {
  private readonly chunks: Uint8Array[] = [];
  /** Index of the first chunk not yet consumed, and bytes already consumed from it. */
  private head = 0;
  private skip = 0;
  private pending = 0;
  /** Body length of the frame whose header has been read, if any. */
  private bodyLength: number | undefined;
  private copied = 0;

  constructor(private maxFrameBytes = MAX_FRAME_BYTES) {}

  /** Bytes this decoder has copied so far (frames that arrived split over chunks). */
  get bytesCopied(): number {
    return this.copied;
  }

  /** Changes the frame size bound for frames whose header has not been read yet. */
  setMaxFrameBytes(maxFrameBytes: number): void {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Feeds a chunk; returns every frame it completed. Throws FRAME_TOO_LARGE on an oversize prefix. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.pending += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.bodyLength === undefined) {
        if (this.pending < HEADER_BYTES) break;
        const header = this.take(HEADER_BYTES);
        const length = new DataView(header.buffer, header.byteOffset, HEADER_BYTES).getUint32(
          0,
          false,
        );
        if (length > this.maxFrameBytes) {
          throw new RuntimeError(
            'FRAME_TOO_LARGE',
            `incoming frame of ${length} bytes exceeds ${this.maxFrameBytes}`,
            { length, max: this.maxFrameBytes },
          );
        }
        this.bodyLength = length;
      }
      if (this.pending < this.bodyLength) break;
      // A view when possible: chunks are never reused by the socket, and frames are read-only.
      frames.push(this.take(this.bodyLength));
      this.bodyLength = undefined;
    }
    return frames;
  }

  /** Removes the next `n` buffered bytes (n ≤ pending). */
  private take(n: number): Uint8Array {
    this.pending -= n;
    const first = this.chunks[this.head] ?? new Uint8Array(0);
    let out: Uint8Array;
    if (first.length - this.skip >= n) {
      out = first.subarray(this.skip, this.skip + n);
      this.skip += n;
      if (this.skip === first.length && first.length > 0) this.advance();
    } else {
      out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        const chunk = this.chunks[this.head] as Uint8Array;
        const part = chunk.subarray(this.skip, this.skip + (n - filled));
        out.set(part, filled);
        filled += part.length;
        this.skip += part.length;
        if (this.skip === chunk.length) this.advance();
      }
      this.copied += n;
    }
    return out;
  }

  private advance(): void {
    this.head++;
    this.skip = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.chunks.length) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
  }
}
