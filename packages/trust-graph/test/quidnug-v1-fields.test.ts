import { readFileSync } from 'node:fs';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  acceptQuidnugIdentityTx,
  acceptQuidnugTrustTx,
  NonceLedger,
  parseQuidnugTx,
  type QuidnugIdentityTx,
  type QuidnugTrustTx,
  type QuidnugTx,
  quidnugSignableBytes,
  quidnugSignableDigest,
  quidnugSignerQuid,
  quidnugTxId,
  signQuidnugTx,
  TrustGraphError,
  verifyP256Signature,
} from '../src/index.js';
import { failure } from './failure.js';

const ref = new URL('../../../conformance/reference/quidnug-v1.0/', import.meta.url);
type Key = { private_scalar_hex: string; quid_id: string };
const key = (name: string): Key =>
  JSON.parse(readFileSync(new URL(`test-keys/key-${name}.json`, ref), 'utf8')) as Key;

let alice: Key;
let bob: Key;
let carol: Key;
const keys = () => {
  alice ??= key('alice');
  bob ??= key('bob');
  carol ??= key('carol');
};

/** A TRUST transaction from alice to bob, signed by `signer` (alice unless given). */
function trust(over: Partial<QuidnugTrustTx> = {}, signer?: Key): QuidnugTrustTx {
  keys();
  const tx: QuidnugTrustTx = {
    id: '',
    type: 'TRUST',
    trustDomain: 'example.domain',
    timestamp: 1_000,
    signature: '',
    publicKey: '',
    truster: alice.quid_id,
    trustee: bob.quid_id,
    trustLevel: 0.5,
    nonce: 1,
    ...over,
  };
  return signQuidnugTx(tx, (signer ?? alice).private_scalar_hex);
}

/** An IDENTITY transaction for alice (created by alice), signed by `signer`. */
function identity(over: Partial<QuidnugIdentityTx> = {}, signer?: Key): QuidnugIdentityTx {
  keys();
  const tx: QuidnugIdentityTx = {
    id: '',
    type: 'IDENTITY',
    trustDomain: 'example.domain',
    timestamp: 1_000,
    signature: '',
    publicKey: '',
    quidId: alice.quid_id,
    name: 'alice',
    creator: alice.quid_id,
    updateNonce: 1,
    ...over,
  };
  return signQuidnugTx(tx, (signer ?? alice).private_scalar_hex);
}

const acceptTrust = (tx: QuidnugTrustTx) => () => acceptQuidnugTrustTx(tx, new NonceLedger());
const acceptIdentity = (tx: QuidnugIdentityTx) => () =>
  acceptQuidnugIdentityTx(tx, new NonceLedger());

describe('parseQuidnugTx field checks', () => {
  const trustJson = {
    id: 'i',
    type: 'TRUST',
    trustDomain: 'd',
    timestamp: 1,
    signature: 's',
    publicKey: 'p',
    truster: 'a',
    trustee: 'b',
    trustLevel: 0.5,
    nonce: 1,
  };
  const identityJson = {
    id: 'i',
    type: 'IDENTITY',
    trustDomain: 'd',
    timestamp: 1,
    signature: 's',
    publicKey: 'p',
    quidId: 'q',
    name: 'n',
    creator: 'c',
    updateNonce: 1,
  };

  it.each([
    ['trustDomain', 7],
    ['timestamp', '1'],
    ['timestamp', 1.5],
    ['signature', null],
    ['publicKey', 1],
    ['truster', 1],
    ['trustee', 1],
    ['trustLevel', '0.5'],
    ['nonce', 1.5],
    ['validUntil', 1.5],
    ['description', 1],
  ])('rejects TRUST with a bad %s (%j) naming that field', (name, value) => {
    expect(failure(() => parseQuidnugTx({ ...trustJson, [name]: value }))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: name,
    });
  });

  it.each([
    ['quidId', 1],
    ['name', 1],
    ['creator', 1],
    ['updateNonce', '1'],
    ['homeDomain', 1],
    ['attributes', []],
    ['attributes', null],
    ['attributes', 'x'],
  ])('rejects IDENTITY with a bad %s (%j) naming that field', (name, value) => {
    expect(failure(() => parseQuidnugTx({ ...identityJson, [name]: value }))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: name,
    });
  });

  it.each([[null], [[]], ['tx'], [3]])('rejects a non-object (%j) at "$"', (json) => {
    expect(failure(() => parseQuidnugTx(json))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: '$',
    });
  });

  it('rejects an unknown type at "type", even with IDENTITY fields present', () => {
    expect(failure(() => parseQuidnugTx({ ...identityJson, type: 'OTHER' }))).toStrictEqual({
      code: 'INVALID_RECORD',
      field: 'type',
    });
  });

  it('keeps only the fields present: no attributes key when absent, the object when given', () => {
    expect(parseQuidnugTx(identityJson)).toStrictEqual(identityJson);
    const withAttrs = { ...identityJson, attributes: { k: [1, 'v'] }, homeDomain: 'h' };
    expect(parseQuidnugTx(withAttrs)).toStrictEqual(withAttrs);
    const withExpiry = { ...trustJson, validUntil: 5, description: 'x' };
    expect(parseQuidnugTx(withExpiry)).toStrictEqual(withExpiry);
  });
});

