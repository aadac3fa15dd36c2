import { expect, it } from 'vitest';
import { readmeExample } from '../../../scripts/readme-example.js';
import { example } from './readme-example.js';

it('the README example is test/readme-example.ts, with the package import', () => {
  const { readme, file } = readmeExample(
    new URL('../README.md', import.meta.url),
    new URL('readme-example.ts', import.meta.url),
    '@qcos/entanglement-sim',
  );
  expect(readme).toBe(file);
});

it('the README example gives a CHSH value within 4.5 standard errors of 2√2·(4F − 1)/3', () => {
  const r = example();
  expect(r.attempts).toBeGreaterThanOrEqual(1);
  expect(r.fidelity).toBeLessThan(0.95);
  expect(r.expected).toBeCloseTo(2 * Math.SQRT2 * ((4 * r.fidelity - 1) / 3), 12);
  // Four correlators of 2 000 pairs, each E ≈ 0.66: σ_S = √(4·(1 − E²)/2 000) ≈ 0.034.
  expect(Math.abs(r.s - r.expected)).toBeLessThan(0.15);
});
