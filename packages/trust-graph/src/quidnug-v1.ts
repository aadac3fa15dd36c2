/**
 * Interoperability with the Quidnug reference node, wire format v1.0: TRUST and IDENTITY
 * transactions signed with ECDSA P-256.
 *
 * - Signable bytes: the transaction with `signature: ""`, as Go's json.Marshal writes the
 *   typed struct (declaration order, omitempty fields dropped, HTML escaping).
 * - Id: hex SHA-256 of json.Marshal of an anonymous struct of Go field names.
 * - Signature: ECDSA P-256 over SHA-256(signable bytes), raw r‖s (64 bytes, 128 hex).
 *   DER is rejected (wrong length). High-S is accepted, as Go's ecdsa.Verify does;
 *   our own signatures are low-S and deterministic (RFC 6979).
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { isQuid, type Quid, quidFromPublicKey } from '@qcos/identity';
import { TrustGraphError } from './errors.js';
import { type GoJsonValue, goJsonFloat, goJsonInt, goJsonString, goJsonValue } from './go-json.js';
import type { NonceLedger } from './nonce-ledger.js';

export interface QuidnugTrustTx {
  readonly id: string;
  readonly type: 'TRUST';
  readonly trustDomain: string;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly signature: string;
  readonly publicKey: string;
  readonly truster: string;
  readonly trustee: string;
  readonly trustLevel: number;
  readonly nonce: number;
  readonly description?: string;
  /** Unix seconds; absent or 0 = no expiry. */
  readonly validUntil?: number;
}

export interface QuidnugIdentityTx {
  readonly id: string;
  readonly type: 'IDENTITY';
  readonly trustDomain: string;
  readonly timestamp: number;
  readonly signature: string;
  readonly publicKey: string;
  readonly quidId: string;
  readonly name: string;
  readonly description?: string;
  readonly attributes?: { readonly [key: string]: GoJsonValue };
  readonly creator: string;
  readonly updateNonce: number;
  readonly homeDomain?: string;
}

export type QuidnugTx = QuidnugTrustTx | QuidnugIdentityTx;

/** Longest TRUST description the reference accepts, in UTF-8 bytes. */
export const QUIDNUG_MAX_DESCRIPTION_BYTES = 4096;

const utf8 = new TextEncoder();

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new TrustGraphError('INVALID_RECORD', field, 'must be a string');
  return v;
}
function int(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new TrustGraphError('INVALID_RECORD', field, 'must be a safe integer');
  }
  return v;
}

/** Reads a decoded JSON object as a TRUST or IDENTITY transaction (shape only). */
export function parseQuidnugTx(json: unknown): QuidnugTx {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TrustGraphError('INVALID_RECORD', '$', 'a transaction is a JSON object');
  }
  const o = json as Record<string, unknown>;
  const base = {
    id: str(o.id, 'id'),
    trustDomain: str(o.trustDomain, 'trustDomain'),
    timestamp: int(o.timestamp, 'timestamp'),
    signature: str(o.signature, 'signature'),
    publicKey: str(o.publicKey, 'publicKey'),
  };
  const opt = (k: string) => (o[k] === undefined ? {} : { [k]: str(o[k], k) });
  if (o.type === 'TRUST') {
    if (typeof o.trustLevel !== 'number')
      throw new TrustGraphError('INVALID_RECORD', 'trustLevel', 'must be a number');
    return {
      ...base,
      type: 'TRUST',
      truster: str(o.truster, 'truster'),
      trustee: str(o.trustee, 'trustee'),
      trustLevel: o.trustLevel,
      nonce: int(o.nonce, 'nonce'),
      ...opt('description'),
      ...(o.validUntil === undefined ? {} : { validUntil: int(o.validUntil, 'validUntil') }),
    };
  }
  if (o.type === 'IDENTITY') {
    const attrs = o.attributes;
    if (
      attrs !== undefined &&
      (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs))
    ) {
      throw new TrustGraphError('INVALID_RECORD', 'attributes', 'must be an object');
    }
    return {
      ...base,
      type: 'IDENTITY',
      quidId: str(o.quidId, 'quidId'),
      name: str(o.name, 'name'),
      ...opt('description'),
      ...(attrs === undefined ? {} : { attributes: attrs as { [key: string]: GoJsonValue } }),
      creator: str(o.creator, 'creator'),
      updateNonce: int(o.updateNonce, 'updateNonce'),
      ...opt('homeDomain'),
    };
  }
  throw new TrustGraphError('INVALID_RECORD', 'type', 'must be "TRUST" or "IDENTITY"');
}

