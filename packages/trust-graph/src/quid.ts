import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A quid: 16 lower-case hex characters naming a public key. */
export type Quid = string & { readonly __brand: 'Quid' };

const QUID_RE = /^[0-9a-f]{16}$/;

export function isQuid(value: unknown): value is Quid {
  return typeof value === 'string' && QUID_RE.test(value);
}

/** quid = hex(SHA-256(public key bytes))[0:16], the Quidnug rule. */
export function quidFromPublicKey(publicKey: Uint8Array): Quid {
  return bytesToHex(sha256(publicKey)).slice(0, 16) as Quid;
}
