import { describe, expect, it } from 'vitest';
import {
  CipherState,
  expandExporterSecret,
  type NoiseHash,
  nobleAead,
  SecureSession,
  type SessionInfo,
  SHA256,
} from '../src/index.js';
import { errorOf } from './error-of.js';

const master = new Uint8Array(32).fill(0x33);
const EMPTY = new Uint8Array(0);

/** SHA-256 that counts its HMAC calls. */
function countingSha256(): { hash: NoiseHash; calls: () => number } {
  let n = 0;
  const hash: NoiseHash = {
    ...SHA256,
    hmac: (key, data) => {
      n++;
      return SHA256.hmac(key, data);
    },
  };
  return { hash, calls: () => n };
}

describe('expandExporterSecret', () => {
  it.each([
    ['a number', 42],
    ['undefined', undefined],
  ])('a label that is %s is INVALID_ARGUMENT at label', (_, label) => {
    const f = () => expandExporterSecret(SHA256, master, label as unknown as string, EMPTY, 32);
    expect(errorOf(f)).toStrictEqual({
      code: 'INVALID_ARGUMENT',
      field: 'label',
      offset: undefined,
    });
  });

  it.each([
    [1, 1],
    [32, 1],
    [33, 2],
    [64, 2],
  ])('a %i-byte secret takes %i HMAC block(s) of SHA-256', (length, blocks) => {
    const { hash, calls } = countingSha256();
    const out = expandExporterSecret(hash, master, 'label', EMPTY, length);
    expect(out.length).toBe(length);
    expect(calls()).toBe(blocks);
  });
});

describe('SecureSession.exportSecret', () => {
  it('a session built without an exporter secret is HANDSHAKE_STATE', () => {
    const key = new Uint8Array(32).fill(1);
    const session = new SecureSession(
      new CipherState(nobleAead.ChaChaPoly, key),
      new CipherState(nobleAead.ChaChaPoly, key),
      {} as SessionInfo,
    );
    expect(errorOf(() => session.exportSecret('label', EMPTY, 32))?.code).toBe('HANDSHAKE_STATE');
  });
});
