import type { EksSyncBody, KeyId } from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  decoyLinkOf,
  eksWireLinkOf,
  expectedGainAndQber,
  QkdError,
} from '@qcos/eks-qkd-sim';
import { RuntimeError } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { modelledQber, QkdLinkStats } from '../src/keys/qkd-link-stats.js';

const LINK = eksWireLinkOf(DEFAULT_EKS_LINK);
const ids = (...n: number[]) =>
  n.map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` as KeyId);

function stable(keyIds: readonly KeyId[], round: number, link = LINK): EksSyncBody {
  const status = { state: 'stable', lastSyncMs: 0, keyBitsAvailable: keyIds.length * 256 } as const;
  return { status, keyIds, round, link };
}

function lost(round: number, link = LINK): EksSyncBody {
  const status = { state: 'lost', lastSyncMs: 0, reason: 'QBER_ABOVE_THRESHOLD' } as const;
  return { status, keyIds: [], round, link };
}

describe('QkdLinkStats', () => {
  it('models the QBER from the round link with eks-qkd-sim, eavesdropper included', () => {
    const tapped = eksWireLinkOf({ ...DEFAULT_EKS_LINK, distanceKm: 40, eavesdropper: 0.25 });
    const decoy = decoyLinkOf({ ...DEFAULT_EKS_LINK, distanceKm: 40, eavesdropper: 0.25 });
    const expected = expectedGainAndQber(
      decoy.source.signalMean,
      decoy.fibre,
      decoy.detector,
      0.25,
    ).qber;
    expect(modelledQber(stable([], 0, tapped))).toBeCloseTo(expected, 12);
    // An intercept-resend eavesdropper raises the QBER well above the honest link's.
    expect(modelledQber(stable([], 0, tapped))).toBeGreaterThan(modelledQber(stable([], 0)) + 0.03);
    expect(modelledQber(stable([], 0))).toBeGreaterThan(0);
  });

  it('measures the key rate from the key_IDs new since the previous sync, 256 bits each', () => {
    const stats = new QkdLinkStats();
    stats.record('rigel', 1_000, stable(ids(1, 2), 0));
    // Two new IDs (3, 4) over 2 s: 2 × 256 / 2 = 256 bit/s; ID 1 dropped from the pool is no key.
    stats.record('rigel', 3_000, stable(ids(2, 3, 4), 1));
    const history = stats.history('rigel');
    expect(history.map((s) => s.secretKeyRateBps)).toEqual([0, 256]);
    expect(history.map((s) => s.state)).toEqual(['stable', 'stable']);
    expect(history[1]).toEqual({
      alias: 'rigel',
      atMs: 3_000,
      state: 'stable',
      qber: modelledQber(stable([], 0)),
      secretKeyRateBps: 256,
    });
  });

  it('reports a lost sync with its reason and no key, and counts every key after it as new', () => {
    const stats = new QkdLinkStats();
    stats.record('vega', 0, stable(ids(1), 0));
    stats.record('vega', 1_000, lost(1));
    stats.record('vega', 1_500, stable(ids(1, 2), 2));
    const [first, loss, back] = stats.history('vega');
    expect(first?.secretKeyRateBps).toBe(0);
    expect(loss).toMatchObject({
      state: 'lost',
      lossReason: 'QBER_ABOVE_THRESHOLD',
      secretKeyRateBps: 0,
    });
    // Both IDs are new after the loss emptied the pool: 2 × 256 bits in 0.5 s.
    expect(back?.secretKeyRateBps).toBe(1024);
  });

  it('gives no rate for a sync not after the previous one', () => {
    const stats = new QkdLinkStats();
    stats.record('deneb', 5_000, stable(ids(1), 0));
    stats.record('deneb', 5_000, stable(ids(1, 2), 1));
    expect(stats.history('deneb').map((s) => s.secretKeyRateBps)).toEqual([0, 0]);
  });

  it('keeps the newest samples per link, oldest first, in a bounded ring', () => {
    const stats = new QkdLinkStats(3);
    for (let i = 0; i < 7; i++) stats.record('rigel', i * 1_000, stable(ids(i), i));
    expect(stats.history('rigel').map((s) => s.atMs)).toEqual([4_000, 5_000, 6_000]);
    expect(stats.latest().map((s) => s.atMs)).toEqual([6_000]);
  });

  it('lists the newest sample of each link sorted by alias, and forgets a link', () => {
    const stats = new QkdLinkStats();
    stats.record('vega', 2_000, stable(ids(1), 0));
    stats.record('altair', 1_000, lost(0));
    stats.record('vega', 4_000, stable(ids(1, 2), 1));
    expect(stats.latest().map((s) => [s.alias, s.atMs, s.state])).toEqual([
      ['altair', 1_000, 'lost'],
      ['vega', 4_000, 'stable'],
    ]);
    stats.forget('vega');
    expect(stats.latest().map((s) => s.alias)).toEqual(['altair']);
    expect(stats.history('vega')).toEqual([]);
    expect(stats.history('never-seen')).toEqual([]);
  });

  it('refuses a history size that is not a positive integer, naming the field', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      let caught: unknown;
      try {
        new QkdLinkStats(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RuntimeError);
      expect((caught as RuntimeError).code).toBe('CONFIG_INVALID');
      expect((caught as RuntimeError).details['field']).toBe('historyPerLink');
    }
  });

  it('refuses a link outside eks-qkd-sim bounds with INVALID_PARAMETER and records nothing', () => {
    const stats = new QkdLinkStats();
    const tooLong = { ...LINK, distanceM: 600_000 };
    let caught: unknown;
    try {
      stats.record('rigel', 0, stable([], 0, tooLong));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QkdError);
    expect((caught as QkdError).code).toBe('INVALID_PARAMETER');
    expect((caught as QkdError).field).toBe('distanceM');
    expect(stats.latest()).toEqual([]);
  });
});
