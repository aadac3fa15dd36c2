import { createHash } from 'node:crypto';
import {
  deriveNodeKeys,
  type HybridSigningKey,
  hybridKeyFromSeed,
  type Quid,
} from '@qcos/identity';
import {
  createNodeIdentity,
  identityQuid,
  issueAttestation,
  type KemKeyPair,
  type NodeIdentity,
  XWING,
} from '@qcos/pq-transport';

/** How long a provisioned certificate and attestation are valid. */
export const IDENTITY_VALIDITY_MS = 365 * 24 * 3600 * 1000;
/** Tolerated clock skew between a node and the peers that check its documents. */
export const CLOCK_SKEW_MS = 3600 * 1000;

const sha256 = (...parts: (string | Uint8Array)[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/**
 * A node's keys from its 32-byte identity seed (@qcos/identity's `deriveNodeKeys`): the hybrid
 * signing key, whose quid names the node everywhere, and the static X-Wing key made from the
 * derived static-key seed. Whoever holds the seed (a provisioner) derives the same keys.
 */
export function nodeKeysFromSeed(seed: Uint8Array): {
  signingKey: HybridSigningKey;
  staticKey: KemKeyPair;
} {
  const { signingKey, staticKeySeed } = deriveNodeKeys(seed);
  return { signingKey, staticKey: XWING.keyPairFromSeed(staticKeySeed) };
}

export interface ProvisionInput {
  /** Certificate subject: the DQN-Alias or the service's name (a DNS label). */
  readonly subject: string;
  readonly identitySeed: Uint8Array;
  /** Seed of the vendor root that signs the attestation document. */
  readonly vendorSeed: Uint8Array;
  /** Attested hardware id, e.g. `qpu:rigel`. */
  readonly hardwareId: string;
  /** Measured software, e.g. `qcos-qan/0.1.0`. */
  readonly measurement: string;
  readonly now: number;
}

/**
 * Provisions a node identity: certificate by the node's own signing key, attestation by the
 * vendor root. (In production the vendor signs at manufacture; a devnet holds the vendor seed.)
 */
export function provisionNodeIdentity(input: ProvisionInput): {
  identity: NodeIdentity;
  quid: Quid;
  vendorPublicKey: Uint8Array;
} {
  const { signingKey, staticKey } = nodeKeysFromSeed(input.identitySeed);
  const vendor = hybridKeyFromSeed(input.vendorSeed);
  const validFrom = input.now - CLOCK_SKEW_MS;
  const validUntil = input.now + IDENTITY_VALIDITY_MS;
  const attestation = issueAttestation(vendor, {
    hardwareId: new TextEncoder().encode(input.hardwareId),
    measurements: [sha256(input.measurement)],
    staticPublicKey: staticKey.publicKey,
    signingPublicKey: signingKey.publicKey,
    validFrom,
    validUntil,
  });
  const identity = createNodeIdentity({
    subject: input.subject,
    staticKey,
    signingKey,
    validFrom,
    validUntil,
    attestation,
  });
  return { identity, quid: identityQuid(identity), vendorPublicKey: vendor.publicKey };
}
