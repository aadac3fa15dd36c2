import { encodeCanonical } from '@qcos/chips-codec';
import { hybridSign } from '@qcos/identity';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createGenesisDocument,
  DEFAULT_POLICY,
  decodeGenesisDocument,
  GENESIS_SIGNATURE_CONTEXT,
  type GenesisMember,
  genesisFromDocument,
  MAX_GENESIS_MEMBERS,
  RegistryError,
  relationalTrustPpm,
} from '../src/index.js';
import { hex, qan } from './helpers.js';

const members: GenesisMember[] = [
  { role: 'QAN', publicKey: qan(2).key.publicKey, levelPpm: 1_000_000 },
  { role: 'OPERATOR', publicKey: qan(7).key.publicKey, levelPpm: 900_000 },
];
const doc = createGenesisDocument({ networkId: 'opsnet', anchorKey: qan(1).key, members });

/** A document whose body is `body` (any canonical value), signed by the anchor. */
function signedBody(body: Record<string, unknown>): Uint8Array {
  const bytes = encodeCanonical(body as never);
  const signature = hybridSign(qan(1).key, GENESIS_SIGNATURE_CONTEXT, bytes);
  return encodeCanonical({ body: bytes, signature });
}
const goodBody = (): Record<string, unknown> => ({
  type: 'qcos-network-genesis',
  v: 1,
  networkId: 'opsnet',
  anchorPublicKey: qan(1).key.publicKey,
  policy: { ...DEFAULT_POLICY },
  members: [...members].sort((a, b) => (qanOf(a) < qanOf(b) ? -1 : 1)).map((m) => ({ ...m })),
});
const qanOf = (m: GenesisMember) =>
  m.publicKey === qan(2).key.publicKey ? qan(2).quid : qan(7).quid;

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    expect((e as RegistryError).code).toBe('GENESIS_INVALID');
    return (e as RegistryError).field;
  }
  return 'accepted';
};

describe('network genesis document', () => {
  it('one document gives the same genesis hash and state everywhere', () => {
    const a = genesisFromDocument(decodeGenesisDocument(doc));
    const b = genesisFromDocument(decodeGenesisDocument(new Uint8Array(doc)));
    expect(hex(a.genesisHash)).toBe(hex(b.genesisHash));
    expect(a.headHash).toStrictEqual(a.genesisHash);
    expect(a.anchor).toBe(qan(1).quid);
    // The anchor is not a QAN: only the QAN members may originate blocks.
    expect([...a.qanKeys.keys()]).toStrictEqual([qan(2).quid]);
    expect([...a.operatorKeys.keys()]).toStrictEqual([qan(7).quid]);
    expect(relationalTrustPpm(a, a.anchor, qan(7).quid)).toBe(900_000);
  });

  it('the member order given does not change the bytes', () => {
    const reversed = createGenesisDocument({
      networkId: 'opsnet',
      anchorKey: qan(1).key,
      members: [...members].reverse(),
    });
    expect(hex(reversed)).toBe(hex(doc));
  });

  it('refuses a signature by another key, naming the field', () => {
    const body = encodeCanonical(goodBody() as never);
    const forged = encodeCanonical({
      body,
      signature: hybridSign(qan(2).key, GENESIS_SIGNATURE_CONTEXT, body),
    });
    expect(fieldOf(() => decodeGenesisDocument(forged))).toBe('signature');
  });

  it('refuses bad bodies with the field at fault', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...goodBody(), networkId: 'Not A Label' }, 'body.networkId'],
      [{ ...goodBody(), v: 2 }, 'body.type'],
      [{ ...goodBody(), extra: 1 }, 'body.extra'],
      [
        { ...goodBody(), members: [...(goodBody().members as object[])].reverse() },
        'body.members.1.publicKey',
      ],
      [
        {
          ...goodBody(),
          members: [{ role: 'ROOT', publicKey: qan(2).key.publicKey, levelPpm: 1 }],
        },
        'body.members.0.role',
      ],
      [
        { ...goodBody(), members: [{ role: 'QAN', publicKey: qan(2).key.publicKey, levelPpm: 0 }] },
        'body.members.0.levelPpm',
      ],
      [
        { ...goodBody(), members: [{ role: 'QAN', publicKey: qan(1).key.publicKey, levelPpm: 1 }] },
        'body.members.0.publicKey',
      ],
      [
        { ...goodBody(), policy: { ...DEFAULT_POLICY, minFidelityPpm: 2_000_000 } },
        'body.policy.minFidelityPpm',
      ],
      [{ ...goodBody(), members: new Array(MAX_GENESIS_MEMBERS + 1).fill(0) }, 'body.members'],
    ];
    for (const [body, field] of cases)
      expect(fieldOf(() => decodeGenesisDocument(signedBody(body)))).toBe(field);
  });

  it('never throws anything but GENESIS_INVALID on arbitrary or mutated bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .tuple(fc.nat(doc.length - 1), fc.integer({ min: 1, max: 255 }))
            .map(([i, x]) => doc.map((v, j) => (j === i ? v ^ x : v))),
        ),
        (bytes) => {
          expect(fieldOf(() => decodeGenesisDocument(bytes))).not.toBe('accepted');
        },
      ),
      { numRuns: 60 },
    );
  });
});
