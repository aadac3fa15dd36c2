/**
 * The state root: one hash over everything a fold produces, so a block can commit to the whole
 * state it leaves (entries, known keys, trust edges, operator seqs, policy), not only to the
 * node entries. docs/spec/registry.md §7.1:
 *   stateRoot = SHA-256("QCOS-StateRoot-v1" ‖ entries Merkle root ‖ SHA-256(canonical fields))
 * where the fields are a snapshot's minus its type, version, head hash and entries. The head
 * hash is left out because the block that commits to the root is what sets it.
 * The entries part reuses the Merkle tree kept for proofs, so a block that changes k entries
 * costs k tree paths plus one hash of the small fields. The contract book enters the fields as
 * its own hash (book-hash.ts), remembered per book and per item: blocks that leave the book as
 * it was (most blocks) do not hash it again, and a block that changes k contracts encodes k.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { encode } from './canonical.js';
import { bookHash } from './contracts/book-hash.js';
import { MAX_SNAPSHOT_BYTES } from './limits.js';
import { merkleRoot } from './proofs.js';
import { stateFields } from './snapshot.js';
import type { RegistryState } from './state.js';
import { taggedHash } from './tagged-hash.js';

/** Roots already computed (states are immutable values). */
const memo = new WeakMap<RegistryState, Uint8Array>();
export function stateRoot(state: RegistryState): Uint8Array {
  const known = memo.get(state);
  // Stryker disable next-line ConditionalExpression: equivalent, without the memo the root is computed again, equal
  if (known) return known.slice();
  // Stryker disable next-line StringLiteral: equivalent, a folded state always encodes (its fields were checked on the way in)
  const fields = stateFields(state, false);
  const contracts = bookHash(state.contracts);
  const hashed = contracts === undefined ? fields : { ...fields, contracts };
  const fieldsHash = sha256(encode(hashed, 'SNAPSHOT_MALFORMED', MAX_SNAPSHOT_BYTES));
  const root = taggedHash('QCOS-StateRoot-v1', merkleRoot(state), fieldsHash);
  memo.set(state, root);
  return root.slice();
}