describe('Quidnug signable bytes, digest and id', () => {
  const text = (tx: QuidnugTx) => new TextDecoder().decode(quidnugSignableBytes(tx));

  it('omits empty attributes and writes non-empty ones in sorted key order', () => {
    const plain = identity();
    expect(text({ ...plain, attributes: {} })).toBe(text(plain));
    expect(text({ ...plain, attributes: { b: 1, a: 'x' } })).toContain(
      '"attributes":{"a":"x","b":1},"creator"',
    );
  });

  it('the digest is SHA-256 of the signable bytes', () => {
    const tx = trust();
    expect(quidnugSignableDigest(tx)).toStrictEqual(sha256(quidnugSignableBytes(tx)));
  });

  it.each([
    ['timestamp', { timestamp: 1.5 }],
    ['trustLevel', { trustLevel: Number.NaN }],
    ['nonce', { nonce: 2 ** 53 }],
    ['validUntil', { validUntil: 0.5 }],
  ])('signable bytes of TRUST name %s when it has no JSON form', (name, patch) => {
    expect(failure(() => quidnugSignableBytes({ ...trust(), ...patch }))).toStrictEqual({
      code: 'UNSUPPORTED_VALUE',
      field: name,
    });
  });

  it.each([
    ['updateNonce', { updateNonce: 1.5 }],
    ['attributes.k', { attributes: { k: Number.POSITIVE_INFINITY } }],
  ])('signable bytes of IDENTITY name %s when it has no JSON form', (name, patch) => {
    expect(failure(() => quidnugSignableBytes({ ...identity(), ...patch }))).toStrictEqual({
      code: 'UNSUPPORTED_VALUE',
      field: name,
    });
  });

  it.each([
    ['timestamp', () => ({ ...trust(), timestamp: 1.5 })],
    ['trustLevel', () => ({ ...trust(), trustLevel: Number.NaN })],
    ['updateNonce', () => ({ ...identity(), updateNonce: 1.5 })],
    ['timestamp', () => ({ ...identity(), timestamp: 1.5 })],
  ])('the id names %s when it has no JSON form', (name, make) => {
    expect(failure(() => quidnugTxId(make()))).toStrictEqual({
      code: 'UNSUPPORTED_VALUE',
      field: name,
    });
  });
});

describe('verifyP256Signature', () => {
  const order = p256.Point.CURVE().n;

  it('accepts a high-S signature, as Go ecdsa.Verify does', () => {
    const tx = trust();
    const r = tx.signature.slice(0, 64);
    const s = BigInt(`0x${tx.signature.slice(64)}`);
    const highS = `${r}${(order - s).toString(16).padStart(64, '0')}`;
    expect(highS).not.toBe(tx.signature);
    expect(verifyP256Signature(tx.publicKey, quidnugSignableBytes(tx), highS)).toBe(true);
  });

  type Sig = { publicKey: string; signature: string };
  it.each([
    ['upper-case public key', (t: Sig) => ({ ...t, publicKey: t.publicKey.toUpperCase() })],
    ['upper-case signature', (t: Sig) => ({ ...t, signature: t.signature.toUpperCase() })],
    ['non-string public key', (t: Sig) => ({ ...t, publicKey: 7 as never })],
    ['non-string signature', (t: Sig) => ({ ...t, signature: 7 as never })],
    ['key not on the curve', (t: Sig) => ({ ...t, publicKey: `04${'00'.repeat(64)}` })],
  ])('returns false, without throwing, for a %s', (_name, spoil) => {
    const tx = trust();
    const message = quidnugSignableBytes(tx);
    expect(verifyP256Signature(tx.publicKey, message, tx.signature)).toBe(true);
    const { publicKey, signature } = spoil(tx);
    expect(verifyP256Signature(publicKey, message, signature)).toBe(false);
  });
});

