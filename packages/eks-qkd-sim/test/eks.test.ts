import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEksFreshness,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  eksStatusOfPool,
  fromBase64,
  isUuidV4,
  KeyPool,
  openRelayedKey,
  parseDecKeysRequest,
  parseEncKeysRequest,
  relayCapacity,
  relayFromPools,
  relayKey,
  relayRate,
  runDecoyBb84,
  seededRandomBytes,
  syncEks,
  toBase64,
  uuidV4,
} from '../src/index.js';

const pool = (seed: number, maxKeyCount = 16) =>
  new KeyPool(
    {
      sourceKmeId: 'KME_A',
      targetKmeId: 'KME_B',
      masterSaeId: 'SAE_A',
      slaveSaeId: 'SAE_B',
      maxKeyCount,
    },
    seededRandomBytes(seed),
  );
const bytes = (n: number, start = 0) =>
  Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

describe('Base64 and UUID', () => {
  it('toBase64 / fromBase64 round-trip and agree with the platform encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const s = toBase64(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(fromBase64(s)).toEqual(b);
      }),
    );
  });

  it('fromBase64 rejects bad characters, length and non-canonical padding with the offset', () => {
    expect(() => fromBase64('AB$D')).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', field: 'key[2]' }),
    );
    expect(() => fromBase64('ABC')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(fromBase64('AQ==')).toEqual(Uint8Array.of(1));
    expect(() => fromBase64('AR==')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('uuidV4 sets version 4 and the RFC variant', () => {
    expect(uuidV4(new Uint8Array(16))).toBe('00000000-0000-4000-8000-000000000000');
    expect(uuidV4(new Uint8Array(16).fill(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(isUuidV4('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe(true);
    expect(isUuidV4('ffffffff-ffff-1fff-bfff-ffffffffffff')).toBe(false);
  });
});

describe('ETSI GS QKD 014 key pool', () => {
  it('status has exactly the ETSI fields and counts stored keys of key_size', () => {
    const p = pool(1);
    p.deposit(bytes(100)); // 800 bits = 3 keys of 256 bits
    expect(p.status()).toEqual({
      source_KME_ID: 'KME_A',
      target_KME_ID: 'KME_B',
      master_SAE_ID: 'SAE_A',
      slave_SAE_ID: 'SAE_B',
      key_size: 256,
      stored_key_count: 3,
      max_key_count: 16,
      max_key_per_request: 128,
      max_key_size: 4096,
      min_key_size: 64,
      max_SAE_ID_count: 0,
    });
  });

  it('enc_keys hands out keys once; dec_keys returns the same keys to the peer once', () => {
    const p = pool(2);
    p.deposit(bytes(96));
    const enc = p.encKeys('SAE_B', { number: 2, size: 256 });
    expect(Object.keys(enc)).toEqual(['keys']);
    expect(enc.keys).toHaveLength(2);
    for (const k of enc.keys) {
      expect(Object.keys(k).sort()).toEqual(['key', 'key_ID']);
      expect(isUuidV4(k.key_ID)).toBe(true);
    }
    expect(fromBase64(enc.keys[0]!.key)).toEqual(bytes(32));
    expect(fromBase64(enc.keys[1]!.key)).toEqual(bytes(32, 32));
    expect(p.status().stored_key_count).toBe(1);
    const dec = p.decKeys('SAE_A', { keyIds: [enc.keys[1]!.key_ID, enc.keys[0]!.key_ID] });
    expect(dec.keys).toEqual([enc.keys[1], enc.keys[0]]);
    expect(() => p.decKeys('SAE_A', { keyIds: [enc.keys[0]!.key_ID] })).toThrow(
      expect.objectContaining({ code: 'KEY_NOT_FOUND', field: 'key_IDs[0]' }),
    );
  });

  it('dec_keys is all or nothing: one unknown ID leaves the others fetchable', () => {
    const p = pool(3);
    p.deposit(bytes(64));
    const enc = p.encKeys('SAE_B', { number: 1, size: 256 });
    const unknown = uuidV4(new Uint8Array(16));
    expect(() => p.decKeys('SAE_A', { keyIds: [enc.keys[0]!.key_ID, unknown] })).toThrow(
      expect.objectContaining({ code: 'KEY_NOT_FOUND', field: 'key_IDs[1]' }),
    );
    expect(p.decKeys('SAE_A', { keyIds: [enc.keys[0]!.key_ID] }).keys).toHaveLength(1);
  });

  it('exhaustion: enc_keys beyond the stock fails with KEY_EXHAUSTED and changes nothing', () => {
    const p = pool(4);
    p.deposit(bytes(40));
    expect(() => p.encKeys('SAE_B', { number: 2, size: 256 })).toThrow(
      expect.objectContaining({ code: 'KEY_EXHAUSTED' }),
    );
    expect(p.availableBytes).toBe(40);
    expect(p.encKeys('SAE_B', { number: 5, size: 64 }).keys).toHaveLength(5);
    expect(eksStatusOfPool(p, 7)).toEqual({
      state: 'lost',
      lastSyncMs: 7,
      reason: 'KEY_EXHAUSTED',
    });
  });

  it('deposits beyond max_key_count are dropped', () => {
    const p = pool(5, 2);
    expect(p.deposit(bytes(100))).toBe(64);
    expect(p.status().stored_key_count).toBe(2);
  });

  it('validates requests: size, number, SAE IDs, key_ID format', () => {
    const p = pool(6);
    p.deposit(bytes(512));
    expect(() => p.encKeys('SAE_B', { number: 1, size: 100 })).toThrow(
      expect.objectContaining({ field: 'size' }),
    );
    expect(() => p.encKeys('SAE_B', { number: 0, size: 256 })).toThrow(
      expect.objectContaining({ field: 'number' }),
    );
    expect(() => p.encKeys('SAE_X', { number: 1, size: 256 })).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', field: 'slave_SAE_ID' }),
    );
    expect(() => p.decKeys('SAE_A', { keyIds: ['not-a-uuid'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY_ID', field: 'key_IDs[0]' }),
    );
    expect(parseEncKeysRequest({}, 256)).toEqual({ number: 1, size: 256 });
    expect(
      parseEncKeysRequest({ number: 3, size: 512, additional_slave_SAE_IDs: [] }, 256),
    ).toEqual({
      number: 3,
      size: 512,
    });
    expect(() => parseEncKeysRequest({ additional_slave_SAE_IDs: ['SAE_C'] }, 256)).toThrow(
      expect.objectContaining({ code: 'INVALID_REQUEST', field: 'additional_slave_SAE_IDs' }),
    );
    expect(() => parseEncKeysRequest({ numbr: 1 }, 256)).toThrow(
      expect.objectContaining({ field: 'numbr' }),
    );
    const id = uuidV4(new Uint8Array(16).fill(7));
    expect(parseDecKeysRequest({ key_IDs: [{ key_ID: id }] })).toEqual({ keyIds: [id] });
    expect(() => parseDecKeysRequest({ key_IDs: [{ key_ID: 'x' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY_ID', field: 'key_IDs[0].key_ID' }),
    );
  });

  it('a consumption sequence never issues the same byte twice (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 20 }), (requests) => {
        const p = pool(7, 64);
        p.deposit(bytes(256));
        const seen: Uint8Array[] = [];
        for (const number of requests) {
          try {
            const enc = p.encKeys('SAE_B', { number, size: 64 });
            for (const k of enc.keys) seen.push(fromBase64(k.key));
          } catch (e) {
            expect((e as { code: string }).code).toBe('KEY_EXHAUSTED');
          }
        }
        const all = seen.flatMap((k) => [...k]);
        expect(all).toEqual([...bytes(all.length)]);
      }),
    );
  });
});

describe('EKS status', () => {
  const link = {
    source: DEFAULT_DECOY_SOURCE,
    fibre: { distanceKm: 20, lossDbPerKm: 0.2 },
    detector: DEFAULT_DETECTOR,
  };

  it('a good session makes the EKS stable with its key in the pool; an attacked one loses it', () => {
    const p = pool(8, 4096);
    const good = runDecoyBb84({
      link: { ...link, attack: { kind: 'none' } },
      pulses: 1_000_000,
      seed: 1,
    });
    const s1 = syncEks({ pool: p, key: good.aliceKey, nowMs: 1000 });
    expect(s1).toEqual({
      state: 'stable',
      lastSyncMs: 1000,
      keyBitsAvailable: good.aliceKey.length * 8,
    });
    const bad = runDecoyBb84({
      link: { ...link, attack: { kind: 'intercept-resend', fraction: 1 } },
      pulses: 1_000_000,
      seed: 2,
    });
    const s2 = syncEks({
      pool: p,
      previous: s1,
      key: bad.aliceKey,
      abortReason: bad.report.abortReason,
      nowMs: 2000,
    });
    expect(s2).toEqual({ state: 'lost', lastSyncMs: 1000, reason: 'QBER_ABOVE_THRESHOLD' });
    const none = new Uint8Array(0);
    expect(
      syncEks({ pool: p, previous: s1, key: none, abortReason: 'DECOY_INCONSISTENT', nowMs: 3 }),
    ).toEqual({
      state: 'lost',
      lastSyncMs: 1000,
      reason: 'EAVESDROPPER_DETECTED',
    });
    expect(syncEks({ pool: p, key: none, abortReason: 'NO_DETECTIONS', nowMs: 4 })).toEqual({
      state: 'lost',
      lastSyncMs: 0,
      reason: 'LINK_DOWN',
    });
    expect(checkEksFreshness(s1, 1000 + 60_001, 60_000)).toEqual({
      state: 'lost',
      lastSyncMs: 1000,
      reason: 'LINK_DOWN',
    });
    expect(checkEksFreshness(s1, 1000 + 60_000, 60_000)).toBe(s1);
  });
});

describe('trusted-node relay', () => {
  it('end-to-end keys agree over any number of hops (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((h) =>
          fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
            minLength: h,
            maxLength: h,
          }),
        ),
        (hops) => {
          const r = relayKey(hops);
          expect(r.bobKey).toEqual(r.aliceKey);
          expect(r.aliceKey).toEqual(hops[0]);
          expect(r.announcements).toHaveLength(hops.length - 1);
        },
      ),
    );
  });

  it('relays keys from hop pools with the rate of the slowest link', () => {
    const hops = [pool(10, 64), pool(11, 64), pool(12, 64)];
    hops[0]!.deposit(bytes(320, 1));
    hops[1]!.deposit(bytes(96, 2)); // the slowest hop: 3 keys of 256 bits
    hops[2]!.deposit(bytes(256, 3));
    expect(relayCapacity(hops, 256)).toBe(3);
    const keys = relayFromPools(hops, 3, 256);
    for (const k of keys) expect(k.bobKey).toEqual(k.aliceKey);
    expect(() => relayFromPools(hops, 1, 256)).toThrow(
      expect.objectContaining({ code: 'KEY_EXHAUSTED' }),
    );
    expect(hops[0]!.availableBytes).toBe(320 - 96); // nothing consumed by the failed relay
    expect(relayRate([1200, 300, 800])).toBe(300);
  });

  it('the end node opens the announcements with its own last-hop key (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((h) =>
          fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), {
            minLength: h,
            maxLength: h,
          }),
        ),
        (hops) => {
          const r = relayKey(hops);
          expect(openRelayedKey(hops[hops.length - 1]!, r.announcements)).toEqual(hops[0]);
        },
      ),
    );
  });

  it('openRelayedKey refuses an announcement of another length than the hop key', () => {
    expect(() =>
      openRelayedKey(new Uint8Array(32), [new Uint8Array(32), new Uint8Array(31)]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'announcements[1]' }));
    expect(() => openRelayedKey('00' as never, [])).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'lastHopKey' }),
    );
  });

  it('relayKey rejects hop keys of different lengths', () => {
    expect(() => relayKey([new Uint8Array(4), new Uint8Array(5)])).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'hopKeys[1]' }),
    );
  });
});
