/**
 * A node identity as the handshake uses it: the static X-Wing key the KEM tokens
 * authenticate, the certificate the node's long-term hybrid signing key made for that
 * static key, and the vendor's attestation document for both. Built once at
 * provisioning time; the signing key itself is not needed to run handshakes.
 */
import type { HybridSigningKey, Quid } from '@qcos/identity';
import type { KemKeyPair } from '../crypto/xwing.js';
import { decodeCertificate, issueCertificate } from './certificate.js';

export interface NodeIdentity {
  readonly staticKey: KemKeyPair;
  /** Encoded IdentityCertificate (see certificate.ts). */
  readonly certificate: Uint8Array;
  /** Encoded AttestationDocument signed by a vendor root (see attestation.ts). */
  readonly attestation: Uint8Array;
}

export interface NodeIdentityInput {
  readonly subject: string;
  readonly staticKey: KemKeyPair;
  readonly signingKey: HybridSigningKey;
  readonly validFrom: number;
  readonly validUntil: number;
  /** Made by the vendor over this node's keys (issueAttestation). */
  readonly attestation: Uint8Array;
}

export function createNodeIdentity(i: NodeIdentityInput): NodeIdentity {
  const certificate = issueCertificate(i.signingKey, {
    subject: i.subject,
    staticPublicKey: i.staticKey.publicKey,
    validFrom: i.validFrom,
    validUntil: i.validUntil,
  });
  return { staticKey: i.staticKey, certificate, attestation: i.attestation };
}

/** The quid the certificate names (the hybrid signing key's). */
export function identityQuid(identity: NodeIdentity): Quid {
  return decodeCertificate(identity.certificate).quid;
}