describe('acceptQuidnugTrustTx', () => {
  it('names publicKey when the key is not uncompressed SEC1', () => {
    expect(failure(() => quidnugSignerQuid('02abcd'))).toStrictEqual({
      code: 'BAD_PUBLIC_KEY',
      field: 'publicKey',
    });
  });

  it.each([[0], [0.25], [1]])('accepts trust level %d', (trustLevel) => {
    expect(failure(acceptTrust(trust({ trustLevel })))).toBe('no error');
  });

  it.each([[-0.1], [1.1], [Number.NaN], [Number.POSITIVE_INFINITY], ['0.5' as never]])(
    'rejects trust level %s with INVALID_LEVEL',
    (trustLevel) => {
      expect(failure(acceptTrust({ ...trust(), trustLevel }))).toStrictEqual({
        code: 'INVALID_LEVEL',
        field: 'trustLevel',
      });
    },
  );

  it.each([[undefined], [0], [1_001]])(
    'accepts validUntil %s with timestamp 1000',
    (validUntil) => {
      expect(failure(acceptTrust(trust(validUntil === undefined ? {} : { validUntil })))).toBe(
        'no error',
      );
    },
  );

  it.each([[1_000], [999]])('rejects validUntil %d, not after timestamp 1000', (validUntil) => {
    expect(failure(acceptTrust(trust({ validUntil })))).toStrictEqual({
      code: 'EXPIRY_NOT_AFTER_TIMESTAMP',
      field: 'validUntil',
    });
  });

  it('accepts a description of exactly 4096 UTF-8 bytes, rejects one more', () => {
    const fits = `${'é'.repeat(2047)}xy`;
    expect(failure(acceptTrust(trust({ description: fits })))).toBe('no error');
    expect(failure(acceptTrust(trust({ description: `${fits}z` })))).toStrictEqual({
      code: 'DESCRIPTION_TOO_LONG',
      field: 'description',
    });
  });

  it.each([['\t'], ['\n'], ['\r'], [' '], ['\u0080'], ['~']])(
    'accepts %j in a description',
    (c) => {
      expect(failure(acceptTrust(trust({ description: `ab${c}` })))).toBe('no error');
    },
  );

  it.each([['\u0000'], ['\u0008'], ['\u000b'], ['\u001f'], ['\u007f']])(
    'rejects control character %j with its index',
    (c) => {
      expect(failure(acceptTrust(trust({ description: `abc${c}` })))).toStrictEqual({
        code: 'INVALID_CHARACTER',
        field: 'description[3]',
      });
    },
  );

  it.each([
    ['truster', { truster: 'x' }],
    ['trustee', { trustee: 'x' }],
  ])('rejects a %s that is not a quid', (name, patch) => {
    expect(failure(acceptTrust(trust(patch)))).toStrictEqual({
      code: 'INVALID_QUID',
      field: name,
    });
  });

  it('rejects a transaction signed by someone other than the truster', () => {
    expect(failure(acceptTrust(trust({}, bob)))).toStrictEqual({
      code: 'SIGNER_MISMATCH',
      field: 'publicKey',
    });
  });

  it('rejects a content change (id) and a bad signature under a correct id', () => {
    const tx = trust();
    expect(failure(acceptTrust({ ...tx, trustee: carol.quid_id }))).toStrictEqual({
      code: 'ID_MISMATCH',
      field: 'id',
    });
    expect(failure(acceptTrust({ ...tx, nonce: 2 }))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
    });
  });

  it('names the nonce field and records nothing on failure', () => {
    const ledger = new NonceLedger();
    expect(failure(() => acceptQuidnugTrustTx(trust({ nonce: 0 }), ledger))).toStrictEqual({
      code: 'INVALID_NONCE',
      field: 'nonce',
    });
    expect(failure(() => acceptQuidnugTrustTx({ ...trust(), nonce: 2 }, ledger))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
    });
    expect(ledger.size).toBe(0);
  });
});

describe('acceptQuidnugIdentityTx', () => {
  it.each([
    ['quidId', { quidId: 'x' }],
    ['creator', { creator: 'x' }],
  ])('rejects a %s that is not a quid', (name, patch) => {
    expect(failure(acceptIdentity(identity(patch)))).toStrictEqual({
      code: 'INVALID_QUID',
      field: name,
    });
  });

  it('accepts the quid itself or its creator as signer, nobody else', () => {
    keys();
    expect(failure(acceptIdentity(identity({ creator: bob.quid_id }, bob)))).toBe('no error');
    expect(failure(acceptIdentity(identity({ creator: bob.quid_id })))).toBe('no error');
    expect(failure(acceptIdentity(identity({ creator: bob.quid_id }, carol)))).toStrictEqual({
      code: 'SIGNER_MISMATCH',
      field: 'publicKey',
    });
  });

  it('names updateNonce and checks it per quid', () => {
    const ledger = new NonceLedger();
    expect(
      failure(() => acceptQuidnugIdentityTx(identity({ updateNonce: 0 }), ledger)),
    ).toStrictEqual({
      code: 'INVALID_NONCE',
      field: 'updateNonce',
    });
    acceptQuidnugIdentityTx(identity({ updateNonce: 2 }), ledger);
    expect(
      failure(() => acceptQuidnugIdentityTx(identity({ updateNonce: 2 }), ledger)),
    ).toStrictEqual({
      code: 'NONCE_REPLAY',
      field: 'updateNonce',
    });
  });
});

describe('TrustGraphError', () => {
  it('is named TrustGraphError and carries code and field', () => {
    const e = new TrustGraphError('INVALID_NONCE', 'nonce', 'm');
    expect([e.name, e.code, e.field, e.message]).toStrictEqual([
      'TrustGraphError',
      'INVALID_NONCE',
      'nonce',
      'INVALID_NONCE at nonce: m',
    ]);
  });
});
