import { describe, expect, it } from 'vitest';
import { isCapabilityScope } from '../src/index.js';

describe('isCapabilityScope', () => {
  it.each([
    ['job:submit', true],
    ['ent.req', true],
    ['a'.repeat(64), true],
    [`job:${'x'.repeat(60)}`, true],
    ['a'.repeat(65), false],
    [`job:${'x'.repeat(61)}`, false],
    ['Job:submit', false],
    ['job:', false],
    ['1job', false],
    ['', false],
  ])('%s -> %s (segments of [a-z][a-z0-9._-]*, at most 64 bytes)', (scope, ok) => {
    expect(isCapabilityScope(scope)).toBe(ok);
  });
});
