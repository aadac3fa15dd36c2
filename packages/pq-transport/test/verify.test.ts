import { fromHex, type HybridSigningKey, hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  decodeAttestation,
  decodeCertificate,
  issueAttestation,
  issueCertificate,
  type TrustRoots,
  trustRoots,
  VerificationCache,
  verifyPeerIdentity,
  XWING,
} from '../src/index.js';
import { err, errorOf } from './error-of.js';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const DAY = 86_400_000;
const T0 = 1_795_219_200_000 - DAY;
const T1 = 1_795_219_200_000 + DAY; // even: flipping its lowest bit moves it one ms later
const T2 = T1 + DAY;

/** A copy of `b` with the lowest bit of byte `at` flipped. */
function flipped(b: Uint8Array, at: number): Uint8Array {
  const out = b.slice();
  out[at] = (out[at] as number) ^ 1;
  return out;
}

/** Node A's documents, variants of them, and roots. */
interface World {
  root: HybridSigningKey;
  otherRoot: HybridSigningKey;
  roots: TrustRoots;
  staticKey: Uint8Array;
  cert: Uint8Array;
  att: Uint8Array;
  /** Certificate in date until T2 (the attestation only until T1). */
  certLate: Uint8Array;
  /** Attestation in date until T2 (the certificate only until T1). */
  attLate: Uint8Array;
  attOtherStatic: Uint8Array;
  attOtherSigning: Uint8Array;
  attOtherRoot: Uint8Array;
  /** Signed by another root but naming the trusted root's quid. */
  attForgedRoot: Uint8Array;
  /** The certificate with validUntil moved 1 ms later, original signature kept. */
  certTampered: Uint8Array;
  /** The attestation with validUntil moved 1 ms later, original signature kept. */
  attTampered: Uint8Array;
}

let w: World;
beforeAll(() => {
  const root = hybridKeyFromSeed(bytes(32, 0x81));
  const otherRoot = hybridKeyFromSeed(bytes(32, 0x82));
  const staticKey = XWING.keyPairFromSeed(bytes(32, 0x83)).publicKey;
  const signing = hybridKeyFromSeed(bytes(32, 0x84));
  const certFor = (validUntil: number) =>
    issueCertificate(signing, {
      subject: 'a',
      staticPublicKey: staticKey,
      validFrom: T0,
      validUntil,
    });
  const attFor = (o: { by?: HybridSigningKey; s?: Uint8Array; g?: Uint8Array; until?: number }) =>
    issueAttestation(o.by ?? root, {
      hardwareId: bytes(2, 0x68),
      measurements: [],
      staticPublicKey: o.s ?? staticKey,
      signingPublicKey: o.g ?? signing.publicKey,
      validFrom: T0,
      validUntil: o.until ?? T1,
    });
  const cert = certFor(T1);
  const att = attFor({});
  const attOtherRoot = attFor({ by: otherRoot });
  const attForgedRoot = attOtherRoot.slice();
  const quidAt = decodeAttestation(att).tbs.length - 8;
  attForgedRoot.set(fromHex(hybridQuid(root.publicKey)), quidAt);
  w = {
    root,
    otherRoot,
    roots: trustRoots([root.publicKey]),
    staticKey,
    cert,
    att,
    certLate: certFor(T2),
    attLate: attFor({ until: T2 }),
    attOtherStatic: attFor({ s: bytes(1216, 1) }),
    attOtherSigning: attFor({ g: hybridKeyFromSeed(bytes(32, 0x85)).publicKey }),
    attOtherRoot,
    attForgedRoot,
    certTampered: flipped(cert, decodeCertificate(cert).tbs.length - 1),
    attTampered: flipped(att, quidAt - 1),
  };
});

const verify = (
  o: Partial<{ cert: Uint8Array; att: Uint8Array; key: Uint8Array; roots: TrustRoots }> = {},
  now = T0,
  cache?: VerificationCache,
) =>
  verifyPeerIdentity(
    o.cert ?? w.cert,
    o.att ?? w.att,
    o.key ?? w.staticKey,
    o.roots ?? w.roots,
    now,
    cache,
  );

describe('trustRoots', () => {
  test('maps each root public key by its quid', () => {
    const [a, b] = [w.root.publicKey, w.otherRoot.publicKey];
    expect(trustRoots([a, b])).toStrictEqual(
      new Map([
        [hybridQuid(a), a],
        [hybridQuid(b), b],
      ]),
    );
  });
});

