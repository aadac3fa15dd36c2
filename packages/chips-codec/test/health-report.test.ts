import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChipsError,
  EKS_LOSS_REASONS,
  FAULT_KINDS,
  type HealthReport,
  isHealthReport,
  validateHealthReport,
} from '../src/index.js';

const good: HealthReport = {
  eksOk: true,
  eksLastSyncMs: 1_763_700_000_000,
  fidelity1qPpm: 999_500,
  fidelity2qPpm: 990_000,
  utilisationPct: 42,
  faults: [],
};

function failure(v: unknown): [string, string | undefined] {
  try {
    validateHealthReport(v);
  } catch (e) {
    if (e instanceof ChipsError) return [e.code, e.field];
    throw e;
  }
  return ['NO_ERROR', undefined];
}

export const healthReport: fc.Arbitrary<HealthReport> = fc
  .record({
    eksOk: fc.boolean(),
    eksLastSyncMs: fc.maxSafeNat(),
    reason: fc.constantFrom(...EKS_LOSS_REASONS),
    fidelity1qPpm: fc.integer({ min: 0, max: 1_000_000 }),
    fidelity2qPpm: fc.integer({ min: 0, max: 1_000_000 }),
    utilisationPct: fc.integer({ min: 0, max: 100 }),
    faults: fc.subarray([...FAULT_KINDS]),
  })
  .map(({ reason, ...r }) => (r.eksOk ? r : { ...r, eksLossReason: reason }));

describe('validateHealthReport', () => {
  it('accepts a good report and returns it', () => {
    expect(validateHealthReport(good)).toBe(good);
    expect(isHealthReport(good)).toBe(true);
  });

  it('accepts every generated report', () => {
    fc.assert(fc.property(healthReport, (r) => isHealthReport(r)));
  });

  const cases: [string, unknown, string, string][] = [
    ['not an object', 5, 'WRONG_TYPE', '$'],
    ['reason while ok', { ...good, eksLossReason: 'LINK_DOWN' }, 'INVALID_FIELD', 'eksLossReason'],
    ['no reason while lost', { ...good, eksOk: false }, 'MISSING_FIELD', 'eksLossReason'],
    [
      'unknown reason',
      { ...good, eksOk: false, eksLossReason: 'SOLAR_FLARE' },
      'OUT_OF_RANGE',
      'eksLossReason',
    ],
    ['ppm over 1e6', { ...good, fidelity1qPpm: 1_000_001 }, 'OUT_OF_RANGE', 'fidelity1qPpm'],
    ['fractional ppm', { ...good, fidelity2qPpm: 0.5 }, 'WRONG_TYPE', 'fidelity2qPpm'],
    ['utilisation over 100', { ...good, utilisationPct: 101 }, 'OUT_OF_RANGE', 'utilisationPct'],
    ['negative sync time', { ...good, eksLastSyncMs: -1 }, 'OUT_OF_RANGE', 'eksLastSyncMs'],
    ['unsorted faults', { ...good, faults: ['OTHER', 'CRYOSTAT'] }, 'INVALID_FIELD', 'faults[1]'],
    ['repeated fault', { ...good, faults: ['OTHER', 'OTHER'] }, 'INVALID_FIELD', 'faults[1]'],
    ['unknown fault', { ...good, faults: ['GREMLINS'] }, 'OUT_OF_RANGE', 'faults[0]'],
    ['extra field', { ...good, amplitude: 0.7 }, 'UNKNOWN_FIELD', 'amplitude'],
    ['missing faults', { ...good, faults: undefined }, 'MISSING_FIELD', 'faults'],
  ];
  for (const [name, value, code, field] of cases) {
    it(`refuses: ${name}`, () => {
      expect(failure(value)).toEqual([code, field]);
      expect(isHealthReport(value)).toBe(false);
    });
  }
});
