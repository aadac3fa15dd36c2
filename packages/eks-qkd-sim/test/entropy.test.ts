import { describe, expect, it } from 'vitest';
import { binaryEntropy } from '../src/entropy.js';

describe('binary entropy', () => {
  it.each([
    [0, 0],
    [1, 0],
    [-0.1, 0],
    [1.1, 0],
    [0.5, 1],
    // h(1/4) = ¼·2 + ¾·log2(4/3) = 0.811278…
    [0.25, 0.8112781244591328],
    [0.75, 0.8112781244591328],
  ])('h(%d) = %d', (e, h) => {
    expect(binaryEntropy(e)).toBeCloseTo(h, 14);
    expect(Number.isNaN(binaryEntropy(e))).toBe(false);
  });
});
