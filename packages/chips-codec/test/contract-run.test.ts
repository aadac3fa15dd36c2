import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  type ContractRunPacket,
  decodePacket,
  encodeCanonical,
  encodePacket,
  type NodeId,
  type Packet,
  type PacketId,
} from '../src/index.js';
import { contractRunBody, header as headerArb } from './arbitraries.js';
import { error } from './packet-fixtures.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

const RUN = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf' as PacketId;
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i);
const MAX = Number.MAX_SAFE_INTEGER;

const teleport: ContractRunPacket = {
  type: 'CONTRACT_RUN',
  header: {
    destination: 'vega',
    source: '0011223344556677' as NodeId,
    packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
    lamport: 42,
    seq: 7,
    scope: 'contract:run',
    hopLimit: 1,
    reroute: 'deny',
  },
  body: {
    contract: 70_000,
    run: RUN,
    use: 'TELEPORT',
    role: 0,
    peer: 'altair',
    secret: SECRET,
    link: {
      lengthM: 25_000,
      lossMdbPerKm: 200,
      attemptRateHz: 1_000_000_000,
      emissionPpm: 500_000,
      detectorPpm: 900_000,
      initialFidelityPpm: 990_000,
      memoryTimeMs: 10_000_000_000,
    },
    firstPair: 4096,
    pairs: 65_536,
    state: { thetaUrad: 1_570_796, phiUrad: 3_141_593 },
  },
};

// Written out by hand from docs/spec/chips.md §4 and §5 (CONTRACT_RUN, version 4, type 12).
const TELEPORT_HEX = `9b 04 0c
  a4 76656761
  c4 08 0011223344556677
  c4 10 000102030405060708090a0b0c0d0e0f
  2a 07
  ac 636f6e74726163743a72756e
  01 01
  9a
    ce 00011170
    c4 10 a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
    01
    00
    a6 616c74616972
    c4 20 202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
    97 cd 61a8 cc c8 ce 3b9aca00 ce 0007a120 ce 000dbba0 ce 000f1b30 cf 00000002540be400
    cd 1000
    ce 00010000
    92 ce 0017f7ec ce 002fefd9`;

/** Offsets in TELEPORT_HEX of the body and of each of its elements (link and state: their fields too). */
const AT = {
  body: 53,
  contract: 54,
  run: 59,
  use: 77,
  role: 78,
  peer: 79,
  secret: 86,
  link: 120,
  lengthM: 121,
  lossMdbPerKm: 124,
  attemptRateHz: 126,
  emissionPpm: 131,
  detectorPpm: 136,
  initialFidelityPpm: 141,
  memoryTimeMs: 146,
  firstPair: 155,
  pairs: 158,
  state: 163,
  thetaUrad: 164,
  phiUrad: 169,
};

/** The teleport packet's body elements in wire order, with `over` put in place of some. */
function bodyWire(over: Partial<Record<number, CanonicalValue>> = {}): CanonicalValue[] {
  const b = teleport.body;
  const l = b.link;
  const link = [
    l.lengthM,
    l.lossMdbPerKm,
    l.attemptRateHz,
    l.emissionPpm,
    l.detectorPpm,
    l.initialFidelityPpm,
    l.memoryTimeMs,
  ];
  const state = [b.state!.thetaUrad, b.state!.phiUrad];
  const wire: CanonicalValue[] = [
    b.contract,
    unhex(b.run),
    1,
    b.role,
    b.peer,
    b.secret,
    link,
    b.firstPair,
    b.pairs,
    state,
  ];
  for (const [i, v] of Object.entries(over)) wire[Number(i)] = v!;
  return wire;
}

/** The packet's bytes with its body array replaced by `body` (the header is kept). */
function packetWithBody(body: CanonicalValue[]): Uint8Array {
  const h = teleport.header;
  const head = [4, 12, h.destination, unhex(h.source), unhex(h.packetId), h.lamport, h.seq];
  return encodeCanonical([...head, h.scope, h.hopLimit, 1, body]);
}

