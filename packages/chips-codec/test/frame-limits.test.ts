import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChipsError,
  encodeFrame,
  encodePacket,
  FrameDecoder,
  type Packet,
  type PacketId,
} from '../src/index.js';
import { header } from './arbitraries.js';
import { chipsErrorOf, refusal } from './refusal.js';

/** One fixed ACK packet and its encoded length. */
function ack(): { packet: Packet; length: number } {
  const [h] = fc.sample(header, { numRuns: 1, seed: 42 });
  const packet: Packet = { type: 'ACK', header: h!, body: { ackOf: 'ab'.repeat(16) as PacketId } };
  return { packet, length: encodePacket(packet).length };
}

const prefix = (n: number) =>
  Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

describe('frame size limits', () => {
  it('encodeFrame accepts a packet of exactly the maximum and refuses one byte over', () => {
    const { packet, length } = ack();
    expect(encodeFrame(packet, length).length).toBe(length + 4);
    expect(refusal(() => encodeFrame(packet, length - 1))).toStrictEqual({
      code: 'FRAME_TOO_LARGE',
      field: 'frame',
      offset: undefined,
    });
  });

  it('FrameDecoder accepts a frame of exactly its maximum', () => {
    const { packet, length } = ack();
    expect(new FrameDecoder({ maxFrameBytes: length }).push(encodeFrame(packet))).toStrictEqual([
      packet,
    ]);
  });

  it.each([
    ['whole', (d: FrameDecoder, frame: Uint8Array) => d.push(frame)],
    [
      'byte by byte',
      (d: FrameDecoder, frame: Uint8Array) => {
        for (const b of frame) d.push(Uint8Array.of(b));
      },
    ],
  ])('FrameDecoder refuses a length prefix one over the maximum it was given (%s)', (_, feed) => {
    const { packet, length } = ack();
    const d = new FrameDecoder({ maxFrameBytes: length - 1 });
    expect(refusal(() => feed(d, encodeFrame(packet)))).toStrictEqual({
      code: 'FRAME_TOO_LARGE',
      field: 'frame',
      offset: 0,
    });
  });

  it('an empty frame is TRUNCATED at its length prefix', () => {
    const { packet } = ack();
    const d = new FrameDecoder();
    expect(d.push(encodeFrame(packet)).length).toBe(1);
    expect(refusal(() => d.push(prefix(0)))).toStrictEqual({
      code: 'TRUNCATED',
      field: 'frame',
      offset: encodeFrame(packet).length,
    });
  });
});

describe('FrameDecoder state', () => {
  it.each([
    ['nothing', 0, true],
    ['part of a length prefix', 2, false],
    ['a whole length prefix', 4, false],
    ['part of a frame', 6, false],
  ])('after %s it is idle: %s', (_, cut, idle) => {
    const { packet } = ack();
    const d = new FrameDecoder();
    d.push(encodeFrame(packet).subarray(0, cut));
    expect(d.idle).toBe(idle);
  });

  it('finish reports a frame cut off as TRUNCATED at the start of that frame', () => {
    const { packet } = ack();
    const frame = encodeFrame(packet);
    const d = new FrameDecoder();
    d.push(frame);
    d.push(frame.subarray(0, 2));
    expect(refusal(() => d.finish())).toStrictEqual({
      code: 'TRUNCATED',
      field: 'frame',
      offset: frame.length,
    });
  });

  it('after an error, push and finish throw that same error, even with nothing buffered', () => {
    const d = new FrameDecoder({ maxFrameBytes: 10 });
    const first = chipsErrorOf(() => d.push(prefix(11)));
    expect([first.code, first.offset, d.idle]).toStrictEqual(['FRAME_TOO_LARGE', 0, true]);
    expect(chipsErrorOf(() => d.finish())).toBe(first);
    expect(chipsErrorOf(() => d.push(prefix(1)))).toBe(first);
    expect(first).toBeInstanceOf(ChipsError);
  });
});
