/**
 * Our own signed records: TRUST (a levelled edge) and IDENTITY (a quid's name and
 * attributes), hybrid-signed (Ed25519 + ML-DSA-65) over a fixed-order binary encoding.
 *
 * The canonical bytes are defined byte by byte in docs/spec/trust-graph.md §5: a 4-byte
 * magic, fixed-width big-endian integers, IEEE 754 binary64 levels, length-prefixed
 * strings, attributes sorted by key bytes, and SHA-256 of the signer's public key (so the
 * signature binds the whole key, not only its 64-bit quid). The signing context differs
 * per record type, so a TRUST signature can never be replayed as an IDENTITY one.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import {
  HYBRID_PUBLIC_KEY_LENGTH,
  HYBRID_SIGNATURE_LENGTH,
  type HybridSigningKey,
  hybridQuid,
  hybridSign,
  hybridVerify,
  type Quid,
} from '@qcos/identity';
import { TrustGraphError } from './errors.js';
import { checkDomain, checkLevel, checkQuid, type TrustEdgeInput } from './graph.js';
import type { NonceLedger } from './nonce-ledger.js';

export const TRUST_RECORD_CONTEXT = 'qcos/trust-graph/trust-record/v1';
export const IDENTITY_RECORD_CONTEXT = 'qcos/trust-graph/identity-record/v1';
export const MAX_DESCRIPTION_BYTES = 4096;
export const MAX_NAME_BYTES = 64;
export const MAX_ATTRIBUTES = 32;
export const MAX_ATTRIBUTE_KEY_BYTES = 64;
export const MAX_ATTRIBUTE_VALUE_BYTES = 1024;

const TRUST_MAGIC = [0x51, 0x54, 0x52, 0x31]; // "QTR1"
const IDENTITY_MAGIC = [0x51, 0x49, 0x44, 0x31]; // "QID1"

export interface TrustRecordBody {
  readonly truster: Quid;
  readonly trustee: Quid;
  /** 0 (revocation) or in [2^-32, 1]. */
  readonly level: number;
  readonly domain: string;
  /** Per-signer, strictly increasing, ≥ 1. */
  readonly nonce: number;
  /** Unix ms. */
  readonly timestamp: number;
  /** Unix ms, after `timestamp`; absent = no expiry. */
  readonly validUntil?: number;
  readonly description?: string;
}

export interface IdentityRecordBody {
  readonly quid: Quid;
  readonly creator: Quid;
  readonly name: string;
  readonly domain: string;
  readonly updateNonce: number;
  readonly timestamp: number;
  readonly description?: string;
  readonly homeDomain?: string;
  readonly attributes?: { readonly [key: string]: string };
}

export interface Signed<T> {
  readonly body: T;
  /** The signer's hybrid public key (HYBRID_PUBLIC_KEY_LENGTH bytes). */
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
}
export type SignedTrustRecord = Signed<TrustRecordBody>;
export type SignedIdentityRecord = Signed<IdentityRecordBody>;

const utf8 = new TextEncoder();

class ByteWriter {
  private readonly parts: number[] = [];
  bytes(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i] as number);
  }
  u8(x: number): void {
    this.parts.push(x & 0xff);
  }
  u16(x: number): void {
    this.parts.push((x >>> 8) & 0xff, x & 0xff);
  }
  u64(x: number): void {
    const hi = Math.floor(x / 2 ** 32);
    const lo = x >>> 0;
    this.bytes([hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff]);
    this.bytes([lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff]);
  }
  f64(x: number): void {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    this.bytes(new Uint8Array(v.buffer));
  }
  str8(s: Uint8Array): void {
    this.u8(s.length);
    this.bytes(s);
  }
  str16(s: Uint8Array): void {
    this.u16(s.length);
    this.bytes(s);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function checkTime(x: number | undefined, field: string): void {
  if (x !== undefined && (!Number.isSafeInteger(x) || x < 0)) {
    throw new TrustGraphError(
      'INVALID_TIME',
      field,
      'must be a non-negative safe integer (unix ms)',
    );
  }
}

function checkNonceShape(x: number, field: string): void {
  if (!Number.isSafeInteger(x) || x < 1)
    throw new TrustGraphError('INVALID_NONCE', field, 'must be a positive safe integer');
}

/** UTF-8 of a free text field: bounded, no control characters but tab, LF, CR. */
function text(s: string | undefined, field: string, max: number): Uint8Array {
  if (s === undefined) return new Uint8Array(0);
  if (typeof s !== 'string') throw new TrustGraphError('INVALID_RECORD', field, 'must be a string');
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) {
      throw new TrustGraphError(
        'INVALID_CHARACTER',
        `${field}[${i}]`,
        'control characters other than tab, LF, CR',
      );
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (!pair) throw new TrustGraphError('INVALID_CHARACTER', `${field}[${i}]`, 'lone surrogate');
      i++;
    }
  }
  const b = utf8.encode(s);
  if (b.length > max) {
    throw new TrustGraphError(
      field === 'description' ? 'DESCRIPTION_TOO_LONG' : 'INVALID_RECORD',
      field,
      `longer than ${max} bytes`,
    );
  }
  return b;
}