function field(name: string, value: string): string {
  return `${goJsonString(name)}:${value}`;
}

/** The bytes the reference signs: json.Marshal of the transaction with signature "". */
export function quidnugSignableBytes(tx: QuidnugTx): Uint8Array {
  const parts = [
    field('id', goJsonString(tx.id)),
    field('type', goJsonString(tx.type)),
    field('trustDomain', goJsonString(tx.trustDomain)),
    field('timestamp', goJsonInt(tx.timestamp, 'timestamp')),
    field('signature', '""'),
    field('publicKey', goJsonString(tx.publicKey)),
  ];
  if (tx.type === 'TRUST') {
    parts.push(
      field('truster', goJsonString(tx.truster)),
      field('trustee', goJsonString(tx.trustee)),
      field('trustLevel', goJsonFloat(tx.trustLevel, 'trustLevel')),
      field('nonce', goJsonInt(tx.nonce, 'nonce')),
    );
    if (tx.description) parts.push(field('description', goJsonString(tx.description)));
    if (tx.validUntil) parts.push(field('validUntil', goJsonInt(tx.validUntil, 'validUntil')));
  } else {
    parts.push(field('quidId', goJsonString(tx.quidId)), field('name', goJsonString(tx.name)));
    if (tx.description) parts.push(field('description', goJsonString(tx.description)));
    if (tx.attributes && Object.keys(tx.attributes).length > 0) {
      parts.push(field('attributes', goJsonValue(tx.attributes, 'attributes')));
    }
    parts.push(
      field('creator', goJsonString(tx.creator)),
      field('updateNonce', goJsonInt(tx.updateNonce, 'updateNonce')),
    );
    if (tx.homeDomain) parts.push(field('homeDomain', goJsonString(tx.homeDomain)));
  }
  return utf8.encode(`{${parts.join(',')}}`);
}

/** SHA-256 of the signable bytes: what ECDSA signs (prehash). */
export function quidnugSignableDigest(tx: QuidnugTx): Uint8Array {
  return sha256(quidnugSignableBytes(tx));
}

/** The reference's transaction id: SHA-256 over an anonymous struct of Go field names. */
export function quidnugTxId(tx: QuidnugTx): string {
  const json =
    tx.type === 'TRUST'
      ? `{"Truster":${goJsonString(tx.truster)},"Trustee":${goJsonString(tx.trustee)},` +
        `"TrustLevel":${goJsonFloat(tx.trustLevel, 'trustLevel')},"TrustDomain":${goJsonString(tx.trustDomain)},` +
        `"Timestamp":${goJsonInt(tx.timestamp, 'timestamp')}}`
      : `{"QuidID":${goJsonString(tx.quidId)},"Name":${goJsonString(tx.name)},"Creator":${goJsonString(tx.creator)},` +
        `"TrustDomain":${goJsonString(tx.trustDomain)},"UpdateNonce":${goJsonInt(tx.updateNonce, 'updateNonce')},` +
        `"Timestamp":${goJsonInt(tx.timestamp, 'timestamp')}}`;
  return bytesToHex(sha256(utf8.encode(json)));
}

const PUBLIC_KEY_RE = /^04[0-9a-f]{128}$/;
const SIGNATURE_RE = /^[0-9a-f]{128}$/;

/** Verifies an ECDSA P-256 raw r‖s hex signature over SHA-256(message). Never throws. */
export function verifyP256Signature(
  publicKeyHex: string,
  message: Uint8Array,
  signatureHex: string,
): boolean {
  if (typeof publicKeyHex !== 'string' || !PUBLIC_KEY_RE.test(publicKeyHex)) return false;
  if (typeof signatureHex !== 'string' || !SIGNATURE_RE.test(signatureHex)) return false;
  try {
    return p256.verify(hexToBytes(signatureHex), message, hexToBytes(publicKeyHex), {
      prehash: true,
      lowS: false,
      format: 'compact',
    });
  } catch {
    return false;
  }
}

/** True when the transaction's signature verifies under its own public key. */
export function verifyQuidnugTx(tx: QuidnugTx): boolean {
  return verifyP256Signature(tx.publicKey, quidnugSignableBytes(tx), tx.signature);
}

/** Signs deterministically (RFC 6979, low-S); returns raw r‖s as 128 hex chars. */
export function signP256(privateScalarHex: string, message: Uint8Array): string {
  return bytesToHex(
    p256.sign(message, hexToBytes(privateScalarHex), {
      prehash: true,
      lowS: true,
      format: 'compact',
    }),
  );
}

