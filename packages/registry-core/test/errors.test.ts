import { describe, expect, it } from 'vitest';
import { RegistryError } from '../src/errors.js';

describe('RegistryError', () => {
  it('carries its name, code, field and index, and prefixes the message with the code', () => {
    const e = new RegistryError('RECORD_INVALID', 'alias: not a DNS label', {
      field: 'alias',
      index: 2,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('RegistryError');
    expect(e.message).toBe('RECORD_INVALID: alias: not a DNS label');
    expect([e.code, e.field, e.index]).toStrictEqual(['RECORD_INVALID', 'alias', 2]);
    expect(String(e)).toBe('RegistryError: RECORD_INVALID: alias: not a DNS label');
  });

  it('leaves field and index undefined when not given', () => {
    const e = new RegistryError('BLOCK_HASH', 'mismatch');
    expect([e.field, e.index]).toStrictEqual([undefined, undefined]);
  });
});
