/**
 * The identity certificate: a node's long-term hybrid signing key (Ed25519 + ML-DSA-65)
 * vouches for its static X-Wing key. It is made once and carried in every handshake;
 * the handshake itself authenticates the static key by KEM, the certificate ties that
 * key to the signing identity (quid) that the trust graph and registry know.
 *
 * Layout (all integers big-endian):
 *   u8  version = 1
 *   u8 len ‖ subject (UTF-8 node alias, ≤ 63 bytes)
 *   1216    static X-Wing public key
 *   1984    hybrid signing public key
 *   u64     validFrom (unix ms)    u64 validUntil (unix ms)
 *   3373    hybrid signature over every byte above, context "qcos-pqt/identity-certificate"
 */
import {
  HYBRID_PUBLIC_KEY_LENGTH,
  HYBRID_SIGNATURE_LENGTH,
  type HybridSigningKey,
  hybridQuid,
  hybridSign,
  hybridVerify,
  type Quid,
} from '@qcos/identity';
import { utf8, utf8Decode } from '../bytes.js';
import { Reader, Writer } from '../codec.js';
import { XWING_PUBLIC_KEY_LENGTH } from '../crypto/xwing.js';
import { fail } from '../errors.js';

export const CERTIFICATE_VERSION = 1;
export const CERTIFICATE_CONTEXT = 'qcos-pqt/identity-certificate';
export const MAX_SUBJECT_LENGTH = 63;

export interface IdentityCertificate {
  readonly subject: string;
  readonly staticPublicKey: Uint8Array;
  readonly signingPublicKey: Uint8Array;
  readonly validFrom: number;
  readonly validUntil: number;
  readonly signature: Uint8Array;
  /** The signed bytes (everything but the signature). */
  readonly tbs: Uint8Array;
  /** hybridQuid(signingPublicKey): the node's name in the trust graph. */
  readonly quid: Quid;
}

export interface CertificateFields {
  readonly subject: string;
  readonly staticPublicKey: Uint8Array;
  readonly validFrom: number;
  readonly validUntil: number;
}

function tbsBytes(f: CertificateFields, signingPublicKey: Uint8Array): Uint8Array {
  const subject = utf8(f.subject);
  if (subject.length > MAX_SUBJECT_LENGTH) fail('INVALID_ARGUMENT', 'subject too long', 'subject');
  if (f.staticPublicKey.length !== XWING_PUBLIC_KEY_LENGTH) {
    fail('INVALID_ARGUMENT', 'static key must be an X-Wing public key', 'staticPublicKey');
  }
  if (
    !(Number.isSafeInteger(f.validFrom) && Number.isSafeInteger(f.validUntil) && f.validFrom >= 0)
  ) {
    fail('INVALID_ARGUMENT', 'validity must be unix ms', 'validFrom');
  }
  return new Writer()
    .u8(CERTIFICATE_VERSION)
    .bytes8(subject)
    .raw(f.staticPublicKey)
    .raw(signingPublicKey)
    .u64(f.validFrom)
    .u64(f.validUntil)
    .finish();
}

/** Signs a certificate for `fields.staticPublicKey` with the node's own signing key. */
export function issueCertificate(key: HybridSigningKey, fields: CertificateFields): Uint8Array {
  const tbs = tbsBytes(fields, key.publicKey);
  return new Writer()
    .raw(tbs)
    .raw(hybridSign(key, CERTIFICATE_CONTEXT, tbs))
    .finish();
}

/** Parses without checking the signature (see verifyCertificate). */
export function decodeCertificate(bytes: Uint8Array): IdentityCertificate {
  const r = new Reader(bytes, 'BAD_CERTIFICATE');
  const version = r.u8('version');
  if (version !== CERTIFICATE_VERSION) fail('BAD_CERTIFICATE', 'unknown version', 'version', 0);
  const subjectBytes = r.bytes8('subject', MAX_SUBJECT_LENGTH);
  const subject =
    utf8Decode(subjectBytes) ?? fail('BAD_CERTIFICATE', 'subject not UTF-8', 'subject', 1);
  const staticPublicKey = r.raw(XWING_PUBLIC_KEY_LENGTH, 'staticPublicKey');
  const signingPublicKey = r.raw(HYBRID_PUBLIC_KEY_LENGTH, 'signingPublicKey');
  const validFrom = r.u64('validFrom');
  const validUntil = r.u64('validUntil');
  const tbsEnd = r.offset;
  const signature = r.raw(HYBRID_SIGNATURE_LENGTH, 'signature');
  r.end('signature');
  return {
    subject,
    staticPublicKey,
    signingPublicKey,
    validFrom,
    validUntil,
    signature,
    tbs: bytes.slice(0, tbsEnd),
    quid: hybridQuid(signingPublicKey),
  };
}

/** True when the certificate's self-signature verifies. Validity dates are checked by the caller. */
export function certificateSignatureValid(cert: IdentityCertificate): boolean {
  return hybridVerify(cert.signingPublicKey, CERTIFICATE_CONTEXT, cert.tbs, cert.signature);
}