function checkPublicKey(pk: Uint8Array): void {
  if (!(pk instanceof Uint8Array) || pk.length !== HYBRID_PUBLIC_KEY_LENGTH) {
    throw new TrustGraphError(
      'BAD_PUBLIC_KEY',
      'publicKey',
      `must be ${HYBRID_PUBLIC_KEY_LENGTH} bytes`,
    );
  }
}

/** Canonical bytes of a TRUST record signed by `publicKey` (spec §5.1). Validates the body. */
export function encodeTrustRecord(body: TrustRecordBody, publicKey: Uint8Array): Uint8Array {
  checkShape({ body });
  const truster = checkQuid(body.truster, 'truster');
  const trustee = checkQuid(body.trustee, 'trustee');
  if (truster === trustee)
    throw new TrustGraphError('SELF_EDGE', 'trustee', 'a quid cannot trust itself');
  checkLevel(body.level);
  checkDomain(body.domain);
  checkNonceShape(body.nonce, 'nonce');
  checkTime(body.timestamp, 'timestamp');
  if (body.timestamp === undefined)
    throw new TrustGraphError('INVALID_TIME', 'timestamp', 'required');
  checkTime(body.validUntil, 'validUntil');
  if (body.validUntil !== undefined && body.validUntil <= body.timestamp) {
    throw new TrustGraphError(
      'EXPIRY_NOT_AFTER_TIMESTAMP',
      'validUntil',
      'must be after timestamp',
    );
  }
  const description = text(body.description, 'description', MAX_DESCRIPTION_BYTES);
  checkPublicKey(publicKey);
  const w = new ByteWriter();
  w.bytes(TRUST_MAGIC);
  w.bytes(hexToBytes(truster));
  w.bytes(hexToBytes(trustee));
  w.f64(body.level);
  w.u64(body.nonce);
  w.u64(body.timestamp);
  w.u64(body.validUntil ?? 0);
  w.bytes(sha256(publicKey));
  w.str8(utf8.encode(body.domain));
  w.str16(description);
  return w.finish();
}

/** Canonical bytes of an IDENTITY record signed by `publicKey` (spec §5.2). Validates the body. */
export function encodeIdentityRecord(body: IdentityRecordBody, publicKey: Uint8Array): Uint8Array {
  checkShape({ body });
  const quid = checkQuid(body.quid, 'quid');
  const creator = checkQuid(body.creator, 'creator');
  checkDomain(body.domain);
  checkNonceShape(body.updateNonce, 'updateNonce');
  checkTime(body.timestamp, 'timestamp');
  if (body.timestamp === undefined)
    throw new TrustGraphError('INVALID_TIME', 'timestamp', 'required');
  const name = text(body.name, 'name', MAX_NAME_BYTES);
  if (name.length === 0) throw new TrustGraphError('INVALID_RECORD', 'name', 'must not be empty');
  const description = text(body.description, 'description', MAX_DESCRIPTION_BYTES);
  if (body.homeDomain !== undefined) checkDomain(body.homeDomain, 'homeDomain');
  if (
    body.attributes !== undefined &&
    (typeof body.attributes !== 'object' || body.attributes === null)
  ) {
    throw new TrustGraphError('INVALID_RECORD', 'attributes', 'must be an object of strings');
  }
  const attrs = Object.entries(body.attributes ?? {}).map(([k, v]) => {
    const key = text(k, 'attributes', MAX_ATTRIBUTE_KEY_BYTES);
    if (key.length === 0) throw new TrustGraphError('INVALID_RECORD', 'attributes', 'empty key');
    return [key, text(v, `attributes.${k}`, MAX_ATTRIBUTE_VALUE_BYTES)] as const;
  });
  if (attrs.length > MAX_ATTRIBUTES)
    throw new TrustGraphError('INVALID_RECORD', 'attributes', `more than ${MAX_ATTRIBUTES}`);
  attrs.sort(([a], [b]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return a.length - b.length;
  });
  checkPublicKey(publicKey);
  const w = new ByteWriter();
  w.bytes(IDENTITY_MAGIC);
  w.bytes(hexToBytes(quid));
  w.bytes(hexToBytes(creator));
  w.u64(body.updateNonce);
  w.u64(body.timestamp);
  w.bytes(sha256(publicKey));
  w.str8(utf8.encode(body.domain));
  w.str8(name);
  w.str16(description);
  w.str8(body.homeDomain === undefined ? new Uint8Array(0) : utf8.encode(body.homeDomain));
  w.u8(attrs.length);
  for (const [k, v] of attrs) {
    w.str8(k);
    w.str16(v);
  }
  return w.finish();
}

