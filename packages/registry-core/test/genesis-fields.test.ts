/** The genesis document field by field: each refusal names its field, each bound on both sides. */
import { encodeCanonical } from '@qcos/chips-codec';
import { HYBRID_SIGNATURE_LENGTH, hybridSign } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import {
  createGenesisDocument,
  DEFAULT_POLICY,
  decodeGenesisDocument,
  GENESIS_SIGNATURE_CONTEXT,
  genesisFromDocument,
  MAX_GENESIS_DOCUMENT_BYTES,
  MAX_GENESIS_MEMBERS,
} from '../src/index.js';
import { qan, refusal } from './helpers.js';

const member = (n: number, levelPpm: number, role = 'QAN') => ({
  role,
  publicKey: qan(n).key.publicKey,
  levelPpm,
});
const body = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'qcos-network-genesis',
  v: 1,
  networkId: 'opsnet',
  anchorPublicKey: qan(1).key.publicKey,
  policy: { ...DEFAULT_POLICY },
  members: [member(2, 1)],
  ...over,
});
const sign = (b: unknown): Uint8Array => {
  const bytes = encodeCanonical(b as never);
  return encodeCanonical({
    body: bytes,
    signature: hybridSign(qan(1).key, GENESIS_SIGNATURE_CONTEXT, bytes),
  });
};

const invalid = (field: string) => ({ code: 'GENESIS_INVALID', field });

describe('decodeGenesisDocument fields', () => {
  it('accepts member levels 1 and 1 000 000 and keeps the body’s policy', () => {
    const policy = { ...DEFAULT_POLICY, version: 4, hysteresisHeartbeats: 2 };
    const [a, b] = [member(2, 1), member(3, 1_000_000)].sort((x, y) =>
      quidOf(x.publicKey) < quidOf(y.publicKey) ? -1 : 1,
    );
    const doc = decodeGenesisDocument(sign(body({ policy, members: [a, b] })));
    expect(doc.policy).toStrictEqual(policy);
    expect(doc.members).toStrictEqual([a, b]);
  });

  const sig = hybridSign(qan(1).key, GENESIS_SIGNATURE_CONTEXT, encodeCanonical(body() as never));
  const cases: [string, Uint8Array, ReturnType<typeof invalid>][] = [
    ['a document that is a list', encodeCanonical([1] as never), invalid('document')],
    ['a document that is a number', encodeCanonical(5), invalid('document')],
    ['a document that is null', encodeCanonical(null), invalid('document')],
    [
      'a document without a signature',
      encodeCanonical({ body: encodeCanonical(body() as never) }),
      invalid('signature'),
    ],
    [
      'a document with an extra key',
      encodeCanonical({ body: new Uint8Array(1), signature: sig, x: 1 }),
      invalid('x'),
    ],
    ['a body that is not bytes', encodeCanonical({ body: 1, signature: sig }), invalid('body')],
    [
      'a signature one byte short',
      encodeCanonical({
        body: encodeCanonical(body() as never),
        signature: sig.subarray(0, HYBRID_SIGNATURE_LENGTH - 1),
      }),
      invalid('signature'),
    ],
    [
      'a signature that is a string of signature length',
      encodeCanonical({
        body: encodeCanonical(body() as never),
        signature: 'x'.repeat(HYBRID_SIGNATURE_LENGTH),
      }),
      invalid('signature'),
    ],
    [
      'a body with a byte after its value',
      encodeCanonical({ body: Uint8Array.of(1, 2), signature: sig }),
      invalid('@1'),
    ],
    ['a body that is a list', sign([1]), invalid('body')],
    ['a body without v', sign({ ...body(), v: undefined }), invalid('body.v')],
    ['a body without members', sign({ ...body(), members: undefined }), invalid('body.members')],
    ['another document type', sign(body({ type: 'qcos-genesis' })), invalid('body.type')],
    [
      'a short anchor key',
      sign(body({ anchorPublicKey: new Uint8Array(32) })),
      invalid('body.anchorPublicKey'),
    ],
    ['a policy that is a list', sign(body({ policy: [1] })), invalid('body.policy')],
    [
      'a policy with an unknown field',
      sign(body({ policy: { ...DEFAULT_POLICY, x: 1 } })),
      invalid('body.policy.x'),
    ],
    [
      'a policy window of 0',
      sign(body({ policy: { ...DEFAULT_POLICY, fidelityWindow: 0 } })),
      invalid('body.policy.fidelityWindow'),
    ],
    ['members that are not a list', sign(body({ members: 1 })), invalid('body.members')],
    [
      `${MAX_GENESIS_MEMBERS} members, the most allowed, checked one by one`,
      sign(body({ members: new Array(MAX_GENESIS_MEMBERS).fill(0) })),
      invalid('body.members.0'),
    ],
    ['a member that is not a map', sign(body({ members: [1] })), invalid('body.members.0')],
    [
      'a member without a level',
      sign(body({ members: [{ role: 'QAN', publicKey: qan(2).key.publicKey }] })),
      invalid('body.members.0.levelPpm'),
    ],
    [
      'a member key of 32 bytes',
      sign(body({ members: [{ ...member(2, 1), publicKey: new Uint8Array(32) }] })),
      invalid('body.members.0.publicKey'),
    ],
    [
      'a member level over 1 000 000',
      sign(body({ members: [member(2, 1_000_001)] })),
      invalid('body.members.0.levelPpm'),
    ],
    [
      'a member level of 1.5',
      sign(body({ members: [member(2, 1.5)] })),
      invalid('body.members.0.levelPpm'),
    ],
    [
      'a member listed twice',
      sign(body({ members: [member(2, 1), member(2, 5)] })),
      invalid('body.members.1.publicKey'),
    ],
  ];
  for (const [name, bytes, want] of cases) {
    it(`refuses ${name}: at ${want.field}`, () => {
      expect(refusal(() => decodeGenesisDocument(bytes))).toStrictEqual(want);
    });
  }

  it('refuses a value that is not bytes', () => {
    expect(refusal(() => decodeGenesisDocument('x' as never))).toStrictEqual(invalid('document'));
  });

  const create = (members: ReturnType<typeof member>[]) => () =>
    createGenesisDocument({
      networkId: 'opsnet',
      anchorKey: qan(1).key,
      members: members as never,
    });

  it('creating a document over MAX_GENESIS_DOCUMENT_BYTES is GENESIS_INVALID', () => {
    const huge = { ...member(2, 1), publicKey: new Uint8Array(MAX_GENESIS_DOCUMENT_BYTES) };
    expect(refusal(create([huge]))).toStrictEqual({ code: 'GENESIS_INVALID', field: undefined });
  });

  it('creating a document sorts members stably: of one key listed twice, the first is checked first', () => {
    expect(refusal(create([member(2, 0), member(2, 5)]))).toStrictEqual(
      invalid('body.members.0.levelPpm'),
    );
    expect(refusal(create([member(2, 5), member(2, 0)]))).toStrictEqual(
      invalid('body.members.1.levelPpm'),
    );
  });

  it('creating a document refuses a member out of range before signing', () => {
    expect(refusal(create([member(2, 0)]))).toStrictEqual(invalid('body.members.0.levelPpm'));
  });
});

