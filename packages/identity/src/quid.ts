import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from './bytes.js';

/**
 * A quid: 16 lower-case hex characters naming a public key. The one id type for keys and nodes:
 * a node's id on the wire (CHIPS `NodeId`) is the quid of its signing key.
 */
export type Quid = string & { readonly __brand: 'Quid' };

/** Length of a quid in characters (8 bytes when carried as raw bytes). */
export const QUID_LENGTH = 16;

const QUID_RE = /^[0-9a-f]{16}$/;

export function isQuid(value: unknown): value is Quid {
  return typeof value === 'string' && QUID_RE.test(value);
}

/** quid = hex(SHA-256(public key bytes))[0:16], the Quidnug rule. */
export function quidFromPublicKey(publicKey: Uint8Array): Quid {
  return toHex(sha256(publicKey).subarray(0, QUID_LENGTH / 2)) as Quid;
}
