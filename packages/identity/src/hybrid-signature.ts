/**
 * Hybrid signatures: Ed25519 and ML-DSA-65 over the same domain-separated message.
 * Both must verify; a forger has to break both schemes. Signing is deterministic
 * (RFC 8032 Ed25519, ML-DSA with no extra entropy) so signed blocks and records are
 * reproducible byte for byte from the same keys and content.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { type Quid, quidFromPublicKey } from './quid.js';
import { type RandomBytes, webCryptoRandom } from './random.js';

export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;
export const ML_DSA65_PUBLIC_KEY_LENGTH = 1952;
export const ML_DSA65_SIGNATURE_LENGTH = 3309;
export const HYBRID_PUBLIC_KEY_LENGTH = ED25519_PUBLIC_KEY_LENGTH + ML_DSA65_PUBLIC_KEY_LENGTH;
export const HYBRID_SIGNATURE_LENGTH = ED25519_SIGNATURE_LENGTH + ML_DSA65_SIGNATURE_LENGTH;
export const HYBRID_SEED_LENGTH = 32;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const DOMAIN = utf8('QCOS-HybridSig-v1');

export interface HybridSigningKey {
  readonly ed25519: Uint8Array;
  readonly mlDsa65: Uint8Array;
  /** The encoded public key: ed25519 (32) ‖ ML-DSA-65 (1952). */
  readonly publicKey: Uint8Array;
}

/** Derives both key pairs from one 32-byte seed (HKDF-SHA256, one label each). */
export function hybridKeyFromSeed(seed: Uint8Array): HybridSigningKey {
  if (seed.length !== HYBRID_SEED_LENGTH) {
    throw new RangeError(`hybrid key seed must be ${HYBRID_SEED_LENGTH} bytes, got ${seed.length}`);
  }
  const edSeed = hkdf(sha256, seed, undefined, utf8('qcos hybrid ed25519'), 32);
  const dsaSeed = hkdf(sha256, seed, undefined, utf8('qcos hybrid ml-dsa-65'), 32);
  const ed = ed25519.keygen(edSeed);
  const dsa = ml_dsa65.keygen(dsaSeed);
  const publicKey = new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH);
  publicKey.set(ed.publicKey, 0);
  publicKey.set(dsa.publicKey, ED25519_PUBLIC_KEY_LENGTH);
  return { ed25519: ed.secretKey, mlDsa65: dsa.secretKey, publicKey };
}

export function generateHybridKey(random: RandomBytes = webCryptoRandom): HybridSigningKey {
  return hybridKeyFromSeed(random(HYBRID_SEED_LENGTH));
}

/** The quid of a hybrid key is the quid of its encoded public key. */
export function hybridQuid(publicKey: Uint8Array): Quid {
  return quidFromPublicKey(publicKey);
}

/** DOMAIN ‖ len(context) ‖ context ‖ message: what both schemes sign. */
function signingInput(context: string, message: Uint8Array): Uint8Array {
  const ctx = new TextEncoder().encode(context);
  if (ctx.length > 255) throw new RangeError('signature context longer than 255 bytes');
  const out = new Uint8Array(DOMAIN.length + 1 + ctx.length + message.length);
  out.set(DOMAIN, 0);
  out[DOMAIN.length] = ctx.length;
  out.set(ctx, DOMAIN.length + 1);
  out.set(message, DOMAIN.length + 1 + ctx.length);
  return out;
}

/**
 * Signs `message` under `context` (a short label naming what is signed, e.g. "registry-block"),
 * so a signature made for one kind of object can never be replayed as another.
 * Returns ed25519 (64) ‖ ML-DSA-65 (3309).
 */
export function hybridSign(
  key: HybridSigningKey,
  context: string,
  message: Uint8Array,
): Uint8Array {
  const m = signingInput(context, message);
  const out = new Uint8Array(HYBRID_SIGNATURE_LENGTH);
  out.set(ed25519.sign(m, key.ed25519), 0);
  out.set(ml_dsa65.sign(m, key.mlDsa65, { extraEntropy: false }), ED25519_SIGNATURE_LENGTH);
  return out;
}

/** True only when both signatures verify. Never throws on malformed input. */
export function hybridVerify(
  publicKey: Uint8Array,
  context: string,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.length !== HYBRID_PUBLIC_KEY_LENGTH) return false;
  if (signature.length !== HYBRID_SIGNATURE_LENGTH) return false;
  let m: Uint8Array;
  try {
    m = signingInput(context, message);
  } catch {
    return false;
  }
  const edPub = publicKey.subarray(0, ED25519_PUBLIC_KEY_LENGTH);
  const dsaPub = publicKey.subarray(ED25519_PUBLIC_KEY_LENGTH);
  const edSig = signature.subarray(0, ED25519_SIGNATURE_LENGTH);
  const dsaSig = signature.subarray(ED25519_SIGNATURE_LENGTH);
  try {
    // Ed25519 first: it is ~50x cheaper, so forged signatures are usually rejected early.
    if (!ed25519.verify(edSig, m, edPub)) return false;
    return ml_dsa65.verify(dsaSig, m, dsaPub);
  } catch {
    return false;
  }
}