describe('genesisFromDocument', () => {
  it('a network without members has no trust edges, keys or entries', () => {
    const s = genesisFromDocument(
      decodeGenesisDocument(
        createGenesisDocument({ networkId: 'solo', anchorKey: qan(1).key, members: [] }),
      ),
    );
    expect(s.trustEdges.size).toBe(0);
    expect(s.qanKeys.size).toBe(0);
    expect(s.operatorKeys.size).toBe(0);
    expect(s.height).toBe(0);
    expect(s.lamport).toBe(0);
    expect(s.networkId).toBe('solo');
    expect(s.policy).toStrictEqual(DEFAULT_POLICY);
  });

  it('the anchor trusts each member at its level, in its role', () => {
    const doc = decodeGenesisDocument(
      createGenesisDocument({
        networkId: 'opsnet',
        anchorKey: qan(1).key,
        members: [member(2, 700_000) as never, member(7, 1, 'OPERATOR') as never],
      }),
    );
    const s = genesisFromDocument(doc);
    expect(s.trustEdges).toStrictEqual(
      new Map([
        [
          qan(1).quid,
          new Map([
            [qan(2).quid, 700_000],
            [qan(7).quid, 1],
          ]),
        ],
      ]),
    );
    expect(s.qanKeys.get(qan(2).quid)).toStrictEqual(qan(2).key.publicKey);
    expect(s.operatorKeys.get(qan(7).quid)).toStrictEqual(qan(7).key.publicKey);
  });
});

function quidOf(k: Uint8Array): string {
  for (const n of [2, 3]) if (qan(n).key.publicKey === k) return qan(n).quid;
  throw new Error('unknown key');
}
