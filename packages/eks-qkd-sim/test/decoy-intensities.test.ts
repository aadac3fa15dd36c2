import { describe, expect, it } from 'vitest';
import { decoyBb84Rates, expectedGainAndQber } from '../src/analytic.js';
import { runDecoyBb84 } from '../src/decoy-bb84.js';
import { type DecoyObservation, decoyBounds } from '../src/decoy-estimates.js';
import { type DecoyIntensities, validateDecoyIntensities } from '../src/decoy-intensities.js';
import {
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type Fibre,
  validateDecoySource,
} from '../src/physics.js';
import { expectQkdError } from './expect-error.js';

/** The intensities of the issue that first showed the gap: ν + ω = 0.55 > μ = 0.5. */
const OVERLAPPING: DecoyIntensities = { signalMean: 0.5, decoyMean: 0.3, vacuumMean: 0.25 };
const fibre: Fibre = { distanceKm: 50, lossDbPerKm: 0.2 };

const means = (signalMean: number, decoyMean: number, vacuumMean: number): DecoyIntensities => ({
  signalMean,
  decoyMean,
  vacuumMean,
});

/** Expected (noise-free) observation of the model for these intensities. */
function expectedObservation(m: DecoyIntensities): DecoyObservation {
  const at = (mean: number) => expectedGainAndQber(mean, fibre, DEFAULT_DETECTOR);
  const [s, d, v] = [at(m.signalMean), at(m.decoyMean), at(m.vacuumMean)];
  return {
    ...m,
    gainSignal: s.gain,
    gainDecoy: d.gain,
    gainVacuum: v.gain,
    errGainSignal: s.gain * s.qber,
    errGainDecoy: d.gain * d.qber,
    errGainVacuum: v.gain * v.qber,
  };
}

describe('decoy intensities the bounds need', () => {
  it.each([
    ['the default 0.5 / 0.1 / 0', means(0.5, 0.1, 0), undefined],
    ['two weak decoys 0.5 / 0.2 / 0.1', means(0.5, 0.2, 0.1), undefined],
    ['ν + ω just below μ', means(0.5, 0.3, 0.1999), undefined],
    ['μ = 2, the top of the range', means(2, 1, 0.5), undefined],
    ['μ above 2', means(2.001, 0.1, 0), 'signalMean'],
    ['μ below 1e-6', means(0.9e-6, 0.5e-6, 0), 'signalMean'],
    ['ν below 1e-6', means(0.5, 0.9e-6, 0), 'decoyMean'],
    ['ν equal to μ', means(0.5, 0.5, 0), 'decoyMean'],
    ['ν above μ', means(0.5, 0.6, 0), 'decoyMean'],
    ['ω negative', means(0.5, 0.1, -1e-9), 'vacuumMean'],
    ['ω equal to ν', means(0.5, 0.1, 0.1), 'vacuumMean'],
    ['ω above ν', means(0.5, 0.1, 0.2), 'vacuumMean'],
    ['ν + ω equal to μ', means(0.5, 0.3, 0.2), 'decoyMean'],
    ['the issue’s 0.5 / 0.3 / 0.25 (ν + ω = 0.55)', OVERLAPPING, 'decoyMean'],
    ['a non-number ν', { ...OVERLAPPING, decoyMean: '0.1' as unknown as number }, 'decoyMean'],
  ] as const)('%s', (_name, m, field) => {
    if (field === undefined) {
      expect(validateDecoyIntensities(m, 'source')).toBeUndefined();
    } else {
      expectQkdError(
        () => validateDecoyIntensities(m, 'source'),
        'INVALID_PARAMETER',
        `source.${field}`,
      );
      expectQkdError(
        () => validateDecoySource({ ...DEFAULT_DECOY_SOURCE, ...m }),
        'INVALID_PARAMETER',
        `source.${field}`,
      );
      expectQkdError(
        () => decoyBounds(expectedObservation({ ...means(0.5, 0.1, 0), ...m })),
        'INVALID_PARAMETER',
        `observation.${field}`,
      );
    }
  });

  it('a missing observation is refused on its first field', () => {
    expectQkdError(
      () => decoyBounds(undefined as unknown as DecoyObservation),
      'INVALID_PARAMETER',
      'observation.signalMean',
    );
  });

  it.each([
    'gainSignal',
    'gainDecoy',
    'gainVacuum',
    'errGainSignal',
    'errGainDecoy',
    'errGainVacuum',
  ] as const)('a negative or non-finite %s is refused; 0 is accepted', (k) => {
    const o = expectedObservation(means(0.5, 0.1, 0));
    expect(decoyBounds({ ...o, [k]: 0 }).y0Lower).toBeGreaterThanOrEqual(0);
    expectQkdError(
      () => decoyBounds({ ...o, [k]: -1e-12 }),
      'INVALID_PARAMETER',
      `observation.${k}`,
    );
    expectQkdError(
      () => decoyBounds({ ...o, [k]: Number.NaN }),
      'INVALID_PARAMETER',
      `observation.${k}`,
    );
    expectQkdError(
      () => decoyBounds({ ...o, [k]: Number.POSITIVE_INFINITY }),
      'INVALID_PARAMETER',
      `observation.${k}`,
    );
  });
});

