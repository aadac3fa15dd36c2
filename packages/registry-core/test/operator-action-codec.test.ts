/** decodeOperatorAction field by field, and the action id and signature helpers. */
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeCanonical } from '@qcos/chips-codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeOperatorAction,
  encodeOperatorAction,
  MAX_OPERATOR_ACTION_BYTES,
  type OperatorAction,
  openOperatorAction,
  operatorActionId,
  RegistryError,
  signOperatorAction,
  verifyOperatorSignature,
} from '../src/index.js';
import { hex, qan } from './helpers.js';

const action: OperatorAction = {
  genesisHash: new Uint8Array(32).fill(9),
  seq: 1,
  atMs: 0,
  record: { kind: 'DEREGISTER', alias: 'rigel', atMs: 0 },
};
const raw = (o: object) =>
  encodeCanonical({ type: 'qcos-operator-action', v: 1, ...action, ...o } as never);

function refusal(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { code: e.code, field: e.field, index: e.index };
  }
  return null;
}
const invalid = (field: string, index = 5) => ({ code: 'RECORD_INVALID', field, index });

describe('decodeOperatorAction', () => {
  it('accepts seq 1 and atMs 0 and the largest safe integers', () => {
    expect(decodeOperatorAction(raw({}), 5)).toStrictEqual(action);
    const big = { seq: Number.MAX_SAFE_INTEGER, atMs: Number.MAX_SAFE_INTEGER };
    expect(decodeOperatorAction(raw(big), 5)).toStrictEqual({ ...action, ...big });
  });

  const bad: [string, Uint8Array, ReturnType<typeof invalid>][] = [
    ['bytes that are not canonical', Uint8Array.of(0xff, 0x00), invalid('action')],
    ['an array', encodeCanonical([1] as never), invalid('action')],
    ['a number', encodeCanonical(5), invalid('action')],
    ['null', encodeCanonical(null), invalid('action')],
    ['a byte string', encodeCanonical(new Uint8Array(3) as never), invalid('action')],
    ['an unknown key', raw({ extra: 1 }), invalid('action.extra')],
    ['another type', raw({ type: 'qcos-action' }), invalid('action.type')],
    ['version 2', raw({ v: 2 }), invalid('action.type')],
    [
      'a 31-byte genesis hash',
      raw({ genesisHash: new Uint8Array(31) }),
      invalid('action.genesisHash'),
    ],
    [
      'a genesis hash that is a string',
      raw({ genesisHash: 'x'.repeat(32) }),
      invalid('action.genesisHash'),
    ],
    ['seq 0', raw({ seq: 0 }), invalid('action.seq')],
    ['seq as a string', raw({ seq: '1' }), invalid('action.seq')],
    ['seq 1.5', raw({ seq: 1.5 }), invalid('action.seq')],
    ['a negative atMs', raw({ atMs: -1 }), invalid('action.atMs')],
    [
      'a record of a kind no operator decides',
      raw({ record: { kind: 'EKS_SYNC', alias: 'rigel', atMs: 0 } }),
      {
        code: 'RECORD_UNKNOWN_KIND',
        field: 'action.record.kind',
        index: 5,
      },
    ],
    [
      'a bad record field',
      raw({ record: { kind: 'DEREGISTER', alias: 'Rigel', atMs: 0 } }),
      invalid('action.record.alias'),
    ],
  ];
  for (const [name, bytes, want] of bad) {
    it(`refuses ${name}: ${want.code} at ${want.field}`, () => {
      expect(refusal(() => decodeOperatorAction(bytes, 5))).toStrictEqual(want);
    });
  }

  it('a refusal without an index names index -1, from decodeOperatorAction and openOperatorAction', () => {
    const bytes = raw({ seq: 0 });
    expect(refusal(() => decodeOperatorAction(bytes))).toStrictEqual(invalid('action.seq', -1));
    expect(
      refusal(() => openOperatorAction({ action: bytes, signerKey: qan(7).key.publicKey })),
    ).toStrictEqual(invalid('action.seq', -1));
  });

  it('refuses mutated action bytes with a typed error, or decodes them to the same canonical bytes', () => {
    const good = encodeOperatorAction(action);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bytes = good.map((v, j) => (j === i ? v ^ x : v));
        const r = refusal(() =>
          expect(hex(encodeOperatorAction(decodeOperatorAction(bytes)))).toBe(hex(bytes)),
        );
        if (r) expect(r.code).toMatch(/^RECORD_(INVALID|UNKNOWN_KIND)$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('operator action helpers', () => {
  const signedBody = signOperatorAction(action, qan(7).key);

  it('the id is the hex SHA-256 of the action bytes', () => {
    expect(operatorActionId(signedBody.action)).toBe(hex(sha256(signedBody.action)));
  });

  it('opening names the signer and the decoded action; the signature verifies only unchanged', () => {
    expect(openOperatorAction(signedBody)).toStrictEqual({ action, signer: qan(7).quid });
    expect(verifyOperatorSignature(signedBody)).toBe(true);
    expect(verifyOperatorSignature({ ...signedBody, signerKey: qan(8).key.publicKey })).toBe(false);
  });

  it('encoding refuses an action over MAX_OPERATOR_ACTION_BYTES as RECORD_INVALID', () => {
    const genesisHash = new Uint8Array(MAX_OPERATOR_ACTION_BYTES);
    expect(refusal(() => encodeOperatorAction({ ...action, genesisHash }))).toStrictEqual({
      code: 'RECORD_INVALID',
      field: undefined,
      index: undefined,
    });
  });

  it('encoding refuses a record no operator decides before signing', () => {
    expect(
      refusal(() =>
        encodeOperatorAction({
          ...action,
          record: { kind: 'EKS_SYNC', alias: 'rigel', atMs: 0 } as never,
        }),
      ),
    ).toStrictEqual({ code: 'RECORD_UNKNOWN_KIND', field: 'action.record.kind', index: -1 });
  });
});
