import { describe, expect, it } from 'vitest';
import { ChipsError } from '../src/index.js';

describe('ChipsError', () => {
  it('is named ChipsError and keeps code, detail, field and offset apart', () => {
    const e = new ChipsError('WRONG_TYPE', 'expected a string', 12, 'scope');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.detail, e.field, e.offset]).toStrictEqual([
      'ChipsError',
      'WRONG_TYPE',
      'expected a string',
      'scope',
      12,
    ]);
  });

  it.each([
    [undefined, undefined, 'TRUNCATED: input ended'],
    ['hopLimit', undefined, 'TRUNCATED: input ended (field hopLimit)'],
    [undefined, 7, 'TRUNCATED: input ended at byte 7'],
    [undefined, 0, 'TRUNCATED: input ended at byte 0'],
    ['frame', 7, 'TRUNCATED: input ended (field frame) at byte 7'],
  ])(
    'the message is code, detail, then field %s and offset %s when given',
    (field, offset, message) => {
      expect(new ChipsError('TRUNCATED', 'input ended', offset, field).message).toBe(message);
    },
  );

  it.each([
    [5, 100, 105],
    [undefined, 100, 100],
    [0, 4, 4],
  ])(
    'shifted moves offset %s by %s bytes to %s, keeping code, detail and field',
    (offset, delta, moved) => {
      const e = new ChipsError('NOT_NFC', 'not NFC', offset, 'detail').shifted(delta);
      expect(e).toBeInstanceOf(ChipsError);
      expect([e.code, e.detail, e.field, e.offset]).toStrictEqual([
        'NOT_NFC',
        'not NFC',
        'detail',
        moved,
      ]);
    },
  );
});
