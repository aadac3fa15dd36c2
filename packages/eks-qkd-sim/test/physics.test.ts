import { describe, expect, it } from 'vitest';
import {
  backgroundYield,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type DecoySource,
  type Detector,
  detectProb,
  type Fibre,
  fibreTransmittance,
  totalTransmittance,
  validateAttack,
  validateDecoyBb84Link,
  validateDecoySource,
  validateDetector,
  validateFibre,
} from '../src/physics.js';
import { expectQkdError } from './expect-error.js';

const fibre: Fibre = { distanceKm: 10, lossDbPerKm: 0.2 };
const link = (over: Partial<DecoyBb84Link> = {}): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre,
  detector: DEFAULT_DETECTOR,
  attack: { kind: 'none' },
  ...over,
});

describe('physics formulas', () => {
  it('fibre transmittance is 10^(−αL/10): 50 km at 0.2 dB/km is 10 dB, i.e. 0.1', () => {
    expect(fibreTransmittance({ distanceKm: 50, lossDbPerKm: 0.2 })).toBeCloseTo(0.1, 14);
    // 3 dB: 10^−0.3 = 0.501187… (the familiar "3 dB ≈ half").
    expect(fibreTransmittance({ distanceKm: 15, lossDbPerKm: 0.2 })).toBeCloseTo(0.501187, 6);
    expect(fibreTransmittance({ distanceKm: 0, lossDbPerKm: 0.2 })).toBe(1);
  });

  it('total transmittance multiplies fibre and detector efficiency', () => {
    const d: Detector = { ...DEFAULT_DETECTOR, efficiency: 0.25 };
    expect(totalTransmittance({ distanceKm: 100, lossDbPerKm: 0.2 }, d)).toBeCloseTo(0.0025, 15);
  });

  it('background yield is the chance at least one of two dark detectors fires: 2p − p²', () => {
    expect(backgroundYield({ ...DEFAULT_DETECTOR, darkCountProb: 0.1 })).toBeCloseTo(0.19, 15);
    expect(backgroundYield({ ...DEFAULT_DETECTOR, darkCountProb: 0 })).toBe(0);
  });

  it('an n-photon pulse is detected with probability 1 − (1 − t)^n', () => {
    expect(detectProb(3, 0.5)).toBeCloseTo(0.875, 15);
    expect(detectProb(0, 0.5)).toBe(0);
    expect(detectProb(1, 0.3)).toBeCloseTo(0.3, 15);
  });

  it('the defaults are the documented metropolitan link', () => {
    expect(DEFAULT_DECOY_SOURCE).toStrictEqual({
      signalMean: 0.5,
      decoyMean: 0.1,
      vacuumMean: 0,
      signalProb: 0.8,
      decoyProb: 0.15,
      vacuumProb: 0.05,
    });
    expect(DEFAULT_DETECTOR).toStrictEqual({
      efficiency: 0.2,
      darkCountProb: 1e-6,
      misalignment: 0.015,
      afterpulseProb: 0,
    });
  });
});

