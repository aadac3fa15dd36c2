import { sha256 } from '@noble/hashes/sha2.js';
import { type HybridSigningKey, hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type AttestationFields,
  attestationSignatureValid,
  decodeAttestation,
  issueAttestation,
} from '../src/index.js';
import { err, errorOf } from './error-of.js';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const NOW = 1_795_219_200_000;
/** Where each field of an attestation with a 64-byte hardwareId and 16 × 64-byte measurements starts. */
const AT = {
  version: 0,
  hardwareId: 1,
  count: 66,
  measurements: 67,
  staticKeyDigest: 67 + 16 * 65,
  signingKeyDigest: 67 + 16 * 65 + 32,
  validFrom: 67 + 16 * 65 + 64,
  validUntil: 67 + 16 * 65 + 72,
  rootQuid: 67 + 16 * 65 + 80,
  signature: 67 + 16 * 65 + 88,
  end: 67 + 16 * 65 + 88 + 3373,
} as const;

let root: HybridSigningKey;
let fields: AttestationFields;
let issued: Uint8Array | undefined;
beforeAll(() => {
  root = hybridKeyFromSeed(bytes(32, 0x71));
  fields = {
    hardwareId: bytes(64, 0x11),
    measurements: Array.from({ length: 16 }, (_, i) => bytes(64, i)),
    staticPublicKey: bytes(1216, 0x22),
    signingPublicKey: bytes(1984, 0x33),
    validFrom: NOW,
    validUntil: NOW + 1,
  };
});

/** Issued on first use, inside a test, so that a failure to issue at the limits fails that test. */
const doc = () => (issued ??= issueAttestation(root, fields));

const edited = (at: number, ...values: number[]) => {
  const b = doc().slice();
  b.set(values, at);
  return b;
};

describe('issueAttestation', () => {
  test('a document at every size limit (64-byte hardwareId, 16 × 64-byte measurements) decodes to what was issued', () => {
    expect(doc().length).toBe(AT.end);
    const d = decodeAttestation(doc());
    expect(d.hardwareId).toStrictEqual(fields.hardwareId);
    expect(d.measurements).toStrictEqual(fields.measurements);
    expect(d.staticKeyDigest).toStrictEqual(sha256(fields.staticPublicKey));
    expect(d.signingKeyDigest).toStrictEqual(sha256(fields.signingPublicKey));
    expect([d.validFrom, d.validUntil, d.rootQuid]).toStrictEqual([
      NOW,
      NOW + 1,
      hybridQuid(root.publicKey),
    ]);
    expect(d.tbs).toStrictEqual(doc().subarray(0, AT.signature));
    expect(attestationSignatureValid(d, root.publicKey)).toBe(true);
  });

  test.each([
    ['an empty hardwareId', { hardwareId: bytes(0, 0) }, 'hardwareId'],
    ['a 65-byte hardwareId', { hardwareId: bytes(65, 0) }, 'hardwareId'],
    ['17 measurements', { measurements: Array.from({ length: 17 }, () => bytes(1, 1)) }, undefined],
    ['an empty measurement', { measurements: [bytes(1, 1), bytes(0, 0)] }, 'measurements'],
    ['a 65-byte measurement', { measurements: [bytes(65, 1)] }, 'measurements'],
  ])('%s is INVALID_ARGUMENT at %s', (_, change: Partial<AttestationFields>, field) => {
    const issue = () => issueAttestation(root, { ...fields, ...change });
    expect(errorOf(issue)).toStrictEqual(err('INVALID_ARGUMENT', field));
  });
});

describe('decodeAttestation', () => {
  test.each([
    ['version', AT.version],
    ['hardwareId', AT.hardwareId],
    ['measurements', AT.count],
    ['measurements', AT.measurements],
    ['staticKeyDigest', AT.staticKeyDigest],
    ['signingKeyDigest', AT.signingKeyDigest],
    ['validFrom', AT.validFrom],
    ['validUntil', AT.validUntil],
    ['rootQuid', AT.rootQuid],
    ['signature', AT.signature],
  ])('a document cut where %s starts (byte %i) is BAD_ATTESTATION there', (field, at) => {
    const decode = () => decodeAttestation(doc().subarray(0, at));
    expect(errorOf(decode)).toStrictEqual(err('BAD_ATTESTATION', field, at));
  });

  test.each([
    ['version 0', () => edited(AT.version, 0), 'version', 0],
    ['version 2', () => edited(AT.version, 2), 'version', 0],
    ['a 65-byte hardwareId length', () => edited(AT.hardwareId, 65), 'hardwareId', 1],
    [
      'an empty hardwareId',
      () => Uint8Array.of(1, 0, ...doc().subarray(AT.count)),
      'hardwareId',
      1,
    ],
    ['17 measurements', () => edited(AT.count, 17), 'measurements', AT.count],
    ['a 65-byte measurement length', () => edited(AT.measurements, 65), 'measurements', 67],
    [
      'an empty measurement',
      () => Uint8Array.of(...doc().subarray(0, 67), 0, ...doc().subarray(67 + 65)),
      'measurements',
      68,
    ],
    ['validFrom above 2^53 - 1', () => edited(AT.validFrom, 0, 0x20), 'validFrom', AT.validFrom],
    ['validUntil above 2^53 - 1', () => edited(AT.validUntil, 1), 'validUntil', AT.validUntil],
    ['a trailing byte', () => Uint8Array.of(...doc(), 0), 'signature', AT.end],
  ])('a document with %s is BAD_ATTESTATION at %s', (_, bad, field, offset) => {
    expect(errorOf(() => decodeAttestation(bad()))).toStrictEqual(
      err('BAD_ATTESTATION', field, offset),
    );
  });

  test('a document signed by one root does not verify under another', () => {
    const other = hybridKeyFromSeed(bytes(32, 0x72));
    expect(attestationSignatureValid(decodeAttestation(doc()), other.publicKey)).toBe(false);
  });
});
