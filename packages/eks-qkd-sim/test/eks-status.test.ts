import { describe, expect, it } from 'vitest';
import {
  type AbortReason,
  checkEksFreshness,
  type EksLossReason,
  type EksStatus,
  eksLossReasonOf,
  eksStatusOfPool,
  KeyPool,
  seededRandomBytes,
  syncEks,
} from '../src/index.js';

const pool = () =>
  new KeyPool(
    {
      sourceKmeId: 'KME_A',
      targetKmeId: 'KME_B',
      masterSaeId: 'SAE_A',
      slaveSaeId: 'SAE_B',
      keySize: 64,
      maxKeyCount: 8,
    },
    seededRandomBytes(1),
  );

describe('EKS loss reasons', () => {
  it.each<[AbortReason, EksLossReason]>([
    ['QBER_ABOVE_THRESHOLD', 'QBER_ABOVE_THRESHOLD'],
    ['VERIFICATION_FAILED', 'QBER_ABOVE_THRESHOLD'],
    ['DECOY_INCONSISTENT', 'EAVESDROPPER_DETECTED'],
    ['CHSH_NOT_VIOLATED', 'EAVESDROPPER_DETECTED'],
    ['NO_DETECTIONS', 'LINK_DOWN'],
    ['NO_SECURE_KEY', 'LINK_DOWN'],
  ])('an abort for %s loses the EKS with %s', (abort, reason) => {
    expect(eksLossReasonOf(abort)).toBe(reason);
  });
});

describe('syncEks', () => {
  it('an aborted session keeps the last sync time, deposits nothing and ignores nowMs', () => {
    const p = pool();
    const previous: EksStatus = { state: 'lost', lastSyncMs: 500, reason: 'LINK_DOWN' };
    expect(
      syncEks({
        pool: p,
        previous,
        key: new Uint8Array(16),
        abortReason: 'NO_SECURE_KEY',
        nowMs: 900,
      }),
    ).toStrictEqual({ state: 'lost', lastSyncMs: 500, reason: 'LINK_DOWN' });
    expect(p.availableBytes).toBe(0);
  });

  it('a successful session deposits its key and is stable at nowMs whatever came before', () => {
    const p = pool();
    const previous: EksStatus = { state: 'lost', lastSyncMs: 500, reason: 'KEY_EXHAUSTED' };
    expect(syncEks({ pool: p, previous, key: new Uint8Array(16), nowMs: 900 })).toStrictEqual({
      state: 'stable',
      lastSyncMs: 900,
      keyBitsAvailable: 128,
    });
    expect(p.availableBytes).toBe(16);
  });

  it('a successful session that leaves less than one key is lost with KEY_EXHAUSTED', () => {
    expect(syncEks({ pool: pool(), key: new Uint8Array(7), nowMs: 900 })).toStrictEqual({
      state: 'lost',
      lastSyncMs: 900,
      reason: 'KEY_EXHAUSTED',
    });
  });
});

describe('eksStatusOfPool', () => {
  it('exactly one key of key_size is stable; one byte less is KEY_EXHAUSTED', () => {
    const p = pool();
    p.deposit(new Uint8Array(7));
    expect(eksStatusOfPool(p, 3)).toStrictEqual({
      state: 'lost',
      lastSyncMs: 3,
      reason: 'KEY_EXHAUSTED',
    });
    p.deposit(new Uint8Array(1));
    expect(eksStatusOfPool(p, 3)).toStrictEqual({
      state: 'stable',
      lastSyncMs: 3,
      keyBitsAvailable: 64,
    });
  });
});

describe('checkEksFreshness', () => {
  const stable: EksStatus = { state: 'stable', lastSyncMs: 1_000, keyBitsAvailable: 256 };

  it('a stable EKS exactly maxAgeMs old is kept; 1 ms older is lost with LINK_DOWN', () => {
    expect(checkEksFreshness(stable, 6_000, 5_000)).toBe(stable);
    expect(checkEksFreshness(stable, 6_001, 5_000)).toStrictEqual({
      state: 'lost',
      lastSyncMs: 1_000,
      reason: 'LINK_DOWN',
    });
  });

  it('a lost EKS is returned unchanged however old', () => {
    const lost: EksStatus = { state: 'lost', lastSyncMs: 1_000, reason: 'KEY_EXHAUSTED' };
    expect(checkEksFreshness(lost, 1_000_000, 5_000)).toBe(lost);
  });
});
