import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  decodePacket,
  encodeCanonical,
  encodePacket,
  type NodeId,
  type Packet,
  type PacketId,
  WINDOW_STEPS,
  type WindowPacket,
} from '../src/index.js';
import { header as headerArb, windowBody } from './arbitraries.js';
import { error } from './packet-fixtures.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

const MAX = Number.MAX_SAFE_INTEGER;

const active: WindowPacket = {
  type: 'WINDOW',
  header: {
    destination: 'vega',
    source: '0011223344556677' as NodeId,
    packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
    lamport: 42,
    seq: 7,
    scope: 'contract:window',
    hopLimit: 1,
    reroute: 'deny',
  },
  body: {
    contract: 70_000,
    step: 'ACTIVE',
    lengthMs: 3_600_000,
    toleranceMrad: 500,
    clockDomain: 'gps',
    activatedL: 2 ** 40 + 5,
    phaseErrorMrad: 120,
  },
};

// Written out by hand from docs/spec/chips.md §4 and §5 (WINDOW, version 5, type 13).
const ACTIVE_HEX = `9b 05 0d
  a4 76656761
  c4 08 0011223344556677
  c4 10 000102030405060708090a0b0c0d0e0f
  2a 07
  af 636f6e74726163743a77696e646f77
  01 01
  97
    ce 00011170
    03
    ce 0036ee80
    cd 01f4
    a3 677073
    cf 0000010000000005
    78`;

/** Offsets in ACTIVE_HEX of the body and of each of its elements. */
const AT = {
  body: 56,
  contract: 57,
  step: 62,
  lengthMs: 63,
  toleranceMrad: 68,
  clockDomain: 71,
  activatedL: 75,
  phaseErrorMrad: 84,
};

/** The phase error's offset when activatedL is nil (one byte, c0). */
const PHASE_ERROR_AFTER_NIL = AT.activatedL + 1;

/** The ACTIVE packet's body elements in wire order, with `over` put in place of some. */
function bodyWire(over: Partial<Record<number, CanonicalValue>> = {}): CanonicalValue[] {
  const b = active.body;
  const wire: CanonicalValue[] = [
    b.contract,
    3,
    b.lengthMs,
    b.toleranceMrad,
    b.clockDomain,
    b.activatedL,
    b.phaseErrorMrad,
  ];
  for (const [i, v] of Object.entries(over)) wire[Number(i)] = v!;
  return wire;
}

/** The packet's bytes with its body array replaced by `body` (the header is kept). */
function packetWithBody(body: CanonicalValue): Uint8Array {
  const h = active.header;
  const head = [5, 13, h.destination, unhex(h.source), unhex(h.packetId), h.lamport, h.seq];
  return encodeCanonical([...head, h.scope, h.hopLimit, 1, body]);
}

/** The packet's bytes with some body elements replaced. */
const withBody = (over: Partial<Record<number, CanonicalValue>>) => packetWithBody(bodyWire(over));

/** Step codes (the index in WINDOW_STEPS, spec chips §5). */
const PREPARE = 0;
const READY = 1;
const ACTIVATE = 2;
const TERMINATE = 4;
const TERMINATED = 5;
const FAULT = 6;

