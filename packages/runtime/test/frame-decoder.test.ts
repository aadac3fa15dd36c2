import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, RuntimeError } from '../src/index.js';

describe('FrameDecoder', () => {
  it('reassembles any sequence of frames split at arbitrary points', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
          const decoder = new FrameDecoder();
          const out: Uint8Array[] = [];
          let at = 0;
          let i = 0;
          while (at < stream.length) {
            const n = cuts[i++ % cuts.length] ?? 1;
            out.push(...decoder.push(stream.subarray(at, at + n)));
            at += n;
          }
          expect(out.map((f) => Buffer.from(f).toString('hex'))).toEqual(
            payloads.map((p) => Buffer.from(p).toString('hex')),
          );
        },
      ),
    );
  });

  it('rejects an oversize length prefix before buffering the body', () => {
    const decoder = new FrameDecoder(16);
    const header = new Uint8Array([0, 0, 0, 17]);
    expect(() => decoder.push(header)).toThrowError(RuntimeError);
    try {
      new FrameDecoder(16).push(header);
    } catch (error) {
      expect((error as RuntimeError).code).toBe('FRAME_TOO_LARGE');
    }
  });

  it('copies O(total) bytes when fed one byte at a time', () => {
    const payloads = [new Uint8Array(100_000).fill(7), new Uint8Array(3), new Uint8Array(50_000)];
    const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));
    const decoder = new FrameDecoder();
    const out: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...decoder.push(stream.subarray(i, i + 1)));
    expect(out.map((f) => f.length)).toEqual([100_000, 3, 50_000]);
    expect(out[0]?.every((b) => b === 7)).toBe(true);
    // Each byte is copied at most once (headers included); merging per chunk would copy ~5·10⁹.
    expect(decoder.bytesCopied).toBeLessThanOrEqual(stream.length);
  });

  it('copies nothing when every frame arrives inside one chunk', () => {
    const decoder = new FrameDecoder();
    const frames = decoder.push(
      Buffer.concat([encodeFrame(new Uint8Array(10)), encodeFrame(new Uint8Array(20))]),
    );
    expect(frames.map((f) => f.length)).toEqual([10, 20]);
    expect(decoder.bytesCopied).toBe(0);
  });

  it('refuses to encode an oversize frame', () => {
    expect(() => encodeFrame(new Uint8Array(17), 16)).toThrowError(/exceeds/);
  });
});
