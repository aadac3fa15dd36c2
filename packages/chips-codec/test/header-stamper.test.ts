import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChipsError,
  decodePacket,
  encodePacket,
  forwardedPacket,
  HeaderStamper,
  LamportClock,
  MAX_DETAIL_BYTES,
  MAX_LAMPORT,
  type NodeId,
  nackDetail,
  type Packet,
  type PacketId,
  SequenceNumbers,
  truncateUtf8,
} from '../src/index.js';

const SOURCE = '0123456789abcdef' as NodeId;
const counter = () => {
  let n = 0;
  return (length: number) => new Uint8Array(length).fill(n++ & 0xff);
};
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof ChipsError ? `${e.code}:${e.field}` : String(e);
  }
  return undefined;
};
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** A send to a destination, or a receive of a Lamport time. */
const event = fc.oneof(
  fc.record({ send: fc.constantFrom('qan', 'rigel', 'vega') }),
  fc.record({ receive: fc.nat({ max: 10_000 }) }),
);

describe('Lamport clock', () => {
  it('ticks on send and jumps to max(L, received) + 1 on receive', () => {
    const clock = new LamportClock();
    expect([clock.tick(), clock.tick()]).toEqual([1, 2]);
    expect(clock.observe(10)).toBe(11);
    expect(clock.observe(3)).toBe(12);
    expect(clock.tick()).toBe(13);
    expect(clock.now).toBe(13);
  });

  it('is strictly increasing, and past every time it received (property)', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const clock = new LamportClock();
        let before = clock.now;
        for (const e of events) {
          const after = 'send' in e ? clock.tick() : clock.observe(e.receive);
          expect(after).toBeGreaterThan(before);
          if ('receive' in e) expect(after).toBe(Math.max(before, e.receive) + 1);
          else expect(after).toBe(before + 1);
          before = after;
        }
      }),
    );
  });

  it('stops at 2^53 - 1 instead of wrapping, and refuses times no header can carry', () => {
    const clock = new LamportClock(MAX_LAMPORT - 1);
    expect(clock.tick()).toBe(MAX_LAMPORT);
    expect(clock.tick()).toBe(MAX_LAMPORT);
    expect(new LamportClock().observe(MAX_LAMPORT)).toBe(MAX_LAMPORT);
    expect(codeOf(() => clock.observe(-1))).toBe('OUT_OF_RANGE:lamport');
    expect(codeOf(() => clock.observe(1.5))).toBe('OUT_OF_RANGE:lamport');
    expect(codeOf(() => clock.observe(2 ** 53))).toBe('OUT_OF_RANGE:lamport');
    expect(codeOf(() => new LamportClock(-1))).toBe('OUT_OF_RANGE:start');
  });
});

describe('sequence numbers', () => {
  it('count per destination (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 80 }), (dests) => {
        const seq = new SequenceNumbers();
        const sent = new Map<string, number>();
        for (const d of dests) {
          expect(seq.take(d)).toBe(sent.get(d) ?? 0);
          sent.set(d, (sent.get(d) ?? 0) + 1);
        }
      }),
    );
  });

  it('wrap from 2^32 - 1 to 0', () => {
    const seq = new SequenceNumbers();
    // Reach the top without 2^32 calls by setting the private counter directly.
    const at = seq as unknown as { next: Map<string, number> };
    at.next.set('qan', 0xffff_ffff);
    expect([seq.take('qan'), seq.take('qan'), seq.take('rigel')]).toEqual([0xffff_ffff, 0, 0]);
  });
});

