/**
 * The codec wrappers: encode and decode turn every @qcos/chips-codec refusal into a RegistryError
 * of the caller's code; decode names the codec's byte offset as the field `@<offset>`.
 */
import { ChipsError, decodeCanonical, encodeCanonical } from '@qcos/chips-codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../src/canonical.js';
import { RegistryError } from '../src/errors.js';

interface Refusal {
  readonly code: string;
  readonly field: string | undefined;
  readonly message: string;
}

/** The RegistryError `f` throws, or null when it returns. */
function refusal(f: () => unknown): Refusal | null {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { code: e.code, field: e.field, message: e.message };
  }
  return null;
}

/** The codec's own refusal of `bytes` under decode's limits. */
function codecRefusal(bytes: Uint8Array, maxBytes: number): ChipsError {
  try {
    decodeCanonical(bytes, { maxBytes, maxBinBytes: maxBytes, maxItems: 1 << 24 });
  } catch (e) {
    if (e instanceof ChipsError) return e;
    throw e;
  }
  throw new Error('the codec accepted the bytes');
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

describe('encode', () => {
  const value = { name: 'rigel', key: new Uint8Array(40) };
  const size = encodeCanonical(value).length;

  it('writes the canonical bytes when they fit maxBytes, exactly at the limit too', () => {
    expect(encode(value, 'BLOCK_MALFORMED', size)).toStrictEqual(encodeCanonical(value));
    expect(encode(value, 'BLOCK_MALFORMED')).toStrictEqual(encodeCanonical(value));
  });

  it('a value one byte over maxBytes is refused with the caller code', () => {
    expect(refusal(() => encode(value, 'BLOCK_TOO_LARGE', size - 1))?.code).toBe('BLOCK_TOO_LARGE');
  });

  it('without maxBytes the codec default limit of 16 MiB still applies', () => {
    const big = new Uint8Array(DEFAULT_MAX_BYTES);
    expect(refusal(() => encode(big, 'SNAPSHOT_MALFORMED'))?.code).toBe('SNAPSHOT_MALFORMED');
  });

  it('a value the canonical profile cannot express is refused with the caller code', () => {
    expect(refusal(() => encode({ x: Number.NaN }, 'GENESIS_INVALID'))?.code).toBe(
      'GENESIS_INVALID',
    );
  });
});

describe('decode', () => {
  const value = { alias: 'rigel', list: [1, 2, 3], key: new Uint8Array(8) };
  const bytes = encodeCanonical(value);

  it('returns the value of canonical bytes', () => {
    expect(decode(bytes, 'PROOF_MALFORMED', bytes.length)).toStrictEqual(value);
  });

  it('every truncation is refused with the caller code at the codec offset, named in the message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (n) => {
        const cut = bytes.subarray(0, n);
        const e = codecRefusal(cut, 1024);
        const r = refusal(() => decode(cut, 'PROOF_MALFORMED', 1024));
        expect(r?.code).toBe('PROOF_MALFORMED');
        expect(r?.field).toBe(`@${e.offset}`);
        expect(r?.message).toContain(`${e.code} at offset ${e.offset}:`);
      }),
    );
  });

  it('trailing bytes are refused at the first byte after the value', () => {
    const r = refusal(() => decode(Uint8Array.of(...bytes, 0xc0), 'BLOCK_MALFORMED', 1024));
    expect(r?.code).toBe('BLOCK_MALFORMED');
    expect(r?.field).toBe(`@${bytes.length}`);
    expect(r?.message).toContain(`TRAILING_BYTES at offset ${bytes.length}:`);
  });

  it('input over maxBytes is refused at offset 0, even when the codec default would allow it', () => {
    const r = refusal(() => decode(bytes, 'SNAPSHOT_MALFORMED', bytes.length - 1));
    expect(r).toStrictEqual({
      code: 'SNAPSHOT_MALFORMED',
      field: '@0',
      message: expect.stringContaining('TOO_LARGE at offset 0:'),
    });
  });

  it('maxBytes bounds a single bin, not only the whole input', () => {
    const bin = encodeCanonical(new Uint8Array(100));
    expect(refusal(() => decode(bin, 'PROOF_MALFORMED', 99))?.field).toBe('@0');
    expect(decode(bin, 'PROOF_MALFORMED', 102)).toStrictEqual(new Uint8Array(100));
  });

  it('arrays above the codec default of 2^20 items are read up to 2^24 items', () => {
    const items = 1024 * 1024 + 1;
    const many = encodeCanonical(new Array<number>(items).fill(0), { maxItems: items });
    expect((decode(many, 'SNAPSHOT_MALFORMED', many.length) as number[]).length).toBe(items);
  });
});
