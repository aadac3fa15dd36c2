import { type HybridSigningKey, hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type CertificateFields,
  certificateSignatureValid,
  decodeCertificate,
  issueCertificate,
  XWING,
} from '../src/index.js';
import { err, errorOf } from './error-of.js';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
/** 63 UTF-8 bytes: the longest subject a certificate holds. */
const SUBJECT = `${'ü'.repeat(31)}x`;
const S = 63;
/** Where each field of a certificate with a 63-byte subject starts. */
const AT = {
  version: 0,
  subject: 1,
  staticPublicKey: 2 + S,
  signingPublicKey: 2 + S + 1216,
  validFrom: 2 + S + 1216 + 1984,
  validUntil: 2 + S + 1216 + 1984 + 8,
  signature: 2 + S + 1216 + 1984 + 16,
  end: 2 + S + 1216 + 1984 + 16 + 3373,
} as const;

let key: HybridSigningKey;
let fields: CertificateFields;
let issued: Uint8Array | undefined;
beforeAll(() => {
  key = hybridKeyFromSeed(bytes(32, 0x61));
  const staticPublicKey = XWING.keyPairFromSeed(bytes(32, 0x60)).publicKey;
  fields = { subject: SUBJECT, staticPublicKey, validFrom: 0, validUntil: 2 ** 53 - 1 };
});

/** Issued on first use, inside a test, so that a failure to issue at the limits fails that test. */
const cert = () => (issued ??= issueCertificate(key, fields));

const edited = (at: number, ...values: number[]) => {
  const b = cert().slice();
  b.set(values, at);
  return b;
};

describe('issueCertificate', () => {
  test('a certificate with a 63-byte subject and validity 0 .. 2^53-1 decodes to what was issued', () => {
    expect(cert().length).toBe(AT.end);
    const c = decodeCertificate(cert());
    expect([c.subject, c.validFrom, c.validUntil]).toStrictEqual([SUBJECT, 0, 2 ** 53 - 1]);
    expect(c.staticPublicKey).toStrictEqual(fields.staticPublicKey);
    expect(c.signingPublicKey).toStrictEqual(key.publicKey);
    expect(c.quid).toBe(hybridQuid(key.publicKey));
    expect(c.tbs).toStrictEqual(cert().subarray(0, AT.signature));
    expect(certificateSignatureValid(c)).toBe(true);
  });

  test.each([
    ['a 64-byte subject', { subject: 'ü'.repeat(32) }, 'subject'],
    ['a 1215-byte static key', { staticPublicKey: bytes(1215, 1) }, 'staticPublicKey'],
    ['a 1217-byte static key', { staticPublicKey: bytes(1217, 1) }, 'staticPublicKey'],
    ['validFrom -1', { validFrom: -1 }, 'validFrom'],
    ['validFrom 1.5', { validFrom: 1.5 }, 'validFrom'],
    ['validFrom 2^53', { validFrom: 2 ** 53 }, 'validFrom'],
    ['validUntil 1.5', { validUntil: 1.5 }, 'validFrom'],
    ['validUntil NaN', { validUntil: Number.NaN }, 'validFrom'],
    ['validUntil 2^53', { validUntil: 2 ** 53 }, 'validFrom'],
  ])('%s is INVALID_ARGUMENT at %s', (_, change: Partial<CertificateFields>, field) => {
    const issue = () => issueCertificate(key, { ...fields, ...change });
    expect(errorOf(issue)).toStrictEqual(err('INVALID_ARGUMENT', field));
  });
});

describe('decodeCertificate', () => {
  test.each([
    'version',
    'subject',
    'staticPublicKey',
    'signingPublicKey',
    'validFrom',
    'validUntil',
    'signature',
  ] as const)('a certificate cut where %s starts is BAD_CERTIFICATE there', (field) => {
    const decode = () => decodeCertificate(cert().subarray(0, AT[field]));
    expect(errorOf(decode)).toStrictEqual(err('BAD_CERTIFICATE', field, AT[field]));
  });

  test.each([
    ['version 0', () => edited(AT.version, 0), 'version', 0],
    ['version 2', () => edited(AT.version, 2), 'version', 0],
    ['a subject length of 64', () => edited(AT.subject, 64), 'subject', 1],
    ['a subject that is not UTF-8', () => edited(AT.subject + 1, 0xff), 'subject', 1],
    ['validFrom above 2^53 - 1', () => edited(AT.validFrom, 0, 0x20), 'validFrom', AT.validFrom],
    ['validUntil above 2^53 - 1', () => edited(AT.validUntil, 0x80), 'validUntil', AT.validUntil],
    ['a trailing byte', () => Uint8Array.of(...cert(), 0), 'signature', AT.end],
  ])('a certificate with %s is BAD_CERTIFICATE at %s', (_, bad, field, offset) => {
    expect(errorOf(() => decodeCertificate(bad()))).toStrictEqual(
      err('BAD_CERTIFICATE', field, offset),
    );
  });
});