describe('the issue’s example (μ, ν, ω) = (0.5, 0.3, 0.25)', () => {
  it('would make the unchecked Y1 formula exceed the true Y1 (why it must be refused)', () => {
    // The Y1ᴸ expression of decoy-estimates.ts, written out here because the package refuses
    // to evaluate it for these means. Y0ᴸ = 0 here, so it is left out.
    const o = expectedObservation(OVERLAPPING);
    const { signalMean: mu, decoyMean: v, vacuumMean: w } = OVERLAPPING;
    const y1Formula =
      (mu / (mu * v - mu * w - v * v + w * w)) *
      (o.gainDecoy * Math.exp(v) -
        o.gainVacuum * Math.exp(w) -
        ((v * v - w * w) / (mu * mu)) * (o.gainSignal * Math.exp(mu)));
    const eta = 0.1 * DEFAULT_DETECTOR.efficiency; // 50 km at 0.2 dB/km
    const y0 = 1 - (1 - DEFAULT_DETECTOR.darkCountProb) ** 2;
    const y1 = y0 + eta - y0 * eta;
    // About 1.34·Y1 at 50 km: a "lower bound" above the value it bounds.
    expect(y1Formula / y1).toBeGreaterThan(1.3);
  });

  /** An object that records which of its properties are read. */
  function recording<T extends object>(target: T, reads: string[]): T {
    return new Proxy(target, {
      get(t, key, receiver) {
        reads.push(String(key));
        return Reflect.get(t, key, receiver);
      },
    });
  }

  it('decoyBounds refuses it having read only the three means, before any bound is computed', () => {
    const reads: string[] = [];
    const o = recording(expectedObservation(OVERLAPPING), reads);
    expectQkdError(() => decoyBounds(o), 'INVALID_PARAMETER', 'observation.decoyMean');
    expect(new Set(reads)).toStrictEqual(new Set(['signalMean', 'decoyMean', 'vacuumMean']));
  });

  it('a run refuses it before simulating: the link’s fibre and detector are never read', () => {
    const reads: string[] = [];
    const link: DecoyBb84Link = recording(
      {
        source: { ...DEFAULT_DECOY_SOURCE, ...OVERLAPPING },
        fibre,
        detector: DEFAULT_DETECTOR,
        attack: { kind: 'none' },
      },
      reads,
    );
    expectQkdError(
      () => runDecoyBb84({ link, pulses: 100_000, seed: 1 }),
      'INVALID_PARAMETER',
      'source.decoyMean',
    );
    expect(reads).not.toContain('fibre');
    expect(reads).not.toContain('detector');
  });

  it('the analytic rates refuse it too, on the source field', () => {
    const link: DecoyBb84Link = {
      source: { ...DEFAULT_DECOY_SOURCE, ...OVERLAPPING },
      fibre,
      detector: DEFAULT_DETECTOR,
      attack: { kind: 'none' },
    };
    expectQkdError(() => decoyBb84Rates(link, 1.1), 'INVALID_PARAMETER', 'source.decoyMean');
  });
});
