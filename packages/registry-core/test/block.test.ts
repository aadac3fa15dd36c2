import { type CanonicalValue, decodeCanonical, encodeCanonical } from '@qcos/chips-codec';
import { HYBRID_SIGNATURE_LENGTH, type Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  type Block,
  blockBodyBytes,
  buildBlock,
  checkBlockShape,
  checkUnsignedShape,
  compareConcurrentBlocks,
  decodeBlock,
  encodeBlock,
  signBlock,
  signBlockWith,
  type UnsignedBlock,
} from '../src/block.js';
import { RegistryError } from '../src/errors.js';
import { MAX_BLOCK_BYTES, MAX_RECORDS_PER_BLOCK } from '../src/limits.js';
import { ANCHOR, genesis, qan, register } from './helpers.js';

const anchor = qan(ANCHOR);
const s0 = genesis();
const unsigned = buildBlock(s0, anchor.quid, [register('rigel'), register('vega')]);
const good = signBlock(unsigned, anchor.key);

/** The code, field and index of the RegistryError `f` throws. */
function refusal(f: () => unknown): { code: string; field?: string; index?: number } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return {
      code: e.code,
      ...(e.field === undefined ? {} : { field: e.field }),
      ...(e.index === undefined ? {} : { index: e.index }),
    };
  }
  throw new Error('expected a RegistryError');
}

const malformed = (field: string) => ({ code: 'BLOCK_MALFORMED', field });
const tooLarge = { code: 'BLOCK_TOO_LARGE', field: 'records' };

describe('buildBlock', () => {
  it.each([
    ['no records', 0],
    ['one record over the limit', MAX_RECORDS_PER_BLOCK + 1],
  ])('%s is BLOCK_TOO_LARGE at records', (_, n) => {
    const records = Array.from({ length: n }, () => register('rigel'));
    expect(refusal(() => buildBlock(s0, anchor.quid, records))).toStrictEqual(tooLarge);
  });

  it('takes exactly the record limit', () => {
    const records = Array.from({ length: MAX_RECORDS_PER_BLOCK }, () => register('rigel'));
    expect(buildBlock(s0, anchor.quid, records).lamportLast).toBe(MAX_RECORDS_PER_BLOCK);
  });
});

describe('signing', () => {
  it('signBlock with a key that is not the origin’s is UNKNOWN_ORIGIN at origin', () => {
    expect(refusal(() => signBlock(unsigned, qan(2).key))).toStrictEqual({
      code: 'UNKNOWN_ORIGIN',
      field: 'origin',
    });
  });

  it('signBlockWith validates every record and names the bad one', () => {
    const records = [unsigned.records[0], { ...unsigned.records[1], alias: 'Vega' }];
    const bad = { ...unsigned, records } as UnsignedBlock;
    const sign = () => new Uint8Array(HYBRID_SIGNATURE_LENGTH);
    expect(refusal(() => signBlockWith(bad, sign))).toStrictEqual({
      code: 'RECORD_INVALID',
      field: 'alias',
      index: 1,
    });
  });

  it('signBlockWith checks the block shape first', () => {
    const sign = () => new Uint8Array(HYBRID_SIGNATURE_LENGTH);
    const bad = { ...unsigned, height: 0 };
    expect(refusal(() => signBlockWith(bad, sign))).toStrictEqual(malformed('height'));
  });

  it.each([
    ['body', () => blockBodyBytes({ ...unsigned, height: Number.NaN })],
    ['envelope', () => encodeBlock({ ...good, hash: Number.NaN } as unknown as Block)],
  ])('a %s the codec cannot encode is BLOCK_MALFORMED', (_, f) => {
    expect(refusal(f)).toStrictEqual({ code: 'BLOCK_MALFORMED' });
  });
});

