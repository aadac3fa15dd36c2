import { describe, expect, it } from 'vitest';
import {
  bytesOfHex,
  hexOf,
  isKeyId,
  isNodeId,
  isPacketId,
  lowerHexBytes,
  uuidOf,
} from '../src/ids.js';

const NODE = '0123456789abcdef';
const PACKET = '00112233445566778899aabbccddeeff';
const KEY = '00112233-4455-6677-8899-aabbccddeeff';

describe('id checks', () => {
  it.each([
    ['node id', isNodeId, NODE],
    ['packet id', isPacketId, PACKET],
    ['key id', isKeyId, KEY],
  ])(
    'a %s is exactly its lower-case text form, never a non-string that prints as one',
    (_, check, id) => {
      expect(check(id)).toBe(true);
      expect(check(id.toUpperCase())).toBe(false);
      expect(check(`${id}0`)).toBe(false);
      expect(check(id.slice(1))).toBe(false);
      expect(check([id])).toBe(false);
      expect(check({ toString: () => id })).toBe(false);
      expect(check(undefined)).toBe(false);
    },
  );
});

describe('hex conversions', () => {
  it('lowerHexBytes reads every lower-case hex digit', () => {
    expect(lowerHexBytes('0123456789abcdef', 8)).toStrictEqual(
      Uint8Array.of(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef),
    );
    expect(lowerHexBytes('ff', 1)).toStrictEqual(Uint8Array.of(0xff));
  });

  it.each([
    ['g0', 1],
    ['0g', 1],
    ['Z0', 1],
    ['0`', 1],
    ['AB', 1],
    ['/0', 1],
    ['0:', 1],
    ['abcd', 1],
    ['ab', 2],
    ['', 1],
  ])('lowerHexBytes(%j, %i) is undefined (not that many bytes of lower-case hex)', (s, length) => {
    expect(lowerHexBytes(s, length)).toBeUndefined();
  });

  it.each([[12], [['a', 'b']], [undefined]])(
    'lowerHexBytes of the non-string %j is undefined',
    (v) => {
      expect(lowerHexBytes(v, 1)).toBeUndefined();
    },
  );

  it('bytesOfHex, hexOf and uuidOf convert ids both ways (key ids skip their dashes)', () => {
    const packet = bytesOfHex(PACKET, 16);
    expect(packet).toStrictEqual(lowerHexBytes(PACKET, 16));
    expect(hexOf(packet, 0, 16)).toBe(PACKET);
    const key = bytesOfHex(KEY, 16);
    expect(key).toStrictEqual(packet);
    expect(uuidOf(Uint8Array.of(0xaa, ...key), 1)).toBe(KEY);
  });
});