describe('header stamper', () => {
  it('stamps source, random packet id, Lamport time and seq per destination', () => {
    const stamper = new HeaderStamper(SOURCE, counter());
    const a = stamper.stamp('qan', { scope: 'node:heartbeat', hopLimit: 16 });
    stamper.received({ lamport: 40 });
    const b = stamper.stamp('rigel', { scope: 'job:submit', hopLimit: 8, reroute: 'allow' });
    const c = stamper.stamp('qan', {
      scope: 'job:result',
      hopLimit: 16,
      packetId: '12'.repeat(16) as PacketId,
    });
    expect(a).toEqual({
      destination: 'qan',
      source: SOURCE,
      packetId: '00'.repeat(16),
      lamport: 1,
      seq: 0,
      scope: 'node:heartbeat',
      hopLimit: 16,
      reroute: 'deny',
    });
    expect(b).toMatchObject({ packetId: '01'.repeat(16), lamport: 42, seq: 0, reroute: 'allow' });
    expect(c).toMatchObject({ packetId: '12'.repeat(16), lamport: 43, seq: 1 });
    expect(stamper.clock.now).toBe(43);
  });

  it('gives every header of a run a larger Lamport time than anything before it (property)', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const stamper = new HeaderStamper(SOURCE, counter());
        let seen = 0;
        const seqs = new Map<string, number>();
        for (const e of events) {
          if ('receive' in e) {
            stamper.received({ lamport: e.receive });
            seen = Math.max(seen, e.receive);
            continue;
          }
          const h = stamper.stamp(e.send, { scope: 'node:heartbeat', hopLimit: 1 });
          expect(h.lamport).toBeGreaterThan(seen);
          seen = h.lamport;
          expect(h.seq).toBe(seqs.get(e.send) ?? 0);
          seqs.set(e.send, h.seq + 1);
        }
      }),
    );
  });

  it('refuses a bad hop limit, packet id or random source', () => {
    const stamper = new HeaderStamper(SOURCE, counter());
    expect(codeOf(() => stamper.stamp('qan', { scope: 'x', hopLimit: 256 }))).toBe(
      'OUT_OF_RANGE:hopLimit',
    );
    expect(
      codeOf(() => stamper.stamp('qan', { scope: 'x', hopLimit: 1, packetId: 'AB' as PacketId })),
    ).toBe('INVALID_FIELD:packetId');
    const short = new HeaderStamper(SOURCE, () => new Uint8Array(8));
    expect(codeOf(() => short.stamp('qan', { scope: 'x', hopLimit: 1 }))).toBe(
      'INVALID_FIELD:packetId',
    );
  });
});

describe('NACK detail', () => {
  it('cuts to the codec limit without splitting a UTF-8 sequence', () => {
    expect(truncateUtf8('abc', 2)).toBe('ab');
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(utf8Bytes(nackDetail('é'.repeat(300)))).toBe(MAX_DETAIL_BYTES);
    expect(nackDetail(`${'x'.repeat(255)}😀`)).toBe('x'.repeat(255));
    expect(nackDetail('short')).toBe('short');
  });

  it('always gives a detail the codec accepts (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const detail = nackDetail(text);
        expect(utf8Bytes(detail)).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
        const packet: Packet = {
          type: 'NACK',
          header: new HeaderStamper(SOURCE, counter()).stamp('qan', { scope: 'x', hopLimit: 1 }),
          body: { nackOf: '00'.repeat(16) as PacketId, code: 'UNSUPPORTED', detail },
        };
        expect(decodePacket(encodePacket(packet))).toEqual(packet);
      }),
      { numRuns: 200 },
    );
    expect(nackDetail('a\uD800b')).toBe('a\uFFFDb');
    expect(nackDetail('e\u0301')).toBe('é');
  });
});

describe('forwarding', () => {
  it('spends one hop and keeps the rest of the header; refuses a packet with none left', () => {
    const header = new HeaderStamper(SOURCE, counter()).stamp('rigel', {
      scope: 'job:submit',
      hopLimit: 2,
    });
    const packet: Packet = { type: 'ACK', header, body: { ackOf: '11'.repeat(16) as PacketId } };
    const once = forwardedPacket(packet);
    expect(once).toEqual({ ...packet, header: { ...header, hopLimit: 1 } });
    expect(codeOf(() => forwardedPacket(forwardedPacket(once)))).toBe('OUT_OF_RANGE:hopLimit');
  });
});