describe('WINDOW', () => {
  it('writes the hand-computed bytes (version 5, type 13) and reads them back', () => {
    const bytes = unhex(ACTIVE_HEX);
    expect(bytes.length).toBe(AT.phaseErrorMrad + 1);
    expect(hex(encodePacket(active))).toBe(hex(bytes));
    expect(decodePacket(bytes)).toEqual(active);
    expect(hex(packetWithBody(bodyWire()))).toBe(hex(bytes));
  });

  it('writes a PREPARE as the same bytes with step 0 and nil for activatedL and the phase error', () => {
    const prepare = {
      ...active,
      body: { ...active.body, step: 'PREPARE', activatedL: null, phaseErrorMrad: null },
    } as Packet;
    const bytes = Uint8Array.of(...unhex(ACTIVE_HEX).slice(0, AT.activatedL), 0xc0, 0xc0);
    bytes[AT.step] = 0x00;
    expect(hex(encodePacket(prepare))).toBe(hex(bytes));
    expect(decodePacket(bytes)).toEqual(prepare);
  });

  it('writes a FAULT as step 6, nil for activatedL and the phase error after it', () => {
    const fault = {
      ...active,
      body: { ...active.body, step: 'FAULT', activatedL: null, phaseErrorMrad: 900 },
    } as Packet;
    const bytes = Uint8Array.of(...unhex(ACTIVE_HEX).slice(0, AT.activatedL), 0xc0, 0xcd, 3, 0x84);
    bytes[AT.step] = 0x06;
    expect(hex(encodePacket(fault))).toBe(hex(bytes));
    expect(decodePacket(bytes)).toEqual(fault);
  });

  it('round-trips any valid body; re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(headerArb, windowBody, (header, body) => {
        const p = { type: 'WINDOW', header, body } as Packet;
        const bytes = encodePacket(p);
        const back = decodePacket(bytes);
        expect(back).toEqual(p);
        expect(hex(encodePacket(back))).toBe(hex(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every field at both ends of its range', () => {
    const ends: Partial<Record<number, CanonicalValue>>[] = [
      { 0: 1 },
      { 0: MAX },
      { 2: 1 },
      { 2: 86_400_000 },
      { 3: 1 },
      { 3: 6_283 },
      { 4: 'a' },
      { 4: `a${'0'.repeat(62)}` },
      { 5: 1 },
      { 5: MAX },
      { 6: 0 },
      { 6: 6_283 },
      // Every step with the one shape it allows: PREPARE (0) and FAULT (6) are the ends.
      { 1: PREPARE, 5: null, 6: null },
      { 1: READY, 5: null },
      { 1: ACTIVATE, 6: null },
      { 1: TERMINATE, 5: null, 6: null },
      { 1: TERMINATED, 5: null, 6: null },
      { 1: FAULT, 5: null },
    ];
    for (const over of ends) {
      const bytes = withBody(over);
      expect(hex(encodePacket(decodePacket(bytes)))).toBe(hex(bytes));
    }
    expect(WINDOW_STEPS).toEqual([
      'PREPARE',
      'READY',
      'ACTIVATE',
      'ACTIVE',
      'TERMINATE',
      'TERMINATED',
      'FAULT',
    ]);
  });

  const cases: [string, Uint8Array, string, number, string][] = [
    [
      'a body of 6 elements',
      packetWithBody(bodyWire().slice(0, 6)),
      'MISSING_FIELD',
      AT.body,
      'body',
    ],
    [
      'a body of 8 elements',
      packetWithBody([...bodyWire(), null]),
      'UNKNOWN_FIELD',
      AT.body,
      'body',
    ],
    ['a body as a map', packetWithBody({ contract: 1 }), 'WRONG_TYPE', AT.body, 'body'],
    ['contract 0', withBody({ 0: 0 }), 'OUT_OF_RANGE', AT.contract, 'body.contract'],
    ['contract as a float', withBody({ 0: 1.5 }), 'WRONG_TYPE', AT.contract, 'body.contract'],
    ['step 7', withBody({ 1: 7 }), 'OUT_OF_RANGE', AT.step, 'body.step'],
    ['step as a string', withBody({ 1: 'ACTIVE' }), 'WRONG_TYPE', AT.step, 'body.step'],
    ['a length of 0 ms', withBody({ 2: 0 }), 'OUT_OF_RANGE', AT.lengthMs, 'body.lengthMs'],
    [
      'a length over a day',
      withBody({ 2: 86_400_001 }),
      'OUT_OF_RANGE',
      AT.lengthMs,
      'body.lengthMs',
    ],
    [
      'a tolerance of 0',
      withBody({ 3: 0 }),
      'OUT_OF_RANGE',
      AT.toleranceMrad,
      'body.toleranceMrad',
    ],
    [
      'a tolerance of 6 284 mrad (2π or more)',
      withBody({ 3: 6_284 }),
      'OUT_OF_RANGE',
      AT.toleranceMrad,
      'body.toleranceMrad',
    ],
    [
      'an upper-case clock domain',
      withBody({ 4: 'GPS' }),
      'INVALID_FIELD',
      AT.clockDomain,
      'body.clockDomain',
    ],
    [
      'an empty clock domain',
      withBody({ 4: '' }),
      'INVALID_FIELD',
      AT.clockDomain,
      'body.clockDomain',
    ],
    [
      'a clock domain ending in -',
      withBody({ 4: 'gps-' }),
      'INVALID_FIELD',
      AT.clockDomain,
      'body.clockDomain',
    ],
    [
      'a clock domain of 64 bytes',
      withBody({ 4: 'a'.repeat(64) }),
      'TOO_LARGE',
      AT.clockDomain,
      'body.clockDomain',
    ],
    [
      'a clock domain as bytes',
      withBody({ 4: Uint8Array.of(0x67) }),
      'WRONG_TYPE',
      AT.clockDomain,
      'body.clockDomain',
    ],
    ['activatedL 0', withBody({ 5: 0 }), 'OUT_OF_RANGE', AT.activatedL, 'body.activatedL'],
    ['activatedL as a float', withBody({ 5: 0.5 }), 'WRONG_TYPE', AT.activatedL, 'body.activatedL'],
    [
      'a phase error of 6 284 mrad',
      withBody({ 6: 6_284 }),
      'OUT_OF_RANGE',
      AT.phaseErrorMrad,
      'body.phaseErrorMrad',
    ],
    [
      'a negative phase error',
      withBody({ 6: -1 }),
      'OUT_OF_RANGE',
      AT.phaseErrorMrad,
      'body.phaseErrorMrad',
    ],
    [
      'ACTIVE without activatedL',
      withBody({ 5: null }),
      'INVALID_FIELD',
      AT.activatedL,
      'body.activatedL',
    ],
    [
      'ACTIVATE without activatedL',
      withBody({ 1: ACTIVATE, 5: null, 6: null }),
      'INVALID_FIELD',
      AT.activatedL,
      'body.activatedL',
    ],
    [
      'READY with activatedL',
      withBody({ 1: READY }),
      'INVALID_FIELD',
      AT.activatedL,
      'body.activatedL',
    ],
    [
      'TERMINATED with activatedL',
      withBody({ 1: TERMINATED, 6: null }),
      'INVALID_FIELD',
      AT.activatedL,
      'body.activatedL',
    ],
    [
      'ACTIVE without a phase error',
      withBody({ 6: null }),
      'INVALID_FIELD',
      AT.phaseErrorMrad,
      'body.phaseErrorMrad',
    ],
    [
      'FAULT without a phase error',
      withBody({ 1: FAULT, 5: null, 6: null }),
      'INVALID_FIELD',
      PHASE_ERROR_AFTER_NIL,
      'body.phaseErrorMrad',
    ],
    [
      'ACTIVATE with a phase error',
      withBody({ 1: ACTIVATE }),
      'INVALID_FIELD',
      AT.phaseErrorMrad,
      'body.phaseErrorMrad',
    ],
    [
      'TERMINATE with a phase error',
      withBody({ 1: TERMINATE, 5: null }),
      'INVALID_FIELD',
      PHASE_ERROR_AFTER_NIL,
      'body.phaseErrorMrad',
    ],
    [
      'PREPARE with both: the activatedL rule is checked first',
      withBody({ 1: PREPARE }),
      'INVALID_FIELD',
      AT.activatedL,
      'body.activatedL',
    ],
    [
      'PREPARE with both, the phase error out of range (the body is read before the rules)',
      withBody({ 1: PREPARE, 6: 6_284 }),
      'OUT_OF_RANGE',
      AT.phaseErrorMrad,
      'body.phaseErrorMrad',
    ],
  ];
  for (const [name, bytes, code, offset, field] of cases) {
    it(`refuses: ${name}`, () => {
      expect(error(() => decodePacket(bytes))).toEqual({ code, offset, field });
    });
  }

  it('refuses WINDOW at another version, other types at version 5, and version 6', () => {
    const refused = { code: 'UNSUPPORTED_VERSION', offset: 1, field: 'version' };
    for (const version of [1, 4, 6]) {
      const bytes = unhex(ACTIVE_HEX);
      bytes[1] = version;
      expect(error(() => decodePacket(bytes))).toEqual(refused);
    }
    const ackAtV5 = encodePacket({
      ...active,
      type: 'ACK',
      body: { ackOf: active.header.packetId },
    } as Packet);
    ackAtV5[1] = 5;
    expect(error(() => decodePacket(ackAtV5))).toEqual(refused);
  });

  it('encode refuses invalid bodies, naming the field', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ contract: 0 }, 'OUT_OF_RANGE', 'body.contract'],
      [{ contract: MAX + 1 }, 'OUT_OF_RANGE', 'body.contract'],
      [{ contract: '1' }, 'WRONG_TYPE', 'body.contract'],
      [{ step: 'OPEN' }, 'OUT_OF_RANGE', 'body.step'],
      [{ step: 3 }, 'WRONG_TYPE', 'body.step'],
      [{ lengthMs: 0 }, 'OUT_OF_RANGE', 'body.lengthMs'],
      [{ lengthMs: 86_400_001 }, 'OUT_OF_RANGE', 'body.lengthMs'],
      [{ lengthMs: 1.5 }, 'WRONG_TYPE', 'body.lengthMs'],
      [{ toleranceMrad: 0 }, 'OUT_OF_RANGE', 'body.toleranceMrad'],
      [{ toleranceMrad: 6_284 }, 'OUT_OF_RANGE', 'body.toleranceMrad'],
      [{ clockDomain: 'GPS' }, 'INVALID_FIELD', 'body.clockDomain'],
      [{ clockDomain: 'a'.repeat(64) }, 'INVALID_FIELD', 'body.clockDomain'],
      [{ clockDomain: null }, 'WRONG_TYPE', 'body.clockDomain'],
      [{ activatedL: 0 }, 'OUT_OF_RANGE', 'body.activatedL'],
      [{ activatedL: undefined }, 'WRONG_TYPE', 'body.activatedL'],
      [{ phaseErrorMrad: -1 }, 'OUT_OF_RANGE', 'body.phaseErrorMrad'],
      [{ phaseErrorMrad: 6_284 }, 'OUT_OF_RANGE', 'body.phaseErrorMrad'],
      [{ phaseErrorMrad: undefined }, 'WRONG_TYPE', 'body.phaseErrorMrad'],
      [{ activatedL: null }, 'INVALID_FIELD', 'body.activatedL'],
      [{ step: 'READY' }, 'INVALID_FIELD', 'body.activatedL'],
      [{ step: 'PREPARE' }, 'INVALID_FIELD', 'body.activatedL'],
      [{ phaseErrorMrad: null }, 'INVALID_FIELD', 'body.phaseErrorMrad'],
      [{ step: 'ACTIVATE' }, 'INVALID_FIELD', 'body.phaseErrorMrad'],
      [
        { step: 'FAULT', activatedL: null, phaseErrorMrad: null },
        'INVALID_FIELD',
        'body.phaseErrorMrad',
      ],
      [{ step: 'TERMINATE', activatedL: null }, 'INVALID_FIELD', 'body.phaseErrorMrad'],
    ];
    for (const [over, code, field] of cases) {
      const p = { ...active, body: { ...active.body, ...over } } as unknown as Packet;
      expect(error(() => encodePacket(p))).toEqual({ code, offset: undefined, field });
    }
  });
});
