import { describe, expect, it } from 'vitest';
import { decodeIdentityPayload, encodeIdentityPayload } from '../src/index.js';
import { errorOf } from './error-of.js';

const I = 0x49;
const R = 0x52;
const parts = { certificate: Uint8Array.of(0xc1), attestation: Uint8Array.of(0xa1, 0xa2) };

describe('identity payload encoding', () => {
  it('an initiator without a scope writes an empty scope', () => {
    const bytes = encodeIdentityPayload('initiator', {
      scope: undefined,
      ...parts,
      appData: Uint8Array.of(0xdd),
    });
    expect(bytes).toStrictEqual(Uint8Array.of(I, 0, 0, 1, 0xc1, 0, 2, 0xa1, 0xa2, 0xdd));
  });

  it('a responder payload round-trips without a scope', () => {
    const p = { scope: undefined, ...parts, appData: Uint8Array.of(7) };
    const bytes = encodeIdentityPayload('responder', p);
    expect(bytes[0]).toBe(R);
    expect(decodeIdentityPayload('responder', bytes)).toStrictEqual(p);
  });
});

describe('identity payload decoding errors', () => {
  it.each([
    ['an empty payload', 'kind', 'initiator', [], 0],
    ['a responder payload read as the initiator', 'kind', 'initiator', [R, 0, 0, 0, 0], 0],
    [
      'an initiator payload read as the responder',
      'kind',
      'responder',
      [I, 1, 0x6a, 0, 0, 0, 0],
      0,
    ],
    ['a truncated scope', 'scope', 'initiator', [I, 3, 0x6a], 2],
    ['an empty scope', 'scope', 'initiator', [I, 0, 0, 0, 0, 0], 1],
    ['a scope that is not UTF-8', 'scope', 'initiator', [I, 1, 0xff, 0, 0, 0, 0], 1],
    ['a truncated certificate', 'certificate', 'responder', [R, 0, 2, 0xc1], 3],
    ['a truncated attestation', 'attestation', 'responder', [R, 0, 0, 0, 2, 0xa1], 5],
  ] as const)('%s is MALFORMED_MESSAGE at %s', (_, field, role, bytes, offset) => {
    expect(errorOf(() => decodeIdentityPayload(role, Uint8Array.from(bytes)))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field,
      offset,
    });
  });
});
