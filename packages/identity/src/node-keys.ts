/**
 * One 32-byte identity seed gives a node its long-term keys, so whoever holds the seed (the node,
 * or the provisioner that made it) derives the same ones:
 *  - the hybrid signing key is hybridKeyFromSeed(seed); its quid names the node everywhere;
 *  - the static KEM key (X-Wing, in the transport) is made from the 32-byte seed
 *    SHA-256("qcos/static-key/v1" ‖ seed).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concat } from './bytes.js';
import { type HybridSigningKey, hybridKeyFromSeed } from './hybrid-signature.js';

const STATIC_KEY_LABEL = new TextEncoder().encode('qcos/static-key/v1');

export interface NodeKeys {
  readonly signingKey: HybridSigningKey;
  /** The 32-byte seed of the node's static KEM key pair. */
  readonly staticKeySeed: Uint8Array;
}

/** The keys of a node from its 32-byte identity seed (`HYBRID_SEED_LENGTH`). */
export function deriveNodeKeys(seed: Uint8Array): NodeKeys {
  // hybridKeyFromSeed refuses a seed that is not HYBRID_SEED_LENGTH bytes.
  return {
    signingKey: hybridKeyFromSeed(seed),
    staticKeySeed: sha256(concat(STATIC_KEY_LABEL, seed)),
  };
}
