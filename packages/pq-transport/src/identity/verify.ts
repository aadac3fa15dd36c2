/**
 * Verifies what a peer presents in the handshake: its certificate must name exactly the
 * static key the KEM authenticated, be self-signed by its signing key and be in date;
 * its attestation must be signed by one of the configured roots, be in date, and name
 * the same two keys. Signature checks are the expensive part (two ML-DSA-65 verifies),
 * so a VerificationCache remembers documents that already passed; dates and key
 * binding are re-checked on every use.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import {
  concat,
  equalBytes,
  HYBRID_SIGNATURE_LENGTH,
  hybridQuid,
  type Quid,
  toHex,
} from '@qcos/identity';
import { fail } from '../errors.js';
import {
  type AttestationDocument,
  attestationSignatureValid,
  decodeAttestation,
} from './attestation.js';
import {
  certificateSignatureValid,
  decodeCertificate,
  type IdentityCertificate,
} from './certificate.js';

/** Vendor root public keys by quid. */
export type TrustRoots = ReadonlyMap<Quid, Uint8Array>;

export function trustRoots(publicKeys: readonly Uint8Array[]): TrustRoots {
  return new Map(publicKeys.map((pk) => [hybridQuid(pk), pk]));
}

/** What the policy callback and the session log see about a verified peer. */
export interface PeerIdentity {
  readonly quid: Quid;
  readonly subject: string;
  readonly staticPublicKey: Uint8Array;
  readonly certificate: IdentityCertificate;
  readonly attestation: AttestationDocument;
}

export const DEFAULT_CACHE_ENTRIES = 1024;

interface CacheEntry {
  readonly certificate: Uint8Array;
  readonly attestation: Uint8Array;
  readonly root: Uint8Array;
}

/**
 * Index by the two Ed25519 signatures (64 bytes each, unique per signed content); a hit
 * is then confirmed by comparing every byte, so no hash of the 13 KB documents is needed.
 */
function cacheKey(certificate: Uint8Array, attestation: Uint8Array): string {
  const sigAt = (b: Uint8Array) =>
    b.subarray(
      Math.max(0, b.length - HYBRID_SIGNATURE_LENGTH),
      Math.max(0, b.length - HYBRID_SIGNATURE_LENGTH) + 64,
    );
  return toHex(concat(sigAt(certificate), sigAt(attestation)));
}

/** A bounded memo of certificate + attestation pairs whose signatures verified. */
export class VerificationCache {
  readonly maxEntries: number;
  readonly #map = new Map<string, CacheEntry>();

  constructor(maxEntries = DEFAULT_CACHE_ENTRIES) {
    this.maxEntries = maxEntries;
  }
  get size(): number {
    return this.#map.size;
  }
  /** True when exactly these bytes verified under exactly this root before. */
  has(certificate: Uint8Array, attestation: Uint8Array, root: Uint8Array): boolean {
    const e = this.#map.get(cacheKey(certificate, attestation));
    return (
      e !== undefined &&
      equalBytes(e.certificate, certificate) &&
      equalBytes(e.attestation, attestation) &&
      equalBytes(e.root, root)
    );
  }
  add(certificate: Uint8Array, attestation: Uint8Array, root: Uint8Array): void {
    const key = cacheKey(certificate, attestation);
    const value = { certificate: certificate.slice(), attestation: attestation.slice(), root };
    if (this.#map.size >= this.maxEntries) {
      const oldest = this.#map.keys().next().value;
      // Stryker disable next-line ConditionalExpression: equivalent, deleting the key undefined is a no-op
      if (oldest !== undefined) this.#map.delete(oldest);
    }
    this.#map.set(key, value);
  }
}

function inDate(from: number, until: number, now: number): boolean {
  return from <= now && now <= until;
}

export function verifyPeerIdentity(
  certificate: Uint8Array,
  attestation: Uint8Array,
  authenticatedStaticKey: Uint8Array,
  roots: TrustRoots,
  now: number,
  cache?: VerificationCache,
): PeerIdentity {
  const cert = decodeCertificate(certificate);
  const doc = decodeAttestation(attestation);
  if (!equalBytes(cert.staticPublicKey, authenticatedStaticKey)) {
    fail('KEY_MISMATCH', 'certificate names a different static key', 'staticPublicKey');
  }
  const root = roots.get(doc.rootQuid);
  if (root === undefined) fail('UNTRUSTED_ROOT', `no configured root ${doc.rootQuid}`, 'rootQuid');
  if (!equalBytes(doc.staticKeyDigest, sha256(cert.staticPublicKey))) {
    fail('KEY_MISMATCH', 'attestation names a different static key', 'staticKeyDigest');
  }
  if (!equalBytes(doc.signingKeyDigest, sha256(cert.signingPublicKey))) {
    fail('KEY_MISMATCH', 'attestation names a different signing key', 'signingKeyDigest');
  }
  if (!inDate(cert.validFrom, cert.validUntil, now))
    fail('EXPIRED', 'certificate out of date', 'validUntil');
  if (!inDate(doc.validFrom, doc.validUntil, now))
    fail('EXPIRED', 'attestation out of date', 'validUntil');
  if (cache === undefined || !cache.has(certificate, attestation, root)) {
    if (!certificateSignatureValid(cert))
      fail('BAD_CERTIFICATE', 'signature does not verify', 'signature');
    if (!attestationSignatureValid(doc, root)) {
      fail('BAD_ATTESTATION', 'root signature does not verify', 'signature');
    }
    cache?.add(certificate, attestation, root);
  }
  return {
    quid: cert.quid,
    subject: cert.subject,
    staticPublicKey: cert.staticPublicKey,
    certificate: cert,
    attestation: doc,
  };
}
