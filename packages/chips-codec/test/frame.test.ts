import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChipsError,
  decodePacket,
  encodeFrame,
  encodePacket,
  FrameDecoder,
  MAX_PACKET_BYTES,
  type Packet,
} from '../src/index.js';
import { packet } from './arbitraries.js';

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits `bytes` at the given cut points (taken modulo the length). */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  return out;
}

function feed(decoder: FrameDecoder, parts: Uint8Array[]): Packet[] {
  return parts.flatMap((c) => decoder.push(c));
}

describe('encodeFrame / FrameDecoder', () => {
  it('a frame is the 4-byte big-endian length then the packet', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const body = encodePacket(p);
        const frame = encodeFrame(p);
        expect(frame.length).toBe(body.length + 4);
        expect(new DataView(frame.buffer).getUint32(0)).toBe(body.length);
        expect(frame.subarray(4)).toEqual(body);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same packets for any chunking, one byte at a time included', () => {
    fc.assert(
      fc.property(
        fc.array(packet, { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (ps, cuts) => {
          const stream = concat(ps.map((p) => encodeFrame(p)));
          const whole = new FrameDecoder();
          expect(whole.push(stream)).toEqual(ps);
          const split = new FrameDecoder();
          expect(feed(split, chunks(stream, cuts))).toEqual(ps);
          split.finish();
          const bytewise = new FrameDecoder();
          expect(
            feed(
              bytewise,
              Array.from(stream, (b) => Uint8Array.of(b)),
            ),
          ).toEqual(ps);
          expect(bytewise.idle).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a frame over the maximum from its length prefix alone', () => {
    const d = new FrameDecoder({ maxFrameBytes: 1000 });
    // Only the prefix (claiming 4 GiB - 1) arrives: the decoder must not wait for or reserve it.
    const err = (() => {
      try {
        d.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ChipsError);
    expect(err).toMatchObject({ code: 'FRAME_TOO_LARGE', offset: 0 });
    // The stream is out of sync now: the decoder stays failed.
    expect(() => d.push(Uint8Array.of(0))).toThrow(ChipsError);
  });

  it('never accepts more than MAX_PACKET_BYTES, whatever maximum it is given', () => {
    const d = new FrameDecoder({ maxFrameBytes: 64 * 1024 * 1024 });
    const over = MAX_PACKET_BYTES + 1;
    const prefix = Uint8Array.of(
      over >>> 24,
      (over >>> 16) & 0xff,
      (over >>> 8) & 0xff,
      over & 0xff,
    );
    expect(() => d.push(prefix)).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
    const big = new Uint8Array(over);
    expect(() => decodePacket(big, { maxBytes: over })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE', offset: 0 }),
    );
  });

  it('reports packet errors at their offset in the stream', () => {
    fc.assert(
      fc.property(packet, packet, (a, b) => {
        const first = encodeFrame(a);
        const second = encodeFrame(b);
        second[4] = 0x9a; // 10 fields instead of 11: MISSING_FIELD at the array head
        const d = new FrameDecoder();
        try {
          feed(d, [first, second]);
          expect.unreachable();
        } catch (e) {
          expect(e).toMatchObject({ code: 'MISSING_FIELD', offset: first.length + 4 });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('an empty frame and a cut-off stream are TRUNCATED', () => {
    expect(() => new FrameDecoder().push(new Uint8Array(4))).toThrow(/TRUNCATED/);
    const d = new FrameDecoder();
    expect(d.push(Uint8Array.of(0, 0, 0, 9, 1))).toEqual([]);
    expect(d.idle).toBe(false);
    expect(() => d.finish()).toThrow(/TRUNCATED/);
  });

  /** Feeds the chunks; returns the packets delivered before any ChipsError, and whether one came. */
  function deliver(d: FrameDecoder, parts: Uint8Array[]): { out: Packet[]; failed: boolean } {
    const out: Packet[] = [];
    try {
      for (const c of parts) out.push(...d.push(c));
    } catch (e) {
      if (!(e instanceof ChipsError)) throw e;
      return { out, failed: true };
    }
    return { out, failed: false };
  }

  /** Every delivered packet is exactly the next frame of the stream, re-encoded. */
  function expectDeliveredAreTheStream(bytes: Uint8Array, out: Packet[]): number {
    const again = concat(out.map((p) => encodeFrame(p)));
    expect(hex(bytes.subarray(0, again.length))).toBe(hex(again));
    return again.length;
  }

  it('random streams only ever raise ChipsError, and deliver only the frames they hold', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (bytes, cuts) => {
          const d = new FrameDecoder({ maxFrameBytes: 4096 });
          const { out } = deliver(d, chunks(bytes, cuts));
          expectDeliveredAreTheStream(bytes, out);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a stream of frames with a byte changed delivers only packets that re-encode to its next frames, and all of it when it does not fail', () => {
    fc.assert(
      fc.property(
        fc.array(packet, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (ps, at, x, cuts) => {
          const frames = ps.map((p) => encodeFrame(p));
          const bytes = concat(frames);
          const i = at % bytes.length;
          bytes[i] = x;
          const d = new FrameDecoder();
          const { out, failed } = deliver(d, chunks(bytes, cuts));
          const used = expectDeliveredAreTheStream(bytes, out);
          if (!failed && d.idle) expect(used).toBe(bytes.length);
          if (!failed && !d.idle) expect(used).toBeLessThan(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