export function signTrustRecord(body: TrustRecordBody, key: HybridSigningKey): SignedTrustRecord {
  const message = encodeTrustRecord(body, key.publicKey);
  return {
    body,
    publicKey: key.publicKey,
    signature: hybridSign(key, TRUST_RECORD_CONTEXT, message),
  };
}

export function signIdentityRecord(
  body: IdentityRecordBody,
  key: HybridSigningKey,
): SignedIdentityRecord {
  const message = encodeIdentityRecord(body, key.publicKey);
  return {
    body,
    publicKey: key.publicKey,
    signature: hybridSign(key, IDENTITY_RECORD_CONTEXT, message),
  };
}

function checkSignature(context: string, record: Signed<unknown>, message: Uint8Array): void {
  const { signature } = record;
  if (
    !(signature instanceof Uint8Array) ||
    signature.length !== HYBRID_SIGNATURE_LENGTH ||
    !hybridVerify(record.publicKey, context, message, signature)
  ) {
    throw new TrustGraphError('BAD_SIGNATURE', 'signature', 'hybrid signature does not verify');
  }
}

function checkShape(record: unknown): void {
  if (typeof record !== 'object' || record === null) {
    throw new TrustGraphError('INVALID_RECORD', 'record', 'a signed record is an object');
  }
  const body = (record as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null) {
    throw new TrustGraphError('INVALID_RECORD', 'body', 'a record body is an object');
  }
}

/**
 * Validates a signed TRUST record at time `now` and records its nonce. Order of checks:
 * body shape → expiry → signer = truster → nonce above the signer's last → signature.
 */
export function acceptTrustRecord(
  record: SignedTrustRecord,
  ledger: NonceLedger,
  now: number,
): void {
  checkShape(record);
  const message = encodeTrustRecord(record.body, record.publicKey);
  const { body } = record;
  if (!Number.isSafeInteger(now))
    throw new TrustGraphError('INVALID_TIME', 'now', 'must be a safe integer');
  if (body.validUntil !== undefined && body.validUntil <= now) {
    throw new TrustGraphError('RECORD_EXPIRED', 'validUntil', 'the record has expired');
  }
  if (hybridQuid(record.publicKey) !== body.truster) {
    throw new TrustGraphError('SIGNER_MISMATCH', 'publicKey', 'signer is not the truster');
  }
  const key = `trust:${body.truster}`;
  ledger.check(key, body.nonce);
  checkSignature(TRUST_RECORD_CONTEXT, record, message);
  ledger.accept(key, body.nonce);
}

/** Validates a signed IDENTITY record and records its updateNonce (per quid). */
export function acceptIdentityRecord(record: SignedIdentityRecord, ledger: NonceLedger): void {
  checkShape(record);
  const message = encodeIdentityRecord(record.body, record.publicKey);
  const { body } = record;
  const signer = hybridQuid(record.publicKey);
  if (signer !== body.quid && signer !== body.creator) {
    throw new TrustGraphError(
      'SIGNER_MISMATCH',
      'publicKey',
      'signer is neither the quid nor its creator',
    );
  }
  const key = `identity:${body.quid}`;
  ledger.check(key, body.updateNonce, 'updateNonce');
  checkSignature(IDENTITY_RECORD_CONTEXT, record, message);
  ledger.accept(key, body.updateNonce, 'updateNonce');
}

/** The graph edge an accepted TRUST record contributes, with its provenance. */
export function trustEdgeFromRecord(
  record: SignedTrustRecord,
  provenance: {
    readonly verified: boolean;
    readonly validator?: Quid;
    readonly sourceBlock?: string;
  },
): TrustEdgeInput {
  const b = record.body;
  return {
    truster: b.truster,
    trustee: b.trustee,
    level: b.level,
    domain: b.domain,
    verified: provenance.verified,
    timestamp: b.timestamp,
    ...(b.validUntil === undefined ? {} : { validUntil: b.validUntil }),
    ...(provenance.validator === undefined ? {} : { validator: provenance.validator }),
    ...(provenance.sourceBlock === undefined ? {} : { sourceBlock: provenance.sourceBlock }),
  };
}
