import { describe, expect, it } from 'vitest';
import {
  KeyPool,
  openRelayedKey,
  relayCapacity,
  relayFromPools,
  relayKey,
  relayRate,
  seededRandomBytes,
} from '../src/index.js';
import { codeOf } from './expect-error.js';

const u8 = (...b: number[]) => Uint8Array.from(b);
const pool = (seed: number, fill: number, bytes: number) => {
  const p = new KeyPool(
    {
      sourceKmeId: 'KME_A',
      targetKmeId: 'KME_B',
      masterSaeId: 'SAE_A',
      slaveSaeId: 'SAE_B',
      keySize: 64,
      maxKeyCount: 16,
    },
    seededRandomBytes(seed),
  );
  p.deposit(Uint8Array.from({ length: bytes }, (_, i) => (fill + i) & 0xff));
  return p;
};

describe('relayKey', () => {
  it('announces K(i−1) ⊕ K(i) at each intermediate node and B recovers K0', () => {
    const hops = [u8(0x0f, 0xf0), u8(0xff, 0x00), u8(0x01, 0x02)];
    const r = relayKey(hops);
    expect(r.announcements.map((m) => [...m])).toStrictEqual([
      [0xf0, 0xf0],
      [0xfe, 0x02],
    ]);
    expect([...r.aliceKey]).toStrictEqual([0x0f, 0xf0]);
    expect([...r.bobKey]).toStrictEqual([0x0f, 0xf0]);
  });

  it('one hop: no announcements, both ends hold copies of the hop key', () => {
    const hop = u8(1, 2, 3);
    const r = relayKey([hop]);
    expect(r.announcements).toStrictEqual([]);
    hop[0] = 9;
    expect([...r.aliceKey]).toStrictEqual([1, 2, 3]);
    expect([...r.bobKey]).toStrictEqual([1, 2, 3]);
  });

  it.each<[string, unknown, string]>([
    ['no hops', [], 'INVALID_PARAMETER:hopKeys'],
    ['not an array', u8(1), 'INVALID_PARAMETER:hopKeys'],
    ['a first hop that is not bytes', [[1, 2], u8(1, 2)], 'INVALID_PARAMETER:hopKeys[0]'],
    ['a later hop that is not bytes', [u8(1, 2), [1, 2]], 'INVALID_PARAMETER:hopKeys[1]'],
    ['a shorter later hop', [u8(1, 2), u8(1, 2), u8(1)], 'INVALID_PARAMETER:hopKeys[2]'],
  ])('%s is %s', (_name, hops, expected) => {
    expect(codeOf(() => relayKey(hops as never))).toBe(expected);
  });
});

describe('openRelayedKey', () => {
  it('XORs the announcements into a copy of the last hop key', () => {
    const last = u8(0x01, 0x02);
    expect([...openRelayedKey(last, [u8(0xf0, 0xf0), u8(0xfe, 0x02)])]).toStrictEqual([0x0f, 0xf0]);
    const opened = openRelayedKey(last, []);
    expect([...opened]).toStrictEqual([0x01, 0x02]);
    opened[0] = 7;
    expect([...last]).toStrictEqual([0x01, 0x02]);
  });

  it.each<[string, unknown, string]>([
    ['not an array', u8(1, 2), 'INVALID_PARAMETER:announcements'],
    ['an announcement that is not bytes', [[1, 2]], 'INVALID_PARAMETER:announcements[0]'],
    ['a longer announcement', [u8(1, 2), u8(1, 2, 3)], 'INVALID_PARAMETER:announcements[1]'],
  ])('announcements %s is %s', (_name, announcements, expected) => {
    expect(codeOf(() => openRelayedKey(u8(5, 6), announcements as never))).toBe(expected);
  });
});

describe('relay rate and capacity', () => {
  it('the rate of a path is its slowest hop; no hops is INVALID_PARAMETER at hopRates', () => {
    expect(relayRate([7])).toBe(7);
    expect(relayRate([300, 100, 200])).toBe(100);
    expect(codeOf(() => relayRate([]))).toBe('INVALID_PARAMETER:hopRates');
  });

  it('capacity counts whole keys of the slowest hop; no pools is INVALID_PARAMETER at pools', () => {
    expect(relayCapacity([pool(1, 0, 47), pool(2, 0, 80)], 128)).toBe(2);
    expect(relayCapacity([pool(1, 0, 80), pool(2, 0, 47)], 64)).toBe(5);
    expect(codeOf(() => relayCapacity([], 64))).toBe('INVALID_PARAMETER:pools');
    expect(codeOf(() => relayFromPools([], 1, 64))).toBe('INVALID_PARAMETER:pools');
  });
});

describe('relayFromPools', () => {
  it('relays exactly the capacity: K0 from the first pool, announcements of the pool keys', () => {
    const hops = [pool(1, 0x10, 16), pool(2, 0x40, 24)];
    const keys = relayFromPools(hops, 2, 64);
    expect(keys).toHaveLength(2);
    keys.forEach((k, j) => {
      const k0 = Array.from({ length: 8 }, (_, i) => 0x10 + 8 * j + i);
      const k1 = Array.from({ length: 8 }, (_, i) => 0x40 + 8 * j + i);
      expect([...k.aliceKey]).toStrictEqual(k0);
      expect([...k.bobKey]).toStrictEqual(k0);
      expect(k.announcements.map((m) => [...m])).toStrictEqual([k0.map((b, i) => b ^ k1[i]!)]);
    });
    expect(hops.map((p) => [p.availableBytes, p.inFlightCount])).toStrictEqual([
      [0, 0],
      [8, 0],
    ]);
  });

  it('one key more than the slowest hop holds is KEY_EXHAUSTED at count and takes nothing', () => {
    const hops = [pool(1, 0, 24), pool(2, 0, 16)];
    expect(codeOf(() => relayFromPools(hops, 3, 64))).toBe('KEY_EXHAUSTED:count');
    expect(hops.map((p) => p.availableBytes)).toStrictEqual([24, 16]);
  });
});
