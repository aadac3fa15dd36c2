import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { example } from './readme-example.js';

const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');

/** Import lines as a sorted set (the formatter orders them by path), then the code after them. */
function normalise(code: string): string {
  // Mutation testing copies the sources with a `// @ts-nocheck` line added at the top.
  const lines = code
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '// @ts-nocheck');
  const imports = lines.filter((l) => l.startsWith('import '));
  return [...imports.sort(), ...lines.filter((l) => !l.startsWith('import '))].join('\n');
}

it('the README example is test/readme-example.ts, with the package import', () => {
  const block = /```ts\n([\s\S]*?)```/.exec(read('../README.md'))?.[1] ?? '';
  const file = read('readme-example.ts').replace("'../src/index.js'", "'@qcos/entanglement-sim'");
  expect(normalise(block)).toBe(normalise(file));
});

it('the README example gives a CHSH value within 4.5 standard errors of 2√2·(4F − 1)/3', () => {
  const r = example();
  expect(r.attempts).toBeGreaterThanOrEqual(1);
  expect(r.fidelity).toBeLessThan(0.95);
  expect(r.expected).toBeCloseTo(2 * Math.SQRT2 * ((4 * r.fidelity - 1) / 3), 12);
  // Four correlators of 2 000 pairs, each E ≈ 0.66: σ_S = √(4·(1 − E²)/2 000) ≈ 0.034.
  expect(Math.abs(r.s - r.expected)).toBeLessThan(0.15);
});
