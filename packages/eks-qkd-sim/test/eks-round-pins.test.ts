import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  DEFAULT_EKS_LINK,
  EKS_KEY_BYTES,
  EKS_ROUND_LABEL,
  type EksLink,
  EXCESS_QBER_ATTACK,
  eksKeyId,
  eksRoundKeys,
  eksRoundLossReason,
  eksRoundSeed,
  expectedGainAndQber,
  MAX_EKS_ROUND,
  runEksRound,
} from '../src/index.js';
import { codeOf } from './expect-error.js';

const BINDING = new Uint8Array(32).fill(9);

describe('EKS round naming constants and bounds', () => {
  it('label v1, 32-byte keys, u32 round numbers', () => {
    expect([EKS_ROUND_LABEL, EKS_KEY_BYTES, MAX_EKS_ROUND]).toStrictEqual([
      'qcos/eks-round/v1',
      32,
      0xffff_ffff,
    ]);
  });

  it('key indices run 0 … 2^32 − 1; the seed must be bytes', () => {
    const seed = eksRoundSeed(BINDING, 0);
    expect(codeOf(() => eksKeyId(seed, 0))).toBe('ok');
    expect(codeOf(() => eksKeyId(seed, MAX_EKS_ROUND))).toBe('ok');
    expect(codeOf(() => eksKeyId(seed, MAX_EKS_ROUND + 1))).toBe('INVALID_PARAMETER:index');
    expect(codeOf(() => eksKeyId(seed, 0.5))).toBe('INVALID_PARAMETER:index');
    expect(codeOf(() => eksKeyId([1, 2] as never, 0))).toBe('INVALID_PARAMETER:seed');
    expect(eksKeyId(seed, 1)).not.toBe(eksKeyId(seed, 0));
  });
});

describe('eksRoundKeys', () => {
  it.each<[number, number]>([
    [32, 1],
    [63, 1],
    [64, 2],
    [0, 0],
  ])('%i distilled bytes give %i keys', (length, count) => {
    const seed = eksRoundSeed(BINDING, 2);
    const distilled = Uint8Array.from({ length }, (_, i) => i);
    const keys = eksRoundKeys(seed, distilled);
    expect(keys.map((k) => k.id)).toStrictEqual(
      Array.from({ length: count }, (_, i) => eksKeyId(seed, i)),
    );
    keys.forEach((k, i) => {
      expect([...k.key]).toStrictEqual(Array.from({ length: 32 }, (_, j) => 32 * i + j));
    });
  });

  it('keys are copies, not views of the distilled bytes', () => {
    const distilled = new Uint8Array(32);
    const [key] = eksRoundKeys(eksRoundSeed(BINDING, 2), distilled);
    distilled[0] = 1;
    expect(key!.key[0]).toBe(0);
  });
});

describe('eksRoundLossReason', () => {
  const honestQber = (link: EksLink) =>
    expectedGainAndQber(
      DEFAULT_DECOY_SOURCE.signalMean,
      { distanceKm: link.distanceKm, lossDbPerKm: link.fibreLossDbPerKm },
      DEFAULT_DETECTOR,
    ).qber;

  it('exactly EXCESS_QBER_ATTACK above the honest link is not yet an eavesdropper', () => {
    expect(EXCESS_QBER_ATTACK).toBe(0.03);
    const at = honestQber(DEFAULT_EKS_LINK) + EXCESS_QBER_ATTACK;
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', at, DEFAULT_EKS_LINK)).toBe(
      'QBER_ABOVE_THRESHOLD',
    );
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', at + 1e-9, DEFAULT_EKS_LINK)).toBe(
      'EAVESDROPPER_DETECTED',
    );
  });

  it('judges the QBER against the given link: 10 % is an attack at 10 km, not at 200 km', () => {
    // Honest QBER from the closed-form model: about 1.5 % at 10 km, 9.6 % at 200 km.
    const far = { ...DEFAULT_EKS_LINK, distanceKm: 200 };
    expect(honestQber(far)).toBeGreaterThan(0.09);
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', 0.1, DEFAULT_EKS_LINK)).toBe(
      'EAVESDROPPER_DETECTED',
    );
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', 0.1, far)).toBe('QBER_ABOVE_THRESHOLD');
    expect(eksRoundLossReason('NO_SECURE_KEY', 0.1, far)).toBe('LINK_DOWN');
  });

  it('an eavesdropper fraction out of range is INVALID_PARAMETER at eavesdropper', () => {
    expect(
      codeOf(() =>
        eksRoundLossReason('NO_DETECTIONS', 0, { ...DEFAULT_EKS_LINK, eavesdropper: -1 }),
      ),
    ).toBe('INVALID_PARAMETER:eavesdropper');
  });
});

describe('runEksRound outcomes (fixed seeds, small rounds)', () => {
  const seed = () => eksRoundSeed(BINDING, 4);

  it('a round with too few pulses to detect anything loses the EKS with LINK_DOWN', () => {
    expect(
      runEksRound(seed(), { ...DEFAULT_EKS_LINK, pulsesPerRound: 4096 }, 'alice'),
    ).toStrictEqual({
      ok: false,
      reason: 'LINK_DOWN',
      qber: 0,
    });
  });

  it('a fully intercepted round reports its QBER far above the 11 % threshold', () => {
    const out = runEksRound(
      seed(),
      { ...DEFAULT_EKS_LINK, pulsesPerRound: 2 ** 14, eavesdropper: 1 },
      'bob',
    );
    expect(out.ok).toBe(false);
    expect(out.ok ? undefined : out.reason).toBe('EAVESDROPPER_DETECTED');
    expect(out.qber).toBeGreaterThan(0.11);
  });
});
