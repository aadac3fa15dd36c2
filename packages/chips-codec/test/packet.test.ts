import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  ChipsError,
  decodeCanonical,
  decodePacket,
  encodeCanonical,
  encodePacket,
  type NodeId,
  type Packet,
  type PacketHeader,
  type PacketId,
} from '../src/index.js';
import { packet } from './arbitraries.js';

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string): Uint8Array =>
  Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (x) => Number.parseInt(x, 16));

const header: PacketHeader = {
  destination: 'rigel',
  source: '0011223344556677' as NodeId,
  packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
  lamport: 42,
  seq: 7,
  scope: 'job:submit',
  hopLimit: 8,
  reroute: 'allow',
};

// Written out by hand from the MessagePack spec (docs/spec/chips.md §5):
const ACK_HEX = `9b 01 09
  a5 7269676 56c
  c4 08 0011223344556677
  c4 10 000102030405060708090a0b0c0d0e0f
  2a 07
  aa 6a6f623a7375626d6974
  08 00
  91 c4 10 ffeeddccbbaa99887766554433221100`;
const ack: Packet = {
  type: 'ACK',
  header,
  body: { ackOf: 'ffeeddccbbaa99887766554433221100' as PacketId },
};

function error(f: () => unknown): {
  code: string;
  offset: number | undefined;
  field: string | undefined;
} {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipsError) return { code: e.code, offset: e.offset, field: e.field };
    throw e;
  }
  throw new Error('no error');
}

