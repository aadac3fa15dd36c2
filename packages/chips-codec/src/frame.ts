import { decodePacket } from './decode-packet.js';
import { encodePacket } from './encode-packet.js';
import { ChipsError } from './errors.js';
import { MAX_PACKET_BYTES } from './limits.js';
import type { Packet } from './packet.js';

/**
 * Stream framing (docs/spec/chips.md §8): each packet is sent as a 4-byte big-endian length
 * followed by that many bytes of packet. The length is checked against the maximum before any
 * buffer is reserved for the frame.
 */
export const FRAME_HEADER_BYTES = 4;
export const DEFAULT_MAX_FRAME_BYTES = MAX_PACKET_BYTES;

/** One frame: length prefix + canonical packet bytes. */
export function encodeFrame(p: Packet, maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): Uint8Array {
  const body = encodePacket(p);
  if (body.length > maxFrameBytes) {
    throw new ChipsError(
      'FRAME_TOO_LARGE',
      `${body.length} bytes over ${maxFrameBytes}`,
      undefined,
      'frame',
    );
  }
  const out = new Uint8Array(FRAME_HEADER_BYTES + body.length);
  const n = body.length;
  out[0] = n >>> 24;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  out.set(body, FRAME_HEADER_BYTES);
  return out;
}

export interface FrameDecoderOptions {
  /** Largest frame payload accepted; default and ceiling DEFAULT_MAX_FRAME_BYTES (4 MiB). */
  readonly maxFrameBytes?: number;
}

/**
 * Incremental decoder: feed it bytes in chunks of any size (one byte at a time included) and it
 * returns the packets completed by each chunk, in order. Error offsets count from the first byte
 * ever pushed. After an error the stream is out of sync, so the decoder stays failed: every later
 * call throws the same error, and the caller should close the connection.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  /** Bytes of the stream consumed before `frame` / `header`. */
  private streamOffset = 0;
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerFill = 0;
  private frame: Uint8Array | undefined;
  private frameFill = 0;
  private failure: ChipsError | undefined;

  constructor(options?: FrameDecoderOptions) {
    this.maxFrameBytes = Math.min(
      options?.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      DEFAULT_MAX_FRAME_BYTES,
    );
  }

  /** True when no partial frame is buffered (a clean point to close the stream). */
  get idle(): boolean {
    return this.headerFill === 0 && this.frame === undefined;
  }

  push(chunk: Uint8Array): Packet[] {
    if (this.failure) throw this.failure;
    const out: Packet[] = [];
    try {
      let i = 0;
      while (i < chunk.length) {
        if (this.frame === undefined) {
          // Fast path: a whole frame inside the chunk is decoded in place, without copying.
          if (this.headerFill === 0 && chunk.length - i >= FRAME_HEADER_BYTES) {
            const n = this.frameLength(chunk, i);
            if (chunk.length - i - FRAME_HEADER_BYTES >= n) {
              const start = i + FRAME_HEADER_BYTES;
              out.push(this.decode(chunk.subarray(start, start + n)));
              i = start + n;
              continue;
            }
          }
          const take = Math.min(FRAME_HEADER_BYTES - this.headerFill, chunk.length - i);
          this.header.set(chunk.subarray(i, i + take), this.headerFill);
          this.headerFill += take;
          i += take;
          if (this.headerFill < FRAME_HEADER_BYTES) break;
          this.frame = new Uint8Array(this.frameLength(this.header, 0));
          this.frameFill = 0;
        }
        const take = Math.min(this.frame.length - this.frameFill, chunk.length - i);
        this.frame.set(chunk.subarray(i, i + take), this.frameFill);
        this.frameFill += take;
        i += take;
        if (this.frameFill === this.frame.length) {
          const frame = this.frame;
          this.frame = undefined;
          this.headerFill = 0;
          out.push(this.decode(frame));
        }
      }
    } catch (e) {
      if (e instanceof ChipsError) this.failure = e;
      throw e;
    }
    return out;
  }

  /** Call at end of stream: throws TRUNCATED if a frame was cut off. */
  finish(): void {
    if (this.failure) throw this.failure;
    if (!this.idle) {
      this.failure = new ChipsError(
        'TRUNCATED',
        'stream ended inside a frame',
        this.streamOffset,
        'frame',
      );
      throw this.failure;
    }
  }

  /** Reads and checks a length prefix (before anything is allocated for the frame). */
  private frameLength(bytes: Uint8Array, at: number): number {
    const n =
      ((bytes[at]! << 24) >>> 0) +
      ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (n > this.maxFrameBytes) {
      throw new ChipsError(
        'FRAME_TOO_LARGE',
        `frame of ${n} bytes over ${this.maxFrameBytes}`,
        this.streamOffset,
        'frame',
      );
    }
    if (n === 0) throw new ChipsError('TRUNCATED', 'empty frame', this.streamOffset, 'frame');
    return n;
  }

  private decode(bytes: Uint8Array): Packet {
    const base = this.streamOffset + FRAME_HEADER_BYTES;
    let p: Packet;
    try {
      p = decodePacket(bytes, { maxBytes: this.maxFrameBytes });
    } catch (e) {
      if (e instanceof ChipsError) throw e.shifted(base);
      throw e;
    }
    this.streamOffset = base + bytes.length;
    return p;
  }
}
