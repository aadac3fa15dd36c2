import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  decodeBlock,
  decodeEntry,
  decodeSnapshot,
  encodeBlock,
  encodeEntry,
  encodeSnapshot,
  isNetworkAddress,
  merkleRoot,
  RegistryError,
  validateRecord,
} from '../src/index.js';
import { ANCHOR, activeNode, block, genesis, hex, qan } from './helpers.js';

const origin = qan(ANCHOR).quid;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return (e as RegistryError).code;
  }
  return undefined;
};

describe('records', () => {
  const hb = {
    kind: 'HEARTBEAT',
    l: 1,
    origin,
    alias: 'rigel',
    atMs: 5,
    report: {
      eksOk: true,
      eksLastSyncMs: 1,
      fidelity1qPpm: 1,
      fidelity2qPpm: 1,
      utilisationPct: 0,
      faults: [],
    },
  };
  it('accepts a well-formed record and returns an equal copy', () => {
    expect(validateRecord(hb)).toStrictEqual(hb);
  });
  const bad: [string, unknown, string, string?][] = [
    ['unknown kind', { ...hb, kind: 'CONTRACT_RESERVE' }, 'RECORD_UNKNOWN_KIND'],
    ['extra field', { ...hb, extra: 1 }, 'RECORD_INVALID', 'extra'],
    ['bad alias', { ...hb, alias: 'Rigel' }, 'RECORD_INVALID', 'alias'],
    ['zero Lamport', { ...hb, l: 0 }, 'RECORD_INVALID', 'l'],
    ['bad origin', { ...hb, origin: 'xyz' }, 'RECORD_INVALID', 'origin'],
    [
      'utilisation 101',
      { ...hb, report: { ...hb.report, utilisationPct: 101 } },
      'RECORD_INVALID',
      'report.utilisationPct',
    ],
    [
      'loss reason with eksOk',
      { ...hb, report: { ...hb.report, eksLossReason: 'LINK_DOWN' } },
      'RECORD_INVALID',
      'report.eksLossReason',
    ],
    [
      'unsorted faults',
      { ...hb, report: { ...hb.report, faults: ['OTHER', 'CRYOSTAT'] } },
      'RECORD_INVALID',
      'report.faults',
    ],
    [
      'fidelity over 1',
      { ...hb, report: { ...hb.report, fidelity2qPpm: 1_000_001 } },
      'RECORD_INVALID',
      'report.fidelity2qPpm',
    ],
  ];
  for (const [name, value, code, field] of bad) {
    it(`${name} → ${code}`, () => {
      try {
        validateRecord(value, 3);
        expect.unreachable();
      } catch (e) {
        expect((e as RegistryError).code).toBe(code);
        expect((e as RegistryError).index).toBe(3);
        if (field) expect((e as RegistryError).field).toBe(field);
      }
    });
  }
  it('refuses arbitrary input with a typed error, never accepting it', () => {
    fc.assert(
      fc.property(fc.anything({ withTypedArray: true }), (v) => {
        expect(codeOf(() => validateRecord(v))).toMatch(/^RECORD_(INVALID|UNKNOWN_KIND)$/);
      }),
    );
  });
  it('a heartbeat with one field replaced by an arbitrary value is refused at that field, or accepted with that value', () => {
    const fields = ['l', 'origin', 'alias', 'atMs', 'report'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.oneof(fc.anything({ withTypedArray: true }), fc.integer(), fc.string()),
        (field, v) => {
          const value = { ...hb, [field]: v };
          try {
            expect(validateRecord(value)).toStrictEqual(value);
          } catch (e) {
            if (!(e instanceof RegistryError)) throw e;
            expect(e.code).toBe('RECORD_INVALID');
            expect(e.field?.split('.')[0]).toBe(field);
          }
        },
      ),
    );
  });
});

