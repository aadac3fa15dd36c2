import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  ChipsError,
  decodePacket,
  type EksRelayPacket,
  encodeCanonical,
  encodePacket,
  type KeyId,
  type NodeId,
  type Packet,
  type PacketId,
} from '../src/index.js';
import { eksRelayBody, header as headerArb } from './arbitraries.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

const NODE_KEY = '0a0b0c0d-0000-4000-8000-000000000001' as KeyId;
const HOP_KEY = '1a1b1c1d-0000-4000-8000-000000000002' as KeyId;
const M = Uint8Array.from({ length: 32 }, (_, i) => i);

const relayPacket: EksRelayPacket = {
  type: 'EKS_RELAY',
  header: {
    destination: 'qan',
    source: '0011223344556677' as NodeId,
    packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
    lamport: 42,
    seq: 7,
    scope: 'eks:relay',
    hopLimit: 1,
    reroute: 'deny',
  },
  body: {
    announcements: [{ node: 'vega', nodeKeyId: NODE_KEY, hopKeyId: HOP_KEY, announcement: M }],
  },
};

// Written out by hand from docs/spec/chips.md §4 and §5 (EKS_RELAY, version 3, type 11).
const RELAY_HEX = `9b 03 0b
  a3 71616e
  c4 08 0011223344556677
  c4 10 000102030405060708090a0b0c0d0e0f
  2a 07
  a9 656b733a72656c6179
  01 01
  91 91 94
    a4 76656761
    c4 10 0a0b0c0d000040008000000000000001
    c4 10 1a1b1c1d000040008000000000000002
    c4 20 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f`;

/** Offsets in RELAY_HEX: the body, the announcements array, the first announcement and its fields. */
const AT = { list: 50, first: 51, node: 52, nodeKeyId: 57, hopKeyId: 75, m: 93, second: 127 };

function error(f: () => unknown): { code: string; offset?: number; field?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipsError) return { code: e.code, offset: e.offset, field: e.field };
    throw e;
  }
  throw new Error('no error');
}

/** The packet's bytes with its announcement list replaced by `list` (the header is kept). */
function withAnnouncements(list: CanonicalValue[]): Uint8Array {
  const h = relayPacket.header;
  const head = [3, 11, h.destination, unhex(h.source), unhex(h.packetId), h.lamport, h.seq];
  return encodeCanonical([...head, h.scope, h.hopLimit, 1, [list]]);
}

const id = (k: string) => unhex(k.replaceAll('-', ''));
const entry = (over: Partial<Record<number, CanonicalValue>> = {}): CanonicalValue[] => {
  const e: CanonicalValue[] = ['vega', id(NODE_KEY), id(HOP_KEY), M];
  for (const [i, v] of Object.entries(over)) e[Number(i)] = v!;
  return e;
};

