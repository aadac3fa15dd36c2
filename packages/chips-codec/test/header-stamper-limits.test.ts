import { describe, expect, it } from 'vitest';
import { HeaderStamper, HOP_LIMIT_MAX, type NodeId } from '../src/index.js';
import { refusal } from './refusal.js';

const stamper = () => new HeaderStamper('0123456789abcdef' as NodeId, (n) => new Uint8Array(n));

describe('HeaderStamper hop limit', () => {
  it.each([0, 1, HOP_LIMIT_MAX])('stamps a hop limit of %i', (hopLimit) => {
    expect(stamper().stamp('qan', { scope: 'job:submit', hopLimit }).hopLimit).toBe(hopLimit);
  });

  it.each([-1, HOP_LIMIT_MAX + 1, 1.5, Number.NaN, -0.5])(
    'refuses a hop limit of %d',
    (hopLimit) => {
      expect(
        refusal(() => stamper().stamp('qan', { scope: 'job:submit', hopLimit })),
      ).toStrictEqual({
        code: 'OUT_OF_RANGE',
        field: 'hopLimit',
        offset: undefined,
      });
    },
  );
});