/** The link array with field `i` replaced by `v`. */
const link = (i: number, v: CanonicalValue): CanonicalValue[] => {
  const l = bodyWire()[6] as CanonicalValue[];
  l[i] = v;
  return l;
};

/** The packet's bytes with some body elements replaced. */
const withBody = (over: Partial<Record<number, CanonicalValue>>) => packetWithBody(bodyWire(over));

describe('CONTRACT_RUN', () => {
  it('writes the hand-computed bytes (version 4, type 12) and reads them back', () => {
    const bytes = unhex(TELEPORT_HEX);
    expect(bytes.length).toBe(AT.phiUrad + 5);
    expect(hex(encodePacket(teleport))).toBe(hex(bytes));
    expect(decodePacket(bytes)).toEqual(teleport);
    expect(hex(packetWithBody(bodyWire()))).toBe(hex(bytes));
  });

  it('writes a CHSH run as the same bytes with use 0 and nil for the state', () => {
    const chsh = { ...teleport, body: { ...teleport.body, use: 'CHSH', state: null } } as Packet;
    const bytes = unhex(TELEPORT_HEX).slice(0, AT.state + 1);
    bytes[AT.use] = 0x00;
    bytes[AT.state] = 0xc0;
    expect(hex(encodePacket(chsh))).toBe(hex(bytes));
    expect(decodePacket(bytes)).toEqual(chsh);
  });

  it('round-trips any valid body; re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(headerArb, contractRunBody, (header, body) => {
        const p = { type: 'CONTRACT_RUN', header, body } as Packet;
        const bytes = encodePacket(p);
        const back = decodePacket(bytes);
        expect(back).toEqual(p);
        expect(hex(encodePacket(back))).toBe(hex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every field at both ends of its range', () => {
    const ends: [number, CanonicalValue][] = [
      [0, 1],
      [0, MAX],
      [3, 1],
      [6, [0, 0, 1, 1, 1, 250_000, 1]],
      [6, [10_000_000, 10_000, 10_000_000_000, 1_000_000, 1_000_000, 1_000_000, MAX]],
      [7, 0],
      [7, MAX],
      [8, 1],
      [9, [0, 0]],
      [9, [3_141_593, 6_283_185]],
    ];
    for (const [i, v] of ends) {
      const bytes = withBody({ [i]: v });
      expect(hex(encodePacket(decodePacket(bytes)))).toBe(hex(bytes));
    }
  });

  const cases: [string, Uint8Array, string, number, string][] = [
    [
      'a body of 9 elements',
      packetWithBody(bodyWire().slice(0, 9)),
      'MISSING_FIELD',
      AT.body,
      'body',
    ],
    [
      'a body of 11 elements',
      packetWithBody([...bodyWire(), null]),
      'UNKNOWN_FIELD',
      AT.body,
      'body',
    ],
    ['contract 0', withBody({ 0: 0 }), 'OUT_OF_RANGE', AT.contract, 'body.contract'],
    ['contract as a float', withBody({ 0: 1.5 }), 'WRONG_TYPE', AT.contract, 'body.contract'],
    [
      'a run id of 15 bytes',
      withBody({ 1: new Uint8Array(15) }),
      'INVALID_FIELD',
      AT.run,
      'body.run',
    ],
    ['use 2', withBody({ 2: 2 }), 'OUT_OF_RANGE', AT.use, 'body.use'],
    ['role 2', withBody({ 3: 2 }), 'OUT_OF_RANGE', AT.role, 'body.role'],
    [
      'a peer that is not an alias',
      withBody({ 4: 'Altair' }),
      'INVALID_FIELD',
      AT.peer,
      'body.peer',
    ],
    [
      'a secret of 31 bytes',
      withBody({ 5: new Uint8Array(31) }),
      'INVALID_FIELD',
      AT.secret,
      'body.secret',
    ],
    [
      'a secret of 33 bytes',
      withBody({ 5: new Uint8Array(33) }),
      'INVALID_FIELD',
      AT.secret,
      'body.secret',
    ],
    [
      'a secret as a string',
      withBody({ 5: 'x'.repeat(32) }),
      'WRONG_TYPE',
      AT.secret,
      'body.secret',
    ],
    [
      'a link of 6 fields',
      withBody({ 6: link(0, 0).slice(0, 6) }),
      'MISSING_FIELD',
      AT.link,
      'body.link',
    ],
    [
      'a link of 8 fields',
      withBody({ 6: [...link(0, 0), 1] }),
      'UNKNOWN_FIELD',
      AT.link,
      'body.link',
    ],
    ['a link as a map', withBody({ 6: { lengthM: 0 } }), 'WRONG_TYPE', AT.link, 'body.link'],
    [
      'a link of 10 001 km',
      withBody({ 6: link(0, 10_000_001) }),
      'OUT_OF_RANGE',
      AT.lengthM,
      'body.link.lengthM',
    ],
    [
      'a loss of 10.001 dB/km',
      withBody({ 6: link(1, 10_001) }),
      'OUT_OF_RANGE',
      AT.lossMdbPerKm,
      'body.link.lossMdbPerKm',
    ],
    [
      'an attempt rate of 0 Hz',
      withBody({ 6: link(2, 0) }),
      'OUT_OF_RANGE',
      AT.attemptRateHz,
      'body.link.attemptRateHz',
    ],
    [
      'an attempt rate over 10 GHz',
      withBody({ 6: link(2, 10_000_000_001) }),
      'OUT_OF_RANGE',
      AT.attemptRateHz,
      'body.link.attemptRateHz',
    ],
    [
      'an emission probability of 0',
      withBody({ 6: link(3, 0) }),
      'OUT_OF_RANGE',
      AT.emissionPpm,
      'body.link.emissionPpm',
    ],
    [
      'a detector efficiency over 1',
      withBody({ 6: link(4, 1_000_001) }),
      'OUT_OF_RANGE',
      AT.detectorPpm,
      'body.link.detectorPpm',
    ],
    [
      'an initial fidelity below 1/4',
      withBody({ 6: link(5, 249_999) }),
      'OUT_OF_RANGE',
      AT.initialFidelityPpm,
      'body.link.initialFidelityPpm',
    ],
    [
      'a memory time of 0 ms',
      withBody({ 6: link(6, 0) }),
      'OUT_OF_RANGE',
      AT.memoryTimeMs,
      'body.link.memoryTimeMs',
    ],
    ['a negative first pair', withBody({ 7: -1 }), 'OUT_OF_RANGE', AT.firstPair, 'body.firstPair'],
    ['0 pairs', withBody({ 8: 0 }), 'OUT_OF_RANGE', AT.pairs, 'body.pairs'],
    ['65 537 pairs', withBody({ 8: 65_537 }), 'OUT_OF_RANGE', AT.pairs, 'body.pairs'],
    ['TELEPORT without a state', withBody({ 9: null }), 'INVALID_FIELD', AT.state, 'body.state'],
    ['CHSH with a state', withBody({ 2: 0 }), 'INVALID_FIELD', AT.state, 'body.state'],
    [
      'CHSH with a state out of range (the state is read before the rule)',
      withBody({ 2: 0, 9: [3_141_594, 0] }),
      'OUT_OF_RANGE',
      AT.thetaUrad,
      'body.state.thetaUrad',
    ],
    ['a state of 1 angle', withBody({ 9: [0] }), 'MISSING_FIELD', AT.state, 'body.state'],
    ['a state of 3 angles', withBody({ 9: [0, 0, 0] }), 'UNKNOWN_FIELD', AT.state, 'body.state'],
    [
      'θ above π',
      withBody({ 9: [3_141_594, 3_141_593] }),
      'OUT_OF_RANGE',
      AT.thetaUrad,
      'body.state.thetaUrad',
    ],
    [
      'φ of 2π',
      withBody({ 9: [1_570_796, 6_283_186] }),
      'OUT_OF_RANGE',
      AT.phiUrad,
      'body.state.phiUrad',
    ],
  ];
  for (const [name, bytes, code, offset, field] of cases) {
    it(`refuses: ${name}`, () => {
      expect(error(() => decodePacket(bytes))).toEqual({ code, offset, field });
    });
  }

  it('refuses CONTRACT_RUN at another version, other types at version 4, and version 5', () => {
    const refused = { code: 'UNSUPPORTED_VERSION', offset: 1, field: 'version' };
    for (const version of [1, 3, 5]) {
      const bytes = unhex(TELEPORT_HEX);
      bytes[1] = version;
      expect(error(() => decodePacket(bytes))).toEqual(refused);
    }
    const ackAtV4 = encodePacket({
      ...teleport,
      type: 'ACK',
      body: { ackOf: RUN },
    } as Packet);
    ackAtV4[1] = 4;
    expect(error(() => decodePacket(ackAtV4))).toEqual(refused);
  });

  it('encode refuses invalid bodies, naming the field', () => {
    const b = teleport.body;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ contract: 0 }, 'OUT_OF_RANGE', 'body.contract'],
      [{ contract: MAX + 1 }, 'OUT_OF_RANGE', 'body.contract'],
      [{ run: RUN.toUpperCase() }, 'INVALID_FIELD', 'body.run'],
      [{ use: 'BELL' }, 'OUT_OF_RANGE', 'body.use'],
      [{ use: 1 }, 'WRONG_TYPE', 'body.use'],
      [{ role: 2 }, 'OUT_OF_RANGE', 'body.role'],
      [{ peer: 'Altair' }, 'INVALID_FIELD', 'body.peer'],
      [{ secret: new Uint8Array(31) }, 'INVALID_FIELD', 'body.secret'],
      [{ secret: [...SECRET] }, 'WRONG_TYPE', 'body.secret'],
      [{ link: null }, 'WRONG_TYPE', 'body.link'],
      [{ link: { ...b.link, lengthM: 10_000_001 } }, 'OUT_OF_RANGE', 'body.link.lengthM'],
      [{ link: { ...b.link, lossMdbPerKm: 10_001 } }, 'OUT_OF_RANGE', 'body.link.lossMdbPerKm'],
      [{ link: { ...b.link, attemptRateHz: 0 } }, 'OUT_OF_RANGE', 'body.link.attemptRateHz'],
      [{ link: { ...b.link, emissionPpm: 0 } }, 'OUT_OF_RANGE', 'body.link.emissionPpm'],
      [{ link: { ...b.link, detectorPpm: 1_000_001 } }, 'OUT_OF_RANGE', 'body.link.detectorPpm'],
      [
        { link: { ...b.link, initialFidelityPpm: 249_999 } },
        'OUT_OF_RANGE',
        'body.link.initialFidelityPpm',
      ],
      [{ link: { ...b.link, memoryTimeMs: 0 } }, 'OUT_OF_RANGE', 'body.link.memoryTimeMs'],
      [{ link: { ...b.link, memoryTimeMs: 1.5 } }, 'WRONG_TYPE', 'body.link.memoryTimeMs'],
      [{ firstPair: -1 }, 'OUT_OF_RANGE', 'body.firstPair'],
      [{ pairs: 0 }, 'OUT_OF_RANGE', 'body.pairs'],
      [{ pairs: 65_537 }, 'OUT_OF_RANGE', 'body.pairs'],
      [{ state: null }, 'INVALID_FIELD', 'body.state'],
      [{ use: 'CHSH' }, 'INVALID_FIELD', 'body.state'],
      [{ state: undefined }, 'WRONG_TYPE', 'body.state'],
      [{ state: { thetaUrad: 3_141_594, phiUrad: 0 } }, 'OUT_OF_RANGE', 'body.state.thetaUrad'],
      [{ state: { thetaUrad: 0, phiUrad: 6_283_186 } }, 'OUT_OF_RANGE', 'body.state.phiUrad'],
    ];
    for (const [over, code, field] of cases) {
      const p = { ...teleport, body: { ...b, ...over } } as unknown as Packet;
      expect(error(() => encodePacket(p))).toEqual({ code, offset: undefined, field });
    }
  });
});