describe('EKS_RELAY', () => {
  it('writes the hand-computed bytes (version 3, type 11) and reads them back', () => {
    expect(hex(encodePacket(relayPacket))).toBe(hex(unhex(RELAY_HEX)));
    expect(decodePacket(unhex(RELAY_HEX))).toEqual(relayPacket);
  });

  it('round-trips any valid body; re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(headerArb, eksRelayBody, (header, body) => {
        const p = { type: 'EKS_RELAY', header, body } as Packet;
        const bytes = encodePacket(p);
        const back = decodePacket(bytes);
        expect(back).toEqual(p);
        expect(hex(encodePacket(back))).toBe(hex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  const second = (over: Partial<Record<number, CanonicalValue>>) => [
    entry(),
    entry({
      1: id('0a0b0c0d-0000-4000-8000-0000000000ff'),
      2: id('1a1b1c1d-0000-4000-8000-0000000000ff'),
      ...over,
    }),
  ];
  const cases: [string, Uint8Array, string, number, string][] = [
    ['no announcements', withAnnouncements([]), 'INVALID_FIELD', AT.list, 'body.announcements'],
    [
      '65 announcements (over the cap of 64)',
      withAnnouncements(Array.from({ length: 65 }, () => entry())),
      'TOO_LARGE',
      AT.list,
      'body.announcements',
    ],
    [
      'an announcement of three fields',
      withAnnouncements([entry().slice(0, 3)]),
      'MISSING_FIELD',
      AT.first,
      'body.announcements',
    ],
    [
      'an announcement of five fields',
      withAnnouncements([[...entry(), 0]]),
      'UNKNOWN_FIELD',
      AT.first,
      'body.announcements',
    ],
    [
      'a node that is not an alias',
      withAnnouncements([entry({ 0: 'Vega' })]),
      'INVALID_FIELD',
      AT.node,
      'body.announcements.node',
    ],
    [
      'a node key id of 15 bytes',
      withAnnouncements([entry({ 1: new Uint8Array(15) })]),
      'INVALID_FIELD',
      AT.nodeKeyId,
      'body.announcements.nodeKeyId',
    ],
    [
      'a hop key id as a string',
      withAnnouncements([entry({ 2: HOP_KEY })]),
      'WRONG_TYPE',
      AT.hopKeyId,
      'body.announcements.hopKeyId',
    ],
    [
      'an announcement of 31 bytes',
      withAnnouncements([entry({ 3: new Uint8Array(31) })]),
      'INVALID_FIELD',
      AT.m,
      'body.announcements.announcement',
    ],
    [
      'an announcement of 64 bytes (two keys)',
      withAnnouncements([entry({ 3: new Uint8Array(64) })]),
      'INVALID_FIELD',
      AT.m,
      'body.announcements.announcement',
    ],
    [
      'a node key id repeated in one packet',
      withAnnouncements(second({ 1: id(NODE_KEY) })),
      'DUPLICATE_KEY',
      AT.second + 1 + 5, // the second announcement's head, its node "vega", then the id
      'body.announcements.nodeKeyId',
    ],
    [
      'a hop key id repeated in one packet (a one-time pad used twice)',
      withAnnouncements(second({ 2: id(HOP_KEY) })),
      'DUPLICATE_KEY',
      AT.second + 1 + 5 + 18,
      'body.announcements.hopKeyId',
    ],
  ];
  for (const [name, bytes, code, offset, field] of cases) {
    it(`refuses: ${name}`, () => {
      expect(error(() => decodePacket(bytes))).toEqual({ code, offset, field });
    });
  }

  it('refuses EKS_RELAY at another version, and other types at version 3', () => {
    const bytes = unhex(RELAY_HEX);
    const v2 = bytes.slice();
    v2[1] = 2;
    expect(error(() => decodePacket(v2))).toEqual({
      code: 'UNSUPPORTED_VERSION',
      offset: 1,
      field: 'version',
    });
    const ackAtV3 = encodePacket({
      ...relayPacket,
      type: 'ACK',
      body: { ackOf: relayPacket.header.packetId },
    } as Packet);
    ackAtV3[1] = 3;
    expect(error(() => decodePacket(ackAtV3))).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      offset: 1,
    });
  });

  it('encode refuses invalid bodies, naming the field', () => {
    const a = relayPacket.body.announcements[0]!;
    const body = (announcements: unknown) =>
      ({ ...relayPacket, body: { announcements } }) as unknown as Packet;
    const cases: [unknown, string, string][] = [
      [[], 'INVALID_FIELD', 'body.announcements'],
      [Array.from({ length: 65 }, () => a), 'TOO_LARGE', 'body.announcements'],
      [[{ ...a, node: 'Vega' }], 'INVALID_FIELD', 'body.announcements[0].node'],
      [[{ ...a, nodeKeyId: 'nope' }], 'INVALID_FIELD', 'body.announcements[0].nodeKeyId'],
      [[{ ...a, hopKeyId: 7 }], 'WRONG_TYPE', 'body.announcements[0].hopKeyId'],
      [
        [{ ...a, announcement: new Uint8Array(33) }],
        'INVALID_FIELD',
        'body.announcements[0].announcement',
      ],
      [[a, { ...a, nodeKeyId: HOP_KEY }], 'DUPLICATE_KEY', 'body.announcements[1].hopKeyId'],
    ];
    for (const [list, code, field] of cases) {
      expect(error(() => encodePacket(body(list)))).toMatchObject({ code, field });
    }
  });
});
