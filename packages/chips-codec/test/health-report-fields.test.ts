import { describe, expect, it } from 'vitest';
import { type HealthReport, validateHealthReport } from '../src/index.js';
import { error } from './packet-fixtures.js';

const lost: HealthReport = {
  eksOk: false,
  eksLastSyncMs: 5,
  eksLossReason: 'LINK_DOWN',
  fidelity1qPpm: 999_000,
  fidelity2qPpm: 990_000,
  utilisationPct: 40,
  faults: ['CRYOSTAT', 'OTHER'],
};

/** `lost` with `name` set to `value`, or left out when `value` is the string 'absent'. */
function reportWith(name: string, value: unknown): unknown {
  const r: Record<string, unknown> = { ...lost };
  if (value === 'absent') delete r[name];
  else r[name] = value;
  return r;
}

describe('validateHealthReport reports each broken rule with its code and field (spec chips §5.4)', () => {
  it.each([
    ['null', null],
    ['an array', []],
  ])('%s is WRONG_TYPE, field $', (_name, value) => {
    expect(error(() => validateHealthReport(value))).toStrictEqual({
      code: 'WRONG_TYPE',
      offset: undefined,
      field: '$',
    });
  });

  // [property, value ('absent' leaves it out), code, field]
  const rows: [string, unknown, string, string][] = [
    ['eksOk', 'absent', 'MISSING_FIELD', 'eksOk'],
    ['eksOk', undefined, 'MISSING_FIELD', 'eksOk'],
    ['eksOk', 1, 'WRONG_TYPE', 'eksOk'],
    ['eksLastSyncMs', 'absent', 'MISSING_FIELD', 'eksLastSyncMs'],
    ['eksLastSyncMs', '5', 'WRONG_TYPE', 'eksLastSyncMs'],
    ['eksLossReason', 5, 'WRONG_TYPE', 'eksLossReason'],
    ['fidelity1qPpm', 'absent', 'MISSING_FIELD', 'fidelity1qPpm'],
    ['fidelity2qPpm', -1, 'OUT_OF_RANGE', 'fidelity2qPpm'],
    ['utilisationPct', 'absent', 'MISSING_FIELD', 'utilisationPct'],
    ['faults', 'OTHER', 'WRONG_TYPE', 'faults'],
    ['faults', [5], 'WRONG_TYPE', 'faults[0]'],
    ['faults', ['OTHER', null], 'WRONG_TYPE', 'faults[1]'],
  ];
  it.each(rows)('%s = %j: %s, field %s', (name, value, code, field) => {
    expect(error(() => validateHealthReport(reportWith(name, value)))).toStrictEqual({
      code,
      offset: undefined,
      field,
    });
  });

  it('a property whose value is undefined counts as absent, even an unknown one', () => {
    const r = { ...lost, amplitudes: undefined };
    expect(validateHealthReport(r)).toBe(r);
  });
});
