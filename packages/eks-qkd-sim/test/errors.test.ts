import { describe, expect, it } from 'vitest';
import { checkInteger, checkRange, QkdError } from '../src/errors.js';
import { codeOf } from './expect-error.js';

describe('QkdError', () => {
  it('carries the code and field, is named QkdError and says both in its message', () => {
    const e = new QkdError('KEY_EXHAUSTED', 'number', 'too few keys');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('QkdError');
    expect(e.code).toBe('KEY_EXHAUSTED');
    expect(e.field).toBe('number');
    expect(e.message).toBe('KEY_EXHAUSTED (number): too few keys');
  });
});

describe('checkRange', () => {
  it.each<[unknown, string]>([
    [0.5, 'ok'],
    [0.25, 'ok'],
    [1, 'ok'],
    [0.2499, 'INVALID_PARAMETER:p'],
    [1.0001, 'INVALID_PARAMETER:p'],
    [Number.NaN, 'INVALID_PARAMETER:p'],
    [Number.POSITIVE_INFINITY, 'INVALID_PARAMETER:p'],
    ['0.5', 'INVALID_PARAMETER:p'],
  ])('checkRange(p, %s, 0.25, 1) → %s', (value, expected) => {
    expect(codeOf(() => checkRange('p', value, 0.25, 1))).toBe(expected);
  });

  it('returns the value', () => {
    expect(checkRange('p', 0.75, 0, 1)).toBe(0.75);
    expect(checkRange('p', -3, -5, 0)).toBe(-3);
  });
});

describe('checkInteger', () => {
  it.each<[unknown, string]>([
    [2, 'ok'],
    [9, 'ok'],
    [1, 'INVALID_PARAMETER:n'],
    [10, 'INVALID_PARAMETER:n'],
    [2.5, 'INVALID_PARAMETER:n'],
    [Number.NaN, 'INVALID_PARAMETER:n'],
    ['3', 'INVALID_PARAMETER:n'],
  ])('checkInteger(n, %s, 2, 9) → %s', (value, expected) => {
    expect(codeOf(() => checkInteger('n', value, 2, 9))).toBe(expected);
  });

  it('returns the value', () => {
    expect(checkInteger('n', 7, 2, 9)).toBe(7);
  });
});