describe('network addresses', () => {
  it.each([
    ['rigel.example.net:9000', true],
    ['[2001:db8::1]:443', true],
    ['[::1]:1', true],
    ['[::ffff:192.0.2.1]:80', true],
    ['localhost:65535', true],
    ['rigel.example.net:65536', false],
    ['rigel.example.net:0', false],
    ['rigel.example.net', false],
    ['2001:db8::1:443', false],
    ['[2001:db8::1::2]:443', false],
    ['[1:2:3:4:5:6:7:8:9]:1', false],
    ['RIGEL.example.net:1', false],
    ['192.0.2.1:80', false],
  ])('%s → %s', (a, ok) => {
    expect(isNetworkAddress(a)).toBe(ok);
  });

  // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters, the longest DNS name.
  const longest = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
  it.each([
    ['a port with a leading zero', 'rigel.example.net:0080', false],
    ['a port with a trailing letter', 'rigel.example.net:80a', false],
    ['a domain of 253 characters', `${longest}:80`, true],
    ['a domain of 254 characters', `${longest}d:80`, false],
    ['a last label ending in a digit', 'rigel.a1:80', true],
    ['a last label starting with a digit', 'rigel.1a:80', true],
    ['a last label of two digits', 'rigel.12:80', false],
  ])('domain:port: %s (%s) → %s', (_, a, ok) => {
    expect(isNetworkAddress(a)).toBe(ok);
  });

  it.each([
    ['eight groups without ::', '1:2:3:4:5:6:7:8', true],
    ['eight groups and ::', '1:2:3:4::5:6:7:8', false],
    ['a second ::', '1:2:3:4:5:6:7:8::a::b', false],
    ['a group of five digits', '1::12345', false],
    ['six groups and an IPv4 tail', '1:2:3:4:5:6:1.2.3.4', true],
    ['an IPv4 part before the last group', '1.2.3.4::1', false],
    ['IPv4 octets 255, 249 and 99', '::ffff:255.249.99.255', true],
    ['an IPv4 tail ending in 249', '::ffff:1.2.3.249', true],
    ['an IPv4 tail ending in 199', '::ffff:1.2.3.199', true],
    ['an IPv4 tail ending in 99', '::ffff:1.2.3.99', true],
    ['an IPv4 octet of 256', '::1.2.3.256', false],
    ['an IPv4 octet with a leading zero', '::01.2.3.4', false],
  ])('[IPv6]:port: %s ([%s]:80) → %s', (_, host, ok) => {
    expect(isNetworkAddress(`[${host}]:80`)).toBe(ok);
  });
});

describe('blocks and snapshots', () => {
  const s0 = genesis();
  const b = block(s0, ANCHOR, activeNode('rigel'));
  const s1 = applyBlock(s0, b);

  it('decodeBlock refuses truncation, trailing bytes and random bytes with typed errors', () => {
    const bytes = encodeBlock(b);
    expect(codeOf(() => decodeBlock(bytes.subarray(0, bytes.length - 1)))).toBe('BLOCK_MALFORMED');
    expect(codeOf(() => decodeBlock(Uint8Array.of(...bytes, 0)))).toBe('BLOCK_MALFORMED');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        expect(codeOf(() => decodeBlock(junk))).toMatch(/^BLOCK_/);
      }),
    );
  });

  it('snapshots round-trip byte for byte and keep the root', () => {
    const snap = encodeSnapshot(s1);
    const back = decodeSnapshot(snap);
    expect(hex(encodeSnapshot(back))).toBe(hex(snap));
    expect(hex(merkleRoot(back))).toBe(hex(merkleRoot(s1)));
    expect(codeOf(() => decodeSnapshot(snap.subarray(1)))).toBe('SNAPSHOT_MALFORMED');
  });

  it('damaged snapshots and entries fail with typed errors, or decode only to the same canonical bytes', () => {
    const snap = encodeSnapshot(s1);
    const entry = encodeEntry(s1.entries[0] as never);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (pos, flip) => {
        for (const [bytes, decodeIt, refusal] of [
          [snap, decodeSnapshot, 'SNAPSHOT_MALFORMED'],
          [entry, decodeEntry, 'PROOF_MALFORMED'],
        ] as const) {
          const bad = bytes.slice();
          const i = pos % bad.length;
          bad[i] = (bad[i] as number) ^ flip;
          // Refused with a typed error, or accepted only as other canonical bytes.
          const code = codeOf(() => {
            const back = decodeIt(bad);
            const again =
              decodeIt === decodeSnapshot
                ? encodeSnapshot(back as never)
                : encodeEntry(back as never);
            expect(hex(again)).toBe(hex(bad));
          });
          if (code !== undefined) expect(code).toBe(refusal);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('entries round-trip through their canonical bytes', () => {
    const e = s1.entries[0];
    if (!e) throw new Error('no entry');
    expect(decodeEntry(encodeEntry(e))).toStrictEqual(e);
  });
});