describe('verifyPeerIdentity', () => {
  test.each([
    ['validFrom', T0],
    ['validUntil', T1],
  ])('documents are in date at exactly their %s', (_, now) => {
    expect(verify({}, now)).toStrictEqual({
      quid: decodeCertificate(w.cert).quid,
      subject: 'a',
      staticPublicKey: w.staticKey,
      certificate: decodeCertificate(w.cert),
      attestation: decodeAttestation(w.att),
    });
  });

  test.each([
    [
      'another authenticated static key',
      () => ({ key: bytes(1216, 1) }),
      T0,
      'KEY_MISMATCH',
      'staticPublicKey',
    ],
    [
      'an attestation from an unconfigured root',
      () => ({ att: w.attOtherRoot }),
      T0,
      'UNTRUSTED_ROOT',
      'rootQuid',
    ],
    [
      'an attestation naming another static key',
      () => ({ att: w.attOtherStatic }),
      T0,
      'KEY_MISMATCH',
      'staticKeyDigest',
    ],
    [
      'an attestation naming another signing key',
      () => ({ att: w.attOtherSigning }),
      T0,
      'KEY_MISMATCH',
      'signingKeyDigest',
    ],
    ['both documents, 1 ms before validFrom', () => ({}), T0 - 1, 'EXPIRED', 'validUntil'],
    ['both documents, 1 ms after validUntil', () => ({}), T1 + 1, 'EXPIRED', 'validUntil'],
    [
      'an expired certificate with an attestation in date',
      () => ({ att: w.attLate }),
      T1 + 1,
      'EXPIRED',
      'validUntil',
    ],
    [
      'an expired attestation with a certificate in date',
      () => ({ cert: w.certLate }),
      T1 + 1,
      'EXPIRED',
      'validUntil',
    ],
    [
      'a certificate edited after signing',
      () => ({ cert: w.certTampered }),
      T0,
      'BAD_CERTIFICATE',
      'signature',
    ],
    [
      'an attestation edited after signing',
      () => ({ att: w.attTampered }),
      T0,
      'BAD_ATTESTATION',
      'signature',
    ],
    [
      'an attestation signed by another root naming the trusted one',
      () => ({ att: w.attForgedRoot }),
      T0,
      'BAD_ATTESTATION',
      'signature',
    ],
  ])('%s is %s at %s', (_, docs, now, code, field) => {
    expect(errorOf(() => verify(docs(), now))).toStrictEqual(err(code, field));
  });
});

describe('verifyPeerIdentity with a VerificationCache', () => {
  test('a verified pair is remembered under its root', () => {
    const cache = new VerificationCache();
    verify({}, T0, cache);
    expect(cache.size).toBe(1);
    expect(cache.has(w.cert, w.att, w.root.publicKey)).toBe(true);
    expect(cache.has(w.cert, w.att, w.otherRoot.publicKey)).toBe(false);
  });

  test.each([
    ['a certificate edited after signing', () => ({ cert: w.certTampered }), 'BAD_CERTIFICATE'],
    ['an attestation edited after signing', () => ({ att: w.attTampered }), 'BAD_ATTESTATION'],
  ])('%s, whose signatures are those of a cached pair, is %s at signature', (_, docs, code) => {
    const cache = new VerificationCache();
    verify({}, T0, cache);
    expect(errorOf(() => verify(docs(), T0, cache))).toStrictEqual(err(code, 'signature'));
  });

  test('a pair cached under one root key is verified again under another key for that quid', () => {
    const cache = new VerificationCache();
    verify({}, T0, cache);
    const misconfigured = new Map([[hybridQuid(w.root.publicKey), w.otherRoot.publicKey]]);
    const again = () => verify({ roots: misconfigured }, T0, cache);
    expect(errorOf(again)).toStrictEqual(err('BAD_ATTESTATION', 'signature'));
  });

  test('a tampered certificate is BAD_CERTIFICATE with an empty cache, and is not cached', () => {
    const cache = new VerificationCache();
    const tampered = () => verify({ cert: w.certTampered }, T0, cache);
    expect(errorOf(tampered)).toStrictEqual(err('BAD_CERTIFICATE', 'signature'));
    expect(cache.size).toBe(0);
  });

  test('a cached pair is not verified again: the cache is trusted for signatures', () => {
    const cache = new VerificationCache();
    cache.add(w.certTampered, w.att, w.root.publicKey);
    expect(verify({ cert: w.certTampered }, T0, cache).certificate).toStrictEqual(
      decodeCertificate(w.certTampered),
    );
  });

  // The cache must hold its own copies: a caller that reuses its buffers must not be able to
  // edit a verified document in place and have the edited one pass as cached.
  test.each([
    ['the certificate', 'cert', () => w.cert, () => w.certTampered, 'BAD_CERTIFICATE'],
    ['the attestation', 'att', () => w.att, () => w.attTampered, 'BAD_ATTESTATION'],
  ] as const)(
    '%s, edited in place after it was cached, is verified again',
    (_, key, doc, tampered, code) => {
      const cache = new VerificationCache();
      const buffer = doc().slice();
      verify({ [key]: buffer }, T0, cache);
      buffer.set(tampered());
      expect(errorOf(() => verify({ [key]: buffer }, T0, cache))).toStrictEqual(
        err(code, 'signature'),
      );
    },
  );

  test('a cached pair still has its dates checked', () => {
    const cache = new VerificationCache();
    verify({}, T0, cache);
    expect(errorOf(() => verify({}, T1 + 1, cache))).toStrictEqual(err('EXPIRED', 'validUntil'));
  });
});