/** Fills in id, publicKey and signature of a transaction with the given P-256 key. */
export function signQuidnugTx<T extends QuidnugTx>(tx: T, privateScalarHex: string): T {
  const publicKey = bytesToHex(p256.getPublicKey(hexToBytes(privateScalarHex), false));
  const unsigned = { ...tx, publicKey, signature: '' };
  const withId = { ...unsigned, id: quidnugTxId(unsigned) };
  return { ...withId, signature: signP256(privateScalarHex, quidnugSignableBytes(withId)) };
}

/** The quid of a SEC1 public key given in hex. */
export function quidnugSignerQuid(publicKeyHex: string): Quid {
  if (!PUBLIC_KEY_RE.test(publicKeyHex)) {
    throw new TrustGraphError(
      'BAD_PUBLIC_KEY',
      'publicKey',
      'must be 130 hex chars of an uncompressed SEC1 key',
    );
  }
  return quidFromPublicKey(hexToBytes(publicKeyHex));
}

function checkText(s: string, fieldName: string): void {
  if (utf8.encode(s).length > QUIDNUG_MAX_DESCRIPTION_BYTES) {
    throw new TrustGraphError(
      'DESCRIPTION_TOO_LONG',
      fieldName,
      `longer than ${QUIDNUG_MAX_DESCRIPTION_BYTES} bytes`,
    );
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      throw new TrustGraphError(
        'INVALID_CHARACTER',
        `${fieldName}[${i}]`,
        'control characters other than tab, LF, CR',
      );
    }
  }
}

function checkCommon(tx: QuidnugTx): void {
  const signer = quidnugSignerQuid(tx.publicKey);
  const owner = tx.type === 'TRUST' ? tx.truster : tx.quidId;
  if (!isQuid(owner))
    throw new TrustGraphError(
      'INVALID_QUID',
      tx.type === 'TRUST' ? 'truster' : 'quidId',
      'not a quid',
    );
  if (tx.type === 'TRUST') {
    if (!isQuid(tx.trustee)) throw new TrustGraphError('INVALID_QUID', 'trustee', 'not a quid');
    if (signer !== tx.truster)
      throw new TrustGraphError('SIGNER_MISMATCH', 'publicKey', 'signer is not the truster');
  } else {
    if (!isQuid(tx.creator)) throw new TrustGraphError('INVALID_QUID', 'creator', 'not a quid');
    if (signer !== tx.quidId && signer !== tx.creator) {
      throw new TrustGraphError(
        'SIGNER_MISMATCH',
        'publicKey',
        'signer is neither the quid nor its creator',
      );
    }
  }
  if (quidnugTxId(tx) !== tx.id)
    throw new TrustGraphError('ID_MISMATCH', 'id', 'id does not match the content');
  if (!verifyQuidnugTx(tx))
    throw new TrustGraphError(
      'BAD_SIGNATURE',
      'signature',
      'ECDSA P-256 signature does not verify',
    );
}

/**
 * The reference's acceptance rules for a TRUST transaction, then its nonce is recorded
 * under the (truster, trustee) pair. Throws a TrustGraphError on the first failure.
 */
export function acceptQuidnugTrustTx(tx: QuidnugTrustTx, ledger: NonceLedger): void {
  if (!(typeof tx.trustLevel === 'number' && tx.trustLevel >= 0 && tx.trustLevel <= 1)) {
    throw new TrustGraphError('INVALID_LEVEL', 'trustLevel', 'must be finite and in [0, 1]');
  }
  if (tx.validUntil !== undefined && tx.validUntil !== 0 && tx.validUntil <= tx.timestamp) {
    throw new TrustGraphError(
      'EXPIRY_NOT_AFTER_TIMESTAMP',
      'validUntil',
      'must be after timestamp',
    );
  }
  if (tx.description !== undefined) checkText(tx.description, 'description');
  const key = `quidnug-trust:${tx.truster}:${tx.trustee}`;
  ledger.check(key, tx.nonce, 'nonce');
  checkCommon(tx);
  ledger.accept(key, tx.nonce, 'nonce');
}

/** The reference's rules for an IDENTITY transaction; updateNonce increases per quid. */
export function acceptQuidnugIdentityTx(tx: QuidnugIdentityTx, ledger: NonceLedger): void {
  const key = `quidnug-identity:${tx.quidId}`;
  ledger.check(key, tx.updateNonce, 'updateNonce');
  checkCommon(tx);
  ledger.accept(key, tx.updateNonce, 'updateNonce');
}
