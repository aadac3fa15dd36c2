/**
 * Heralded generation: the per-attempt probability and period pinned for known links, and the
 * sampled attempt counts checked against the geometric distribution with fixed draws.
 */
import { describe, expect, it } from 'vitest';
import {
  attemptPeriodMs,
  attemptSuccessProbability,
  fidelityAfter,
  heraldedFidelity,
  type LinkModel,
  linkFromUnits,
  meanGenerationMs,
  pairDraws,
  sampleHeraldedPair,
} from '../src/index.js';
import { expectError } from './expect-error.js';

const link: LinkModel = {
  lengthKm: 50,
  lossDbPerKm: 0.2,
  attemptRateHz: 1_000_000,
  emissionEfficiency: 0.5,
  detectorEfficiency: 0.8,
  initialFidelity: 0.92,
  memoryTimeMs: 100,
};
const secret = new Uint8Array(32).fill(7);

describe('heralded generation', () => {
  it('succeeds with probability ½·η² per attempt, η = emission·fibre(L/2)·detector', () => {
    // 25 km at 0.2 dB/km: 5 dB, a factor 10^−0.5 per arm.
    const arm = 0.5 * 10 ** -0.5 * 0.8;
    expect(attemptSuccessProbability(link)).toBeCloseTo(0.5 * arm * arm, 15);
    const lossless = { ...link, lengthKm: 0, emissionEfficiency: 1, detectorEfficiency: 1 };
    expect(attemptSuccessProbability(lossless)).toBe(0.5);
  });

  it('waits for each herald: the period is max(1/rate, L/c)', () => {
    // 50 km of fibre: 0.25 ms round trip to the midpoint and back, longer than 1 µs.
    expect(attemptPeriodMs(link)).toBe(0.25);
    expect(attemptPeriodMs({ ...link, lengthKm: 0.01 })).toBe(0.001);
    expect(meanGenerationMs(link)).toBeCloseTo(0.25 / attemptSuccessProbability(link), 12);
  });

  it('samples geometric attempt counts (20 000 pairs, fixed draws; mean within 4.5 standard errors)', () => {
    const p = attemptSuccessProbability(link);
    const n = 20_000;
    let sum = 0;
    let firstTry = 0;
    for (let i = 0; i < n; i++) {
      const pair = sampleHeraldedPair(link, pairDraws(secret, i, 1));
      sum += pair.attempts;
      if (pair.attempts === 1) firstTry++;
      expect(pair.generationMs).toBe(pair.attempts * 0.25);
    }
    const mean = 1 / p;
    const standardError = Math.sqrt((1 - p) / (p * p) / n);
    expect(Math.abs(sum / n - mean)).toBeLessThan(4.5 * standardError);
    // P(N = 1) = p; its standard error √(p(1 − p)/n).
    expect(Math.abs(firstTry / n - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('inverts the distribution exactly at its edges', () => {
    const p = attemptSuccessProbability(link);
    expect(sampleHeraldedPair(link, [0]).attempts).toBe(1);
    // u just below p is still a first-attempt success; u = p needs a second.
    expect(sampleHeraldedPair(link, [p * (1 - 1e-12)]).attempts).toBe(1);
    expect(sampleHeraldedPair(link, [p]).attempts).toBe(2);
  });

  it('delivers the pair decayed by the herald’s flight (L/c in memory)', () => {
    const pair = sampleHeraldedPair(link, [0.5]);
    expect(pair.fidelity).toBe(fidelityAfter(0.92, 0.25, 100));
    expect(sampleHeraldedPair({ ...link, lengthKm: 0 }, [0.5]).fidelity).toBe(0.92);
  });

  it('refuses a link out of range, naming the field, and draws that are not uniform', () => {
    expectError(
      () => attemptSuccessProbability({ ...link, lengthKm: -1 }),
      'INVALID_PARAMETER',
      'lengthKm',
    );
    expectError(
      () => attemptSuccessProbability({ ...link, lossDbPerKm: 11 }),
      'INVALID_PARAMETER',
      'lossDbPerKm',
    );
    expectError(
      () => attemptPeriodMs({ ...link, attemptRateHz: 0 }),
      'INVALID_PARAMETER',
      'attemptRateHz',
    );
    expectError(
      () => attemptSuccessProbability({ ...link, emissionEfficiency: 0 }),
      'INVALID_PARAMETER',
      'emissionEfficiency',
    );
    expectError(
      () => attemptSuccessProbability({ ...link, detectorEfficiency: 1.2 }),
      'INVALID_PARAMETER',
      'detectorEfficiency',
    );
    expectError(
      () => attemptSuccessProbability({ ...link, initialFidelity: 0.2 }),
      'INVALID_PARAMETER',
      'initialFidelity',
    );
    expectError(
      () => attemptSuccessProbability({ ...link, memoryTimeMs: 0 }),
      'INVALID_PARAMETER',
      'memoryTimeMs',
    );
    // 10 000 km at 10 dB/km: 10^−5 000 per arm underflows to nothing.
    expectError(
      () => attemptSuccessProbability({ ...link, lengthKm: 10_000, lossDbPerKm: 10 }),
      'INVALID_PARAMETER',
      'lengthKm',
    );
    expectError(() => sampleHeraldedPair(link, []), 'INVALID_DRAWS', 'draws');
    expectError(() => sampleHeraldedPair(link, [1]), 'INVALID_DRAWS', 'draws[0]');
    expectError(() => sampleHeraldedPair(link, [-0.1]), 'INVALID_DRAWS', 'draws[0]');
  });
});

describe('a link advertised in integer units', () => {
  const units = {
    lengthM: 10_000,
    lossMdbPerKm: 200,
    attemptRateHz: 1_000_000,
    emissionPpm: 500_000,
    detectorPpm: 800_000,
    initialFidelityPpm: 970_000,
    memoryTimeMs: 1_000,
  };

  it('converts metres, mdB and ppm to the model’s units', () => {
    expect(linkFromUnits(units)).toStrictEqual({
      lengthKm: 10,
      lossDbPerKm: 0.2,
      attemptRateHz: 1_000_000,
      emissionEfficiency: 0.5,
      detectorEfficiency: 0.8,
      initialFidelity: 0.97,
      memoryTimeMs: 1_000,
    });
    expectError(
      () => linkFromUnits({ ...units, initialFidelityPpm: 200_000 }),
      'INVALID_PARAMETER',
      'initialFidelity',
    );
  });

  it('a pair’s fidelity at its herald is F₀ decayed over the flight L/c', () => {
    // 10 km at 200 km/ms: 0.05 ms of decay with T = 1 000 ms.
    const f = heraldedFidelity(linkFromUnits(units));
    expect(f).toBeCloseTo(0.25 + (0.97 - 0.25) * Math.exp(-0.05 / 1_000), 15);
    expect(sampleHeraldedPair(linkFromUnits(units), [0.5]).fidelity).toBe(f);
  });
});
