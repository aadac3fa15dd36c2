import { describe, expect, it } from 'vitest';
import { parse, QUriError } from '../src/index.js';

describe('QUriError', () => {
  it('is an Error named QUriError, so logs and stack traces show its kind', () => {
    let thrown: unknown;
    try {
      parse('q://a:1/run');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(QUriError);
    expect(thrown).toBeInstanceOf(Error);
    const e = thrown as QUriError;
    expect(e.name).toBe('QUriError');
    expect(String(e)).toBe('QUriError: a DQN-Alias is a name, not an address');
    expect([e.code, e.offset]).toStrictEqual(['PORT_NOT_ALLOWED', 5]);
  });
});
