/**
 * SHA-256 over an ASCII tag and two 32-byte digests: `H(tag ‖ first ‖ second)`. The tag keeps a
 * hash of one kind (a state root, a void block's head) from ever equalling one of another.
 */
import { sha256 } from '@noble/hashes/sha2.js';

export function taggedHash(tag: string, first: Uint8Array, second: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(tag);
  const input = new Uint8Array(prefix.length + first.length + second.length);
  input.set(prefix, 0);
  input.set(first, prefix.length);
  input.set(second, prefix.length + first.length);
  return sha256(input);
}