describe('encodePacket / decodePacket', () => {
  it('writes the hand-computed bytes of an ACK and reads them back', () => {
    expect(hex(encodePacket(ack))).toBe(hex(unhex(ACK_HEX)));
    expect(decodePacket(unhex(ACK_HEX))).toEqual(ack);
  });

  it('round-trips every packet type; re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const b = encodePacket(p);
        const back = decodePacket(b);
        expect(back).toEqual(p);
        expect(hex(encodePacket(back))).toBe(hex(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated and random bytes: only ChipsError, and anything accepted is a valid packet that re-encodes to itself', () => {
    const mutated = fc
      .tuple(
        packet,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
      )
      .map(([p, edits]) => {
        const b = encodePacket(p);
        for (const [i, x] of edits) b[i % b.length] = x;
        return b;
      });
    const cut = fc.tuple(packet, fc.nat()).map(([p, n]) => {
      const b = encodePacket(p);
      return b.subarray(0, n % b.length);
    });
    fc.assert(
      fc.property(fc.oneof(mutated, cut, fc.uint8Array({ maxLength: 80 })), (b) => {
        let p: Packet;
        try {
          p = decodePacket(b);
        } catch (e) {
          if (!(e instanceof ChipsError)) throw e;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(b.length);
          return;
        }
        // Outside the try: a packet the decoder accepts but the encoder refuses (a field
        // rule the decoder skipped) must fail here, not pass as a ChipsError.
        expect(hex(encodePacket(p))).toBe(hex(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('every proper prefix of a packet is TRUNCATED', () => {
    const b = unhex(ACK_HEX);
    for (let n = 0; n < b.length; n++)
      expect(error(() => decodePacket(b.subarray(0, n))).code).toBe('TRUNCATED');
  });

  const bad: [string, string, string, number][] = [
    ['trailing byte', `${ACK_HEX} 00`, 'TRAILING_BYTES', 71],
    ['version 2', ACK_HEX.replace('9b 01', '9b 02'), 'UNSUPPORTED_VERSION', 1],
    ['type 0', ACK_HEX.replace('01 09', '01 00'), 'UNKNOWN_PACKET_TYPE', 2],
    ['type 14', ACK_HEX.replace('01 09', '01 0e'), 'UNKNOWN_PACKET_TYPE', 2],
    [
      'type 11 (EKS_RELAY) at version 1',
      ACK_HEX.replace('01 09', '01 0b'),
      'UNSUPPORTED_VERSION',
      1,
    ],
    [
      'type 12 (CONTRACT_RUN) at version 1',
      ACK_HEX.replace('01 09', '01 0c'),
      'UNSUPPORTED_VERSION',
      1,
    ],
    ['type 13 (WINDOW) at version 1', ACK_HEX.replace('01 09', '01 0d'), 'UNSUPPORTED_VERSION', 1],
    ['ACK at version 5', ACK_HEX.replace('9b 01', '9b 05'), 'UNSUPPORTED_VERSION', 1],
    ['version 6', ACK_HEX.replace('9b 01', '9b 06'), 'UNSUPPORTED_VERSION', 1],
    ['uint 8 seq', ACK_HEX.replace('2a 07', '2a cc07'), 'NON_CANONICAL', 38],
    ['upper-case alias', ACK_HEX.replace('a5 7269676 56c', 'a5 5269676 56c'), 'INVALID_FIELD', 3],
    ['hop limit 256', ACK_HEX.replace('08 00\n', 'cd0100 00\n'), 'OUT_OF_RANGE', 50],
    ['reroute 2', ACK_HEX.replace('08 00\n', '08 02\n'), 'OUT_OF_RANGE', 51],
    [
      '7-byte source',
      ACK_HEX.replace('c4 08 0011223344556677', 'c4 07 00112233445566'),
      'INVALID_FIELD',
      9,
    ],
    [
      'source as str',
      ACK_HEX.replace('c4 08 0011223344556677', 'a8 0011223344556677'),
      'WRONG_TYPE',
      9,
    ],
    ['extra body field', ACK_HEX.replace('91 c4', '92 c4').concat('00'), 'UNKNOWN_FIELD', 52],
    ['12 packet fields', ACK_HEX.replace('9b 01', '9c 01'), 'UNKNOWN_FIELD', 0],
  ];
  for (const [name, input, code, offset] of bad) {
    it(`refuses: ${name}`, () => {
      const e = error(() => decodePacket(unhex(input)));
      expect([e.code, e.offset]).toEqual([code, offset]);
    });
  }

  it('refuses oversize input before reading it', () => {
    expect(error(() => decodePacket(unhex(ACK_HEX), { maxBytes: 10 }))).toMatchObject({
      code: 'TOO_LARGE',
      offset: 0,
    });
  });

  it('encode refuses invalid packets, naming the field', () => {
    const cases: [unknown, string, string][] = [
      [{ ...ack, type: 'TELEPORT' }, 'UNKNOWN_PACKET_TYPE', 'type'],
      [{ ...ack, header: { ...header, destination: 'Rigel' } }, 'INVALID_FIELD', 'destination'],
      [{ ...ack, header: { ...header, source: 'xyz' } }, 'INVALID_FIELD', 'source'],
      [{ ...ack, header: { ...header, hopLimit: 256 } }, 'OUT_OF_RANGE', 'hopLimit'],
      [{ ...ack, header: { ...header, lamport: 1.5 } }, 'WRONG_TYPE', 'lamport'],
      [{ ...ack, header: { ...header, scope: 'Job Submit' } }, 'INVALID_FIELD', 'scope'],
      [{ ...ack, body: { ackOf: 'ABC' } }, 'INVALID_FIELD', 'body.ackOf'],
      [
        {
          type: 'JOB_RESULT',
          header,
          body: { jobId: ack.body.ackOf, shots: 3, counts: [{ bits: '1', count: 2 }] },
        },
        'INVALID_FIELD',
        'body.counts',
      ],
      [
        {
          type: 'JOB_RESULT',
          header,
          body: {
            jobId: ack.body.ackOf,
            shots: 2,
            counts: [
              { bits: '1', count: 1 },
              { bits: '0', count: 1 },
            ],
          },
        },
        'KEY_ORDER',
        'body.counts[1].bits',
      ],
      [
        {
          type: 'MEASUREMENT_RESULT',
          header,
          body: { requestId: ack.body.ackOf, bases: Uint8Array.of(4), outcomes: Uint8Array.of(0) },
        },
        'OUT_OF_RANGE',
        'body.bases',
      ],
      [
        {
          type: 'HEARTBEAT',
          header,
          body: {
            report: {
              eksOk: true,
              eksLastSyncMs: 0,
              fidelity1qPpm: 0,
              fidelity2qPpm: 0,
              utilisationPct: 0,
              faults: [],
              amplitudes: [0.7],
            },
          },
        },
        'UNKNOWN_FIELD',
        'body.report.amplitudes',
      ],
      [
        {
          type: 'EKS_SYNC',
          header,
          body: {
            status: { state: 'lost', lastSyncMs: 1, reason: 'LINK_DOWN' },
            keyIds: ['00000000-0000-0000-0000-000000000000'],
          },
        },
        'INVALID_FIELD',
        'body.keyIds',
      ],
    ];
    for (const [p, code, field] of cases) {
      expect(error(() => encodePacket(p as Packet))).toMatchObject({
        code,
        field,
        offset: undefined,
      });
    }
  });

  it('measurement outcomes are packed MSB first with zero padding', () => {
    const p: Packet = {
      type: 'MEASUREMENT_RESULT',
      header,
      body: {
        requestId: ack.body.ackOf,
        bases: Uint8Array.of(0, 1, 2, 3, 0, 1, 2, 3, 0),
        outcomes: Uint8Array.of(1, 0, 1, 1, 0, 0, 0, 1, 1),
      },
    };
    const b = encodePacket(p);
    // …c4 09 <9 bases> c4 02 b1 80
    expect(hex(b).endsWith('c409000102030001020300c402b180')).toBe(true);
    const padded = b.slice();
    padded[padded.length - 1] = 0x81; // a padding bit set
    expect(error(() => decodePacket(padded)).code).toBe('INVALID_FIELD');
  });
});

describe('types', () => {
  it('no packet type can carry amplitudes or a state vector', () => {
    const body = { ackOf: ack.body.ackOf };
    const withAmplitudes: Packet = {
      type: 'ACK',
      header,
      // @ts-expect-error: there is no field for amplitudes in any body
      body: { ...body, amplitudes: [0.6, 0.8] },
    };
    // The wire has no slot for it either: the extra property is not written.
    expect(hex(encodePacket(withAmplitudes))).toBe(hex(encodePacket(ack)));
  });

  it('EKS_SYNC is version 2 and carries its round and link; out-of-range fields are refused', () => {
    const p = {
      type: 'EKS_SYNC',
      header,
      body: {
        status: { state: 'stable', lastSyncMs: 1, keyBitsAvailable: 256 },
        keyIds: [],
        round: 7,
        link: {
          distanceM: 25_000,
          fibreLossMilliDbPerKm: 200,
          pulsesPerRound: 524_288,
          eavesdropperPpm: 20_000,
        },
      },
    } as Packet;
    const bytes = encodePacket(p);
    expect(bytes[1]).toBe(2);
    expect(decodePacket(bytes)).toEqual(p);
    const wire = decodeCanonical(bytes) as CanonicalValue[];
    const patched = (at: (w: CanonicalValue[]) => void): Uint8Array => {
      const w = structuredClone(wire);
      at(w);
      return encodeCanonical(w);
    };
    const body = (w: CanonicalValue[]) => w[10] as CanonicalValue[];
    const link = (w: CanonicalValue[]) => body(w)[5] as CanonicalValue[];
    const cases: [(w: CanonicalValue[]) => void, string, string][] = [
      [(w) => void (w[0] = 1), 'UNSUPPORTED_VERSION', 'version'],
      [(w) => void (body(w)[4] = 2 ** 32), 'OUT_OF_RANGE', 'body.round'],
      [(w) => void (link(w)[0] = 500_001), 'OUT_OF_RANGE', 'body.link.distanceM'],
      [(w) => void (link(w)[1] = 1_001), 'OUT_OF_RANGE', 'body.link.fibreLossMilliDbPerKm'],
      [(w) => void (link(w)[2] = 2 ** 40), 'OUT_OF_RANGE', 'body.link.pulsesPerRound'],
      [(w) => void (link(w)[2] = 1_023), 'OUT_OF_RANGE', 'body.link.pulsesPerRound'],
      [(w) => void (link(w)[3] = 1_000_001), 'OUT_OF_RANGE', 'body.link.eavesdropperPpm'],
      [(w) => void (link(w)[0] = 25.5), 'WRONG_TYPE', 'body.link.distanceM'],
      [(w) => void link(w).push(0), 'UNKNOWN_FIELD', 'body.link'],
      [(w) => void body(w).splice(4), 'MISSING_FIELD', 'body'],
    ];
    for (const [at, code, field] of cases) {
      expect(error(() => decodePacket(patched(at)))).toMatchObject({ code, field });
    }
    const big = {
      ...p.body,
      link: { ...(p.body as { link: object }).link, pulsesPerRound: 2 ** 40 },
    };
    expect(error(() => encodePacket({ ...p, body: big } as Packet))).toMatchObject({
      code: 'OUT_OF_RANGE',
      field: 'body.link.pulsesPerRound',
    });
  });
});
