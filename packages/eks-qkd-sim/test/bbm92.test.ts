import { describe, expect, it } from 'vitest';
import { bbm92Expectation, DEFAULT_DETECTOR, type EntangledLink, runBbm92 } from '../src/index.js';

const link = (km: number, attack: EntangledLink['attack'] = { kind: 'none' }): EntangledLink => ({
  source: { pairMean: 0.02, testProb: 0.25 },
  fibreToAlice: { distanceKm: km / 2, lossDbPerKm: 0.2 },
  fibreToBob: { distanceKm: km / 2, lossDbPerKm: 0.2 },
  detector: DEFAULT_DETECTOR,
  attack,
});

describe('BBM92 with CHSH monitoring', () => {
  it('honest pairs violate CHSH and the QBER, S and coincidence rate match the closed form', () => {
    const l = link(20);
    const out = runBbm92({ link: l, pulses: 12_000_000, seed: 1 });
    const r = out.report;
    const m = bbm92Expectation(l);
    const pc = r.coincidences / r.pulses;
    expect(Math.abs(pc - m.coincidenceProb)).toBeLessThan(
      5 * Math.sqrt(m.coincidenceProb / r.pulses),
    );
    expect(Math.abs(r.trueQber - m.qber)).toBeLessThan(
      5 * Math.sqrt((m.qber * (1 - m.qber)) / r.keyBitsBeforeEc),
    );
    // Each correlator has variance ≤ 1/N per setting pair; S sums four of them.
    const sigmaS = Math.sqrt(4 / (r.testRounds / 4));
    expect(Math.abs(r.chsh - m.chsh)).toBeLessThan(5 * sigmaS);
    expect(r.chsh).toBeGreaterThan(2);
    expect(m.chsh).toBeGreaterThan(2.5);
    expect(r.abortReason).toBeUndefined();
    expect(out.aliceKey.length).toBeGreaterThan(0);
    expect(out.aliceKey).toEqual(out.bobKey);
  });

  it('full intercept-resend on Bob’s arm: S ≤ 2 (about √2), QBER about 25 %, abort', () => {
    const r = runBbm92({
      link: link(20, { kind: 'intercept-resend', fraction: 1 }),
      pulses: 12_000_000,
      seed: 2,
    }).report;
    expect(r.chsh).toBeLessThanOrEqual(2);
    expect(r.chsh).toBeGreaterThan(1);
    expect(r.chsh).toBeLessThan(1.8);
    expect(r.trueQber).toBeGreaterThan(0.2);
    expect(r.trueQber).toBeLessThan(0.32);
    expect(r.abortReason).toBe('CHSH_NOT_VIOLATED');
  });

  it('is deterministic from the seed', () => {
    const run = { link: link(10), pulses: 2_000_000, seed: 5 };
    expect(runBbm92(run).report).toEqual(runBbm92(run).report);
  });

  it('rejects a PNS attack (not defined for pair sources) with a typed error', () => {
    const bad = link(10, { kind: 'pns', fraction: 1 } as unknown as EntangledLink['attack']);
    expect(() => runBbm92({ link: bad, pulses: 10, seed: 1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'attack.kind' }),
    );
  });
});
