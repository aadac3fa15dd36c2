import { describe, expect, it } from 'vitest';
import {
  KeyPool,
  type KeyPoolConfig,
  MAX_POOL_BYTES,
  parseDecKeysRequest,
  parseEncKeysRequest,
  seededRandomBytes,
  uuidV4,
} from '../src/index.js';
import { codeOf } from './expect-error.js';

const IDS = {
  sourceKmeId: 'KME_A',
  targetKmeId: 'KME_B',
  masterSaeId: 'SAE_A',
  slaveSaeId: 'SAE_B',
};
const make = (extra: Partial<KeyPoolConfig> = {}, seed = 1) =>
  new KeyPool({ ...IDS, maxKeyCount: 16, ...extra }, seededRandomBytes(seed));
const bytes = (n: number, start = 0) =>
  Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

describe('KeyPool configuration', () => {
  it('takes the documented defaults', () => {
    const p = new KeyPool(IDS, seededRandomBytes(1));
    expect(p.config).toStrictEqual({
      ...IDS,
      keySize: 256,
      maxKeyCount: 1024,
      maxKeyPerRequest: 128,
      minKeySize: 64,
      maxKeySize: 4096,
    });
    expect(p.availableBytes).toBe(0);
    expect(p.inFlightCount).toBe(0);
  });

  it.each<[string, Partial<KeyPoolConfig>, string]>([
    ['keySize 8 (the lower bound)', { keySize: 8, minKeySize: 8 }, 'ok'],
    ['keySize 0', { keySize: 0 }, 'INVALID_PARAMETER:keySize'],
    [
      'keySize 65536 (the upper bound)',
      { keySize: 65536, maxKeySize: 65536, maxKeyCount: 1 },
      'ok',
    ],
    ['keySize below minKeySize', { keySize: 56 }, 'INVALID_PARAMETER:keySize'],
    ['keySize equal to minKeySize', { keySize: 64 }, 'ok'],
    ['keySize equal to maxKeySize', { keySize: 4096 }, 'ok'],
    ['keySize above maxKeySize', { keySize: 4104 }, 'INVALID_PARAMETER:keySize'],
    ['keySize 65544', { keySize: 65544, maxKeyCount: 1 }, 'INVALID_PARAMETER:keySize'],
    ['keySize 12 (not a multiple of 8)', { keySize: 12 }, 'INVALID_PARAMETER:keySize'],
    ['keySize 100 (in range, not a multiple of 8)', { keySize: 100 }, 'INVALID_PARAMETER:keySize'],
    ['minKeySize 8', { minKeySize: 8 }, 'ok'],
    ['minKeySize 7', { minKeySize: 7 }, 'INVALID_PARAMETER:minKeySize'],
    ['minKeySize 65537', { minKeySize: 65537 }, 'INVALID_PARAMETER:minKeySize'],
    ['maxKeySize equal to minKeySize', { keySize: 128, minKeySize: 128, maxKeySize: 128 }, 'ok'],
    [
      'maxKeySize below minKeySize',
      { minKeySize: 128, maxKeySize: 120 },
      'INVALID_PARAMETER:maxKeySize',
    ],
    ['maxKeySize 65536', { maxKeySize: 65536 }, 'ok'],
    ['maxKeySize 65537', { maxKeySize: 65537 }, 'INVALID_PARAMETER:maxKeySize'],
    ['maxKeyCount 1', { maxKeyCount: 1 }, 'ok'],
    ['maxKeyCount 0', { maxKeyCount: 0 }, 'INVALID_PARAMETER:maxKeyCount'],
    [
      'maxKeyCount 2^24 + 1',
      { keySize: 8, minKeySize: 8, maxKeyCount: 2 ** 24 + 1 },
      'INVALID_PARAMETER:maxKeyCount',
    ],
    ['maxKeyPerRequest 1', { maxKeyPerRequest: 1 }, 'ok'],
    ['maxKeyPerRequest 0', { maxKeyPerRequest: 0 }, 'INVALID_PARAMETER:maxKeyPerRequest'],
    ['maxKeyPerRequest 65536', { maxKeyPerRequest: 65536 }, 'ok'],
    ['maxKeyPerRequest 65537', { maxKeyPerRequest: 65537 }, 'INVALID_PARAMETER:maxKeyPerRequest'],
  ])('%s → %s', (_name, extra, expected) => {
    expect(codeOf(() => make(extra))).toBe(expected);
  });

  it('a pool of exactly MAX_POOL_BYTES is accepted, one key more is LIMIT_EXCEEDED at maxKeyCount', () => {
    expect(MAX_POOL_BYTES).toBe(64 * 1024 * 1024);
    // keySize 65536 bits = 8192 bytes per key: 8192 keys fill 64 MiB exactly.
    const limit = { keySize: 65536, maxKeySize: 65536, maxKeyCount: 8192 };
    expect(codeOf(() => new KeyPool({ ...IDS, ...limit }).status().max_key_count)).toBe('ok');
    expect(codeOf(() => new KeyPool({ ...IDS, ...limit, maxKeyCount: 8193 }))).toBe(
      'LIMIT_EXCEEDED:maxKeyCount',
    );
  });

  it.each(['sourceKmeId', 'targetKmeId', 'masterSaeId', 'slaveSaeId'] as const)(
    '%s must be a string of 1…256 characters',
    (field) => {
      expect(codeOf(() => make({ [field]: '' }))).toBe(`INVALID_PARAMETER:${field}`);
      expect(codeOf(() => make({ [field]: 'x'.repeat(257) }))).toBe(`INVALID_PARAMETER:${field}`);
      expect(codeOf(() => make({ [field]: 7 as never }))).toBe(`INVALID_PARAMETER:${field}`);
      expect(make({ [field]: 'x'.repeat(256) }).config[field]).toBe('x'.repeat(256));
      expect(make({ [field]: 'y' }).config[field]).toBe('y');
    },
  );
});