describe('block shape', () => {
  const bytes32 = Array.from({ length: 32 }, () => 0);
  // Faults that checkBlockShape and checkUnsignedShape both report, in the same way.
  const common: [string, Record<string, unknown>, object][] = [
    ['version 4', { version: 4 }, { code: 'BLOCK_VERSION', field: 'version' }],
    ['version "1"', { version: '1' }, { code: 'BLOCK_VERSION', field: 'version' }],
    ['height 0', { height: 0 }, malformed('height')],
    ['height 1.5', { height: 1.5 }, malformed('height')],
    ['height as a string', { height: '1' }, malformed('height')],
    ['height past the safe integers', { height: 2 ** 53 }, malformed('height')],
    ['lamportFirst 0', { lamportFirst: 0 }, malformed('lamportFirst')],
    ['lamportLast 0', { lamportLast: 0 }, malformed('lamportLast')],
    ['a 31-byte prevHash', { prevHash: new Uint8Array(31) }, malformed('prevHash')],
    ['a prevHash that is a list', { prevHash: bytes32 }, malformed('prevHash')],
    ['an origin that is not a quid', { origin: 'rigel' }, malformed('origin')],
    ['records that are not a list', { records: 'rigel' }, malformed('records')],
    ['no records', { records: [] }, tooLarge],
    ['one record over the limit', { records: new Array(MAX_RECORDS_PER_BLOCK + 1) }, tooLarge],
  ];

  it.each(common)('a signed block with %s is refused', (_, over, expected) => {
    expect(refusal(() => checkBlockShape({ ...good, ...over }))).toStrictEqual(expected);
  });

  it.each(common)('an unsigned block with %s is refused', (_, over, expected) => {
    expect(refusal(() => checkUnsignedShape({ ...unsigned, ...over }))).toStrictEqual(expected);
  });

  it.each([
    ['a list', []],
    ['bytes', new Uint8Array(3)],
    ['null', null],
  ])('%s is not a block: BLOCK_MALFORMED at block', (_, value) => {
    expect(refusal(() => checkBlockShape(value))).toStrictEqual(malformed('block'));
    expect(refusal(() => checkUnsignedShape(value))).toStrictEqual(malformed('block'));
  });

  it.each([
    ['a 31-byte hash', { hash: new Uint8Array(31) }, 'hash'],
    ['a hash that is a list', { hash: bytes32 }, 'hash'],
    ['no hash', { hash: undefined }, 'hash'],
    ['a short signature', { signature: new Uint8Array(64) }, 'signature'],
    [
      'a signature that is a list',
      { signature: Array.from({ length: HYBRID_SIGNATURE_LENGTH }, () => 0) },
      'signature',
    ],
  ])('a signed block with %s is BLOCK_MALFORMED there', (_, over, field) => {
    expect(refusal(() => checkBlockShape({ ...good, ...over }))).toStrictEqual(malformed(field));
  });

  it('an unsigned block needs no hash or signature, a signed one does', () => {
    expect(() => checkUnsignedShape(unsigned)).not.toThrow();
    expect(refusal(() => checkBlockShape(unsigned))).toStrictEqual(malformed('hash'));
  });

  it('reports the seal fields before the records', () => {
    const bad = { ...good, hash: new Uint8Array(1), records: [] };
    expect(refusal(() => checkBlockShape(bad))).toStrictEqual(malformed('hash'));
  });

  it.each([
    ['exactly the record limit', { records: new Array(MAX_RECORDS_PER_BLOCK) }],
    ['the largest safe height', { height: Number.MAX_SAFE_INTEGER }],
  ])('accepts %s', (_, over) => {
    expect(() => checkBlockShape({ ...good, ...over })).not.toThrow();
  });
});