describe('VerificationCache', () => {
  // Documents longer than a hybrid signature (3373 bytes): the key is the 64 bytes at length - 3373.
  const LEN = 4000;
  const SIG = LEN - 3373;
  const doc = (fill: number) => bytes(LEN, fill);
  const root = bytes(8, 7);

  test('an empty cache has nothing', () => {
    const cache = new VerificationCache();
    expect([cache.size, cache.has(doc(1), doc(2), root)]).toStrictEqual([0, false]);
  });

  test.each([
    ['certificate', () => [flipped(doc(1), 0), doc(2), root]],
    ['attestation', () => [doc(1), flipped(doc(2), 0), root]],
    ['root', () => [doc(1), doc(2), bytes(8, 8)]],
  ])('a hit needs the same %s bytes, not only the same signatures', (_, other) => {
    const cache = new VerificationCache();
    cache.add(doc(1), doc(2), root);
    const [c, a, r] = other() as [Uint8Array, Uint8Array, Uint8Array];
    expect([cache.has(doc(1), doc(2), root), cache.has(c, a, r)]).toStrictEqual([true, false]);
  });

  test.each([
    ['certificate', 0, SIG],
    ['certificate', 1, SIG + 63],
    ['attestation', 0, SIG],
    ['attestation', 1, SIG + 63],
  ])(
    'pairs whose %s differs in its Ed25519 signature (byte %i: %i) are separate entries',
    (which, _, at) => {
      const cache = new VerificationCache();
      const second =
        which === 'certificate' ? [flipped(doc(1), at), doc(2)] : [doc(1), flipped(doc(2), at)];
      cache.add(doc(1), doc(2), root);
      cache.add(second[0] as Uint8Array, second[1] as Uint8Array, root);
      expect(cache.size).toBe(2);
      expect(cache.has(doc(1), doc(2), root)).toBe(true);
      expect(cache.has(second[0] as Uint8Array, second[1] as Uint8Array, root)).toBe(true);
    },
  );

  test.each([
    ['its signed bytes', 0],
    ['its ML-DSA signature', SIG + 64],
  ])('a pair with the same Ed25519 signatures but other %s replaces the earlier entry', (_, at) => {
    const cache = new VerificationCache();
    const second = flipped(doc(1), at);
    cache.add(doc(1), doc(2), root);
    cache.add(second, doc(2), root);
    expect(cache.size).toBe(1);
    expect([cache.has(doc(1), doc(2), root), cache.has(second, doc(2), root)]).toStrictEqual([
      false,
      true,
    ]);
  });

  test('a full cache drops its oldest entry', () => {
    const cache = new VerificationCache(2);
    const certs = [1, 2, 3].map((i) => flipped(doc(1), SIG + i));
    for (const c of certs) cache.add(c, doc(2), root);
    expect(cache.size).toBe(2);
    expect(certs.map((c) => cache.has(c, doc(2), root))).toStrictEqual([false, true, true]);
  });

  test('the cache keeps its own copy of the documents', () => {
    const cache = new VerificationCache();
    const c = doc(1);
    cache.add(c, doc(2), root);
    c[0] = 9;
    expect(cache.has(doc(1), doc(2), root)).toBe(true);
  });
});