describe('KeyPool deposits', () => {
  it('a deposit that is not a Uint8Array is INVALID_PARAMETER at key', () => {
    expect(codeOf(() => make().deposit([1, 2] as never))).toBe('INVALID_PARAMETER:key');
  });

  it('availableBits counts 8 bits per stored byte', () => {
    const p = make();
    expect(p.deposit(bytes(5))).toBe(5);
    expect(p.availableBytes).toBe(5);
    expect(p.availableBits).toBe(40);
  });

  it('after keys were issued a deposit keeps the unissued bytes in order and fills up to capacity', () => {
    const p = make({ keySize: 64, maxKeyCount: 4 }); // 32 bytes
    p.deposit(bytes(24));
    p.encKeys('SAE_B', { number: 1, size: 64 }); // issues bytes 0..7
    expect(p.deposit(bytes(20, 100))).toBe(16); // 16 unissued + 16 new = capacity
    expect(p.availableBytes).toBe(32);
    const all = p.encKeys('SAE_B', { number: 4, size: 64 });
    const got = all.keys.flatMap((k) => [...Buffer.from(k.key, 'base64')]);
    expect(got).toStrictEqual([...bytes(16, 8), ...bytes(16, 100)]);
    expect(p.deposit(bytes(8, 200))).toBe(8); // the store is empty again, room for 8
    expect(p.availableBytes).toBe(8);
  });
});