describe('decodeBlock', () => {
  const wire = decodeCanonical(encodeBlock(good)) as Record<string, CanonicalValue>;
  const body = decodeCanonical(wire.body as Uint8Array) as Record<string, CanonicalValue>;
  const without = (o: Record<string, CanonicalValue>, key: string) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
  const withBody = (b: CanonicalValue) => encodeCanonical({ ...wire, body: encodeCanonical(b) });

  it('decodes what encodeBlock wrote to an equal block', () => {
    expect(decodeBlock(encodeBlock(good))).toStrictEqual(good);
  });

  it.each([
    ['a value that is not bytes', 'rigel' as unknown as Uint8Array, malformed('block')],
    ['an envelope that is a list', encodeCanonical([1]), malformed('block')],
    ['an envelope that is bytes', encodeCanonical(new Uint8Array(2)), malformed('block')],
    ['an unknown envelope field', encodeCanonical({ ...wire, extra: 1 }), malformed('extra')],
    ['no hash', encodeCanonical(without(wire, 'hash')), malformed('hash')],
    ['a body that is not bytes', encodeCanonical({ ...wire, body: 5 }), malformed('body')],
    ['a body that is a list', withBody([1]), malformed('body')],
    ['an unknown body field', withBody({ ...body, extra: 1 }), malformed('body.extra')],
    ['a body without records', withBody(without(body, 'records')), malformed('body.records')],
    ['another body type', withBody({ ...body, type: 'other' }), malformed('body.type')],
    ['a 31-byte hash', encodeCanonical({ ...wire, hash: new Uint8Array(31) }), malformed('hash')],
  ])('%s is refused', (_, bytes, expected) => {
    expect(refusal(() => decodeBlock(bytes))).toStrictEqual(expected);
  });

  it('body bytes that are not canonical are BLOCK_MALFORMED at the offset the codec names', () => {
    // 0x18 0x01: the integer 1 in two bytes where one would do.
    const bytes = encodeCanonical({ ...wire, body: Uint8Array.of(0x18, 0x01) });
    expect(refusal(() => decodeBlock(bytes))).toStrictEqual(malformed('@1'));
  });

  it('refuses a block over the byte limit before decoding it, and decodes one at the limit', () => {
    const over = new Uint8Array(MAX_BLOCK_BYTES + 1);
    expect(refusal(() => decodeBlock(over))).toStrictEqual({ code: 'BLOCK_TOO_LARGE' });
    const at = new Uint8Array(MAX_BLOCK_BYTES);
    expect(refusal(() => decodeBlock(at)).code).toBe('BLOCK_MALFORMED');
  });
});

describe('compareConcurrentBlocks', () => {
  const [lo, hi] = [qan(1).quid, qan(2).quid].sort() as [Quid, Quid];
  const candidate = (height: number, lamportFirst: number, origin: Quid, hash?: number[]) =>
    ({
      ...unsigned,
      height,
      lamportFirst,
      origin,
      ...(hash ? { hash: Uint8Array.from(hash) } : {}),
    }) as UnsignedBlock & { hash?: Uint8Array };

  it.each([
    ['the lower height', candidate(1, 5, hi), candidate(2, 1, lo)],
    ['the lower first Lamport time', candidate(1, 1, hi), candidate(1, 2, lo)],
    ['the lower origin', candidate(1, 1, lo, [9]), candidate(1, 1, hi, [1])],
    ['the lower hash byte', candidate(1, 1, lo, [1, 2]), candidate(1, 1, lo, [1, 3])],
    ['a hash that is a prefix of the other', candidate(1, 1, lo, [1]), candidate(1, 1, lo, [1, 0])],
    ['no hash before a hash', candidate(1, 1, lo), candidate(1, 1, lo, [0])],
  ])('orders %s first', (_, first, second) => {
    expect(Math.sign(compareConcurrentBlocks(first, second))).toBe(-1);
    expect(Math.sign(compareConcurrentBlocks(second, first))).toBe(1);
  });

  it('finds blocks with the same height, Lamport time, origin and hash equal', () => {
    expect(compareConcurrentBlocks(candidate(1, 1, lo, [4]), candidate(1, 1, lo, [4]))).toBe(0);
  });
});
