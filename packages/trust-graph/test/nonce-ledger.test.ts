import { describe, expect, it } from 'vitest';
import { NonceLedger } from '../src/index.js';
import { failure } from './failure.js';

describe('NonceLedger', () => {
  it.each([[0], [-1], [1.5], [2 ** 53], [Number.NaN]])(
    'rejects nonce %d as INVALID_NONCE at the default field, for check and accept',
    (nonce) => {
      const ledger = new NonceLedger();
      const want = { code: 'INVALID_NONCE', field: 'nonce' };
      expect(failure(() => ledger.check('k', nonce))).toStrictEqual(want);
      expect(failure(() => ledger.accept('k', nonce))).toStrictEqual(want);
      expect(ledger.size).toBe(0);
    },
  );

  it('accepts strictly increasing nonces per key and names the given field on replay', () => {
    const ledger = new NonceLedger();
    ledger.accept('k', 1);
    ledger.accept('k', 5, 'seq');
    ledger.accept('other', Number.MAX_SAFE_INTEGER);
    expect([
      ledger.lastNonce('k'),
      ledger.lastNonce('other'),
      ledger.lastNonce('none'),
    ]).toStrictEqual([5, Number.MAX_SAFE_INTEGER, 0]);
    expect(failure(() => ledger.accept('k', 5, 'seq'))).toStrictEqual({
      code: 'NONCE_REPLAY',
      field: 'seq',
    });
    expect(failure(() => ledger.check('k', 4))).toStrictEqual({
      code: 'NONCE_REPLAY',
      field: 'nonce',
    });
    expect(failure(() => ledger.check('k', 6))).toBe('no error');
    expect([ledger.lastNonce('k'), ledger.size]).toStrictEqual([5, 2]);
  });
});