describe('KeyPool enc_keys', () => {
  const stocked = (extra: Partial<KeyPoolConfig> = {}) => {
    const p = make({ maxKeyCount: 64, ...extra });
    p.deposit(bytes(2048));
    return p;
  };

  it.each<[string, { number: number; size: number }, string]>([
    ['size at minKeySize', { number: 1, size: 64 }, 'ok'],
    ['size 8 bits under minKeySize', { number: 1, size: 56 }, 'INVALID_REQUEST:size'],
    ['size at maxKeySize', { number: 1, size: 4096 }, 'ok'],
    ['size 8 bits over maxKeySize', { number: 1, size: 4104 }, 'INVALID_REQUEST:size'],
    ['size not a multiple of 8', { number: 1, size: 260 }, 'INVALID_REQUEST:size'],
    ['size not an integer', { number: 1, size: 256.5 }, 'INVALID_REQUEST:size'],
    ['number 1', { number: 1, size: 64 }, 'ok'],
    ['number 0', { number: 0, size: 64 }, 'INVALID_REQUEST:number'],
    ['number at maxKeyPerRequest', { number: 4, size: 64 }, 'ok'],
    ['number over maxKeyPerRequest', { number: 5, size: 64 }, 'INVALID_REQUEST:number'],
    ['number not an integer', { number: 1.5, size: 64 }, 'INVALID_REQUEST:number'],
  ])('%s → %s', (_name, request, expected) => {
    const p = stocked({ maxKeyPerRequest: 4 });
    expect(codeOf(() => p.encKeys('SAE_B', request))).toBe(expected);
  });

  it('a missing request body is INVALID_REQUEST at number', () => {
    expect(codeOf(() => stocked().encKeys('SAE_B', undefined as never))).toBe(
      'INVALID_REQUEST:number',
    );
  });

  it('the whole stock can be issued; one byte less is KEY_EXHAUSTED at number', () => {
    const p = make({ maxKeyCount: 16 });
    p.deposit(bytes(63));
    expect(codeOf(() => p.encKeys('SAE_B', { number: 2, size: 256 }))).toBe('KEY_EXHAUSTED:number');
    p.deposit(bytes(1));
    expect(p.encKeys('SAE_B', { number: 2, size: 256 }).keys).toHaveLength(2);
    expect(p.availableBytes).toBe(0);
    expect(p.inFlightCount).toBe(2);
  });

  it('draws a fresh key_ID when the random source repeats one still in flight', () => {
    const zero = new Uint8Array(16);
    const one = new Uint8Array(16).fill(1);
    const draws = [zero, zero, one];
    const p = new KeyPool({ ...IDS, maxKeyCount: 4 }, () => draws.shift()!);
    p.deposit(bytes(64));
    const ids = p.encKeys('SAE_B', { number: 2, size: 256 }).keys.map((k) => k.key_ID);
    expect(ids).toStrictEqual([uuidV4(zero), uuidV4(one)]);
    expect(draws).toStrictEqual([]);
  });
});

describe('KeyPool dec_keys', () => {
  const issued = (n: number) => {
    const p = make({ maxKeyPerRequest: 3 });
    p.deposit(bytes(128));
    const ids = p.encKeys('SAE_B', { number: n, size: 256 }).keys.map((k) => k.key_ID);
    return { p, ids };
  };

  it('another master SAE is INVALID_REQUEST at master_SAE_ID and fetches nothing', () => {
    const { p, ids } = issued(1);
    expect(codeOf(() => p.decKeys('SAE_B', { keyIds: ids }))).toBe('INVALID_REQUEST:master_SAE_ID');
    expect(p.inFlightCount).toBe(1);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['keyIds not an array', { keyIds: 'x' }],
    ['no keyIds', { keyIds: [] }],
  ])('%s is INVALID_REQUEST at key_IDs', (_name, request) => {
    const { p } = issued(1);
    expect(codeOf(() => p.decKeys('SAE_A', request as never))).toBe('INVALID_REQUEST:key_IDs');
  });

  it('up to maxKeyPerRequest key_IDs pass; one more is INVALID_REQUEST at key_IDs', () => {
    const { p, ids } = issued(3);
    const extra = uuidV4(new Uint8Array(16).fill(3));
    expect(codeOf(() => p.decKeys('SAE_A', { keyIds: [...ids, extra] }))).toBe(
      'INVALID_REQUEST:key_IDs',
    );
    expect(p.decKeys('SAE_A', { keyIds: ids }).keys.map((k) => k.key_ID)).toStrictEqual(ids);
    expect(p.inFlightCount).toBe(0);
  });

  it('a duplicate key_ID is INVALID_REQUEST at its index and leaves the key in flight', () => {
    const { p, ids } = issued(2);
    expect(codeOf(() => p.decKeys('SAE_A', { keyIds: [ids[0]!, ids[1]!, ids[0]!] }))).toBe(
      'INVALID_REQUEST:key_IDs[2]',
    );
    expect(p.inFlightCount).toBe(2);
  });
});