describe('validation: each bound passes at the limit and fails just past it', () => {
  it.each([
    ['distanceKm', 0, -1e-9],
    ['distanceKm', 10_000, 10_000.001],
    ['lossDbPerKm', 0, -1e-9],
    ['lossDbPerKm', 10, 10.001],
  ] as const)('fibre.%s: %d passes, %d fails', (key, ok, bad) => {
    expect(validateFibre({ ...fibre, [key]: ok })).toBeUndefined();
    expectQkdError(
      () => validateFibre({ ...fibre, [key]: bad }),
      'INVALID_PARAMETER',
      `fibre.${key}`,
    );
    expectQkdError(
      () => validateFibre({ ...fibre, [key]: bad }, 'fibreToBob'),
      'INVALID_PARAMETER',
      `fibreToBob.${key}`,
    );
  });

  it.each([
    ['efficiency', 1e-6, 0.9e-6],
    ['efficiency', 1, 1.001],
    ['darkCountProb', 0, -1e-12],
    ['darkCountProb', 0.1, 0.101],
    ['misalignment', 0, -1e-12],
    ['misalignment', 0.5, 0.501],
    ['afterpulseProb', 0, -1e-12],
    ['afterpulseProb', 0.5, 0.501],
  ] as const)('detector.%s: %d passes, %d fails', (key, ok, bad) => {
    expect(validateDetector({ ...DEFAULT_DETECTOR, [key]: ok })).toBeUndefined();
    expectQkdError(
      () => validateDetector({ ...DEFAULT_DETECTOR, [key]: bad }),
      'INVALID_PARAMETER',
      `detector.${key}`,
    );
    expectQkdError(
      () => validateDetector({ ...DEFAULT_DETECTOR, [key]: bad }, 'd'),
      'INVALID_PARAMETER',
      `d.${key}`,
    );
  });

  it.each(['intercept-resend', 'pns'] as const)(
    'attack %s: fraction 0 and 1 pass, outside fails',
    (kind) => {
      expect(validateAttack({ kind, fraction: 0 })).toBeUndefined();
      expect(validateAttack({ kind, fraction: 1 })).toBeUndefined();
      expectQkdError(
        () => validateAttack({ kind, fraction: 1.001 }),
        'INVALID_PARAMETER',
        'attack.fraction',
      );
      expectQkdError(
        () => validateAttack({ kind, fraction: -0.001 }, 'a'),
        'INVALID_PARAMETER',
        'a.fraction',
      );
    },
  );

  it('attack none needs no fraction; an unknown or missing kind is rejected on .kind', () => {
    expect(validateAttack({ kind: 'none' })).toBeUndefined();
    const bogus = { kind: 'bogus', fraction: 0.5 } as unknown as Parameters<
      typeof validateAttack
    >[0];
    expectQkdError(() => validateAttack(bogus), 'INVALID_PARAMETER', 'attack.kind');
    expectQkdError(() => validateAttack(bogus, 'eve'), 'INVALID_PARAMETER', 'eve.kind');
    const missing = undefined as unknown as Parameters<typeof validateAttack>[0];
    expectQkdError(() => validateAttack(missing), 'INVALID_PARAMETER', 'attack.kind');
  });

  const src = (o: Partial<DecoySource>): DecoySource => ({ ...DEFAULT_DECOY_SOURCE, ...o });
  it.each([
    ['signalMean at 2 passes', src({ signalMean: 2 }), undefined],
    ['signalMean above 2', src({ signalMean: 2.001 }), 'signalMean'],
    ['signalMean below 1e-6', src({ signalMean: 0.9e-6, decoyMean: 0.5e-6 }), 'signalMean'],
    ['decoyMean equal to signalMean', src({ decoyMean: 0.5 }), 'decoyMean'],
    ['decoyMean above signalMean', src({ decoyMean: 0.6 }), 'decoyMean'],
    ['decoyMean below 1e-6', src({ decoyMean: 0.9e-6 }), 'decoyMean'],
    ['decoyMean at 1e-6 passes', src({ decoyMean: 1e-6 }), undefined],
    ['vacuumMean equal to decoyMean', src({ vacuumMean: 0.1 }), 'vacuumMean'],
    ['vacuumMean above decoyMean', src({ vacuumMean: 0.2 }), 'vacuumMean'],
    ['vacuumMean negative', src({ vacuumMean: -1e-9 }), 'vacuumMean'],
    ['vacuumMean just below decoyMean passes', src({ vacuumMean: 0.0999 }), undefined],
    ['signalProb below 1e-6', src({ signalProb: 0, decoyProb: 0.95 }), 'signalProb'],
    ['signalProb 1 alone passes', src({ signalProb: 1, decoyProb: 0, vacuumProb: 0 }), undefined],
    ['signalProb above 1', src({ signalProb: 1.001, decoyProb: 0, vacuumProb: 0 }), 'signalProb'],
    ['decoyProb negative', src({ decoyProb: -0.001 }), 'decoyProb'],
    ['decoyProb above 1', src({ decoyProb: 1.001 }), 'decoyProb'],
    ['vacuumProb negative', src({ vacuumProb: -0.001 }), 'vacuumProb'],
    ['vacuumProb above 1', src({ vacuumProb: 1.001 }), 'vacuumProb'],
    ['probabilities summing to 1 + 2e-9', src({ vacuumProb: 0.05 + 2e-9 }), 'signalProb'],
    ['probabilities summing to 1 − 2e-9', src({ vacuumProb: 0.05 - 2e-9 }), 'signalProb'],
    ['probabilities off by 5e-10 pass', src({ vacuumProb: 0.05 + 5e-10 }), undefined],
  ] as const)('source: %s', (_name, s, field) => {
    if (field === undefined) {
      expect(validateDecoySource(s)).toBeUndefined();
      expect(validateDecoyBb84Link(link({ source: s }))).toBeUndefined();
    } else {
      expectQkdError(() => validateDecoySource(s), 'INVALID_PARAMETER', `source.${field}`);
      expectQkdError(() => validateDecoySource(s, 'src'), 'INVALID_PARAMETER', `src.${field}`);
    }
  });

  it('a missing fibre, detector or source is a typed error on its first field', () => {
    const none = undefined as never;
    expectQkdError(() => validateFibre(none), 'INVALID_PARAMETER', 'fibre.distanceKm');
    expectQkdError(() => validateDetector(none), 'INVALID_PARAMETER', 'detector.efficiency');
    expectQkdError(() => validateDecoySource(none), 'INVALID_PARAMETER', 'source.signalMean');
  });

  it('a whole link checks source, fibre, detector and attack in turn', () => {
    expect(validateDecoyBb84Link(link())).toBeUndefined();
    const notObject = [null, 7] as unknown as DecoyBb84Link[];
    for (const l of notObject)
      expectQkdError(() => validateDecoyBb84Link(l), 'INVALID_PARAMETER', 'link');
    expectQkdError(
      () => validateDecoyBb84Link(link({ source: { ...DEFAULT_DECOY_SOURCE, signalMean: 3 } })),
      'INVALID_PARAMETER',
      'source.signalMean',
    );
    expectQkdError(
      () => validateDecoyBb84Link(link({ fibre: { distanceKm: -1, lossDbPerKm: 0.2 } })),
      'INVALID_PARAMETER',
      'fibre.distanceKm',
    );
    expectQkdError(
      () => validateDecoyBb84Link(link({ detector: { ...DEFAULT_DETECTOR, efficiency: 2 } })),
      'INVALID_PARAMETER',
      'detector.efficiency',
    );
    expectQkdError(
      () => validateDecoyBb84Link(link({ attack: { kind: 'pns', fraction: 2 } })),
      'INVALID_PARAMETER',
      'attack.fraction',
    );
  });
});
