import { describe, expect, it } from 'vitest';
import { compareExactProducts } from '../src/exact-product.js';

const justAbove1 = 1 + 2 ** -52;

describe('compareExactProducts', () => {
  it.each([
    ['subnormal × large = 1', [Number.MIN_VALUE, 2 ** 1000, 2 ** 74], [1], 0],
    ['two subnormals', [Number.MIN_VALUE], [2 * Number.MIN_VALUE], -1],
    ['(1+ε)² above 1+2ε by ε²', [justAbove1, justAbove1], [1 + 2 ** -51], 1],
    ['1+2ε below (1+ε)² by ε²', [1 + 2 ** -51], [justAbove1, justAbove1], -1],
    ['equal products with different factors', [0.5, 0.75], [0.375], 0],
  ])('%s', (_name, a, b, want) => {
    expect(compareExactProducts(a, b)).toBe(want);
  });
});
