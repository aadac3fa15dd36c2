/**
 * SHA-256 over an ASCII tag and digests: `H(tag ‖ part ‖ part ‖ …)`. The tag keeps a hash of one
 * kind (a state root, a void block's head, a contract book) from ever equalling one of another.
 */
import { sha256 } from '@noble/hashes/sha2.js';

export function taggedHash(tag: string, ...parts: readonly Uint8Array[]): Uint8Array {
  const prefix = new TextEncoder().encode(tag);
  let length = prefix.length;
  for (const p of parts) length += p.length;
  const input = new Uint8Array(length);
  input.set(prefix, 0);
  let at = prefix.length;
  for (const p of parts) {
    input.set(p, at);
    at += p.length;
  }
  return sha256(input);
}