describe('ETSI 014 request bodies', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'INVALID_REQUEST:$'],
    ['an array', [], 'INVALID_REQUEST:$'],
    ['a string', 'x', 'INVALID_REQUEST:$'],
    ['extension_optional', { extension_optional: [{ a: 1 }] }, 'ok'],
    ['empty extension_mandatory', { extension_mandatory: [] }, 'ok'],
    [
      'a mandatory extension',
      { extension_mandatory: [{ a: 1 }] },
      'INVALID_REQUEST:extension_mandatory',
    ],
    [
      'extension_mandatory not an array',
      { extension_mandatory: {} },
      'INVALID_REQUEST:extension_mandatory',
    ],
    [
      'additional_slave_SAE_IDs not an array',
      { additional_slave_SAE_IDs: 'SAE_C' },
      'INVALID_REQUEST:additional_slave_SAE_IDs',
    ],
    ['number as a string', { number: '2' }, 'INVALID_REQUEST:number'],
    ['number 1.5', { number: 1.5 }, 'INVALID_REQUEST:number'],
    ['size as a string', { size: '256' }, 'INVALID_REQUEST:size'],
    ['size 1.5', { size: 1.5 }, 'INVALID_REQUEST:size'],
  ])('enc_keys body %s → %s', (_name, body, expected) => {
    expect(codeOf(() => parseEncKeysRequest(body, 256))).toBe(expected);
  });

  it('enc_keys defaults: number 1 and the given default size; given values are kept', () => {
    expect(parseEncKeysRequest({ extension_optional: [] }, 512)).toStrictEqual({
      number: 1,
      size: 512,
    });
    expect(parseEncKeysRequest({ number: 4, size: 128 }, 512)).toStrictEqual({
      number: 4,
      size: 128,
    });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'INVALID_REQUEST:$'],
    ['an array', [], 'INVALID_REQUEST:$'],
    ['a number', 3, 'INVALID_REQUEST:$'],
    ['without key_IDs', {}, 'INVALID_REQUEST:key_IDs'],
    ['with empty key_IDs', { key_IDs: [] }, 'INVALID_REQUEST:key_IDs'],
    ['with a null item', { key_IDs: [null] }, 'INVALID_KEY_ID:key_IDs[0].key_ID'],
    [
      'with a bare string item',
      { key_IDs: [uuidV4(new Uint8Array(16))] },
      'INVALID_KEY_ID:key_IDs[0].key_ID',
    ],
  ])('dec_keys body %s → %s', (_name, body, expected) => {
    expect(codeOf(() => parseDecKeysRequest(body))).toBe(expected);
  });

  it('dec_keys keeps the key_IDs in order and names the index of the bad one', () => {
    const a = uuidV4(new Uint8Array(16).fill(1));
    const b = uuidV4(new Uint8Array(16).fill(2));
    expect(parseDecKeysRequest({ key_IDs: [{ key_ID: a }, { key_ID: b }] })).toStrictEqual({
      keyIds: [a, b],
    });
    expect(codeOf(() => parseDecKeysRequest({ key_IDs: [{ key_ID: a }, { key_ID: 1 }] }))).toBe(
      'INVALID_KEY_ID:key_IDs[1].key_ID',
    );
  });
});
