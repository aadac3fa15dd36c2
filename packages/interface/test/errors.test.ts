import { describe, expect, it } from 'vitest';
import {
  HeadConflictError,
  isHeadConflict,
  isStoreError,
  StoreError,
  sameHead,
} from '../src/index.js';

const head = (height: number, ...hash: number[]) => ({ height, hash: new Uint8Array(hash) });

describe('store errors', () => {
  it('a head conflict is a STORE_CONFLICT carrying both heads', () => {
    const e = new HeadConflictError(head(1, 1), head(2, 2), 2);
    expect(e.code).toBe('STORE_CONFLICT');
    expect(e.actual).toEqual(head(2, 2));
    expect(e.details).toEqual({ expected: head(1, 1), actual: head(2, 2), height: 2 });
    expect(isHeadConflict(e)).toBe(true);
    expect(isStoreError(e, 'STORE_CONFLICT')).toBe(true);
    expect(isStoreError(e, 'STORE_CLOSED')).toBe(false);
  });

  it('recognises store errors by shape, and nothing else', () => {
    const plain = new StoreError('STORE_CLOSED', 'closed');
    expect(isStoreError(plain)).toBe(true);
    expect(isHeadConflict(plain)).toBe(false);
    const foreign = Object.assign(new Error('x'), { code: 'STORE_CORRUPT', details: {} });
    expect(isStoreError(foreign, 'STORE_CORRUPT')).toBe(true);
    expect(isStoreError(new Error('x'))).toBe(false);
    expect(isStoreError({ code: 'STORE_CLOSED', details: {} })).toBe(false);
  });

  it('compares heads by height and hash bytes', () => {
    expect(sameHead(null, null)).toBe(true);
    expect(sameHead(head(1, 1), null)).toBe(false);
    expect(sameHead(head(1, 1, 2), head(1, 1, 2))).toBe(true);
    expect(sameHead(head(1, 1, 2), head(1, 1, 3))).toBe(false);
    expect(sameHead(head(1, 1), head(2, 1))).toBe(false);
  });
});
