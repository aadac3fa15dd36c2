/**
 * The Merkle root of a state and inclusion proofs of single entries, so a relay or light
 * client can check one entry against a root signed by a QAN.
 */
import { equalBytes } from '@qcos/identity';
import { encodeEntry } from './canonical.js';
import type { NodeEntry } from './entry.js';
import { decodeEntry } from './entry-codec.js';
import { MAX_PROOF_PATH } from './limits.js';
import { auditPath, leafHash, rootFromPath, treeRoot } from './merkle.js';
import type { RegistryState } from './state.js';

/** The root over all entries sorted by alias (RFC 6962; SHA-256("") when there are none). */
export function merkleRoot(state: RegistryState): Uint8Array {
  return treeRoot(state.merkle.tree());
}

export interface EntryProof {
  /** Canonical bytes of the entry (the leaf is SHA-256(0x00 ‖ entry)). */
  readonly entry: Uint8Array;
  readonly index: number;
  readonly treeSize: number;
  /** Sibling hashes from the leaf upwards. */
  readonly path: readonly Uint8Array[];
}

/** An inclusion proof of `alias`, or null when no such node is registered. */
export function proveEntry(state: RegistryState, alias: string): EntryProof | null {
  const index = state.positions.get(alias);
  if (index === undefined) return null;
  const tree = state.merkle.tree();
  if (!tree) return null;
  return {
    entry: encodeEntry(state.merkle.entries.at(index) as NodeEntry),
    index,
    treeSize: tree.size,
    path: auditPath(tree, index),
  };
}

/**
 * True when `proof` shows its entry at its index in a tree of `root`. Never throws: malformed
 * proofs are false. Use decodeEntry(proof.entry) to read the proven entry.
 */
export function verifyEntryProof(root: Uint8Array, proof: EntryProof): boolean {
  if (!(root instanceof Uint8Array) || root.length !== 32) return false;
  if (typeof proof !== 'object' || proof === null) return false;
  const { entry, index, treeSize, path } = proof;
  if (!(entry instanceof Uint8Array) || !Array.isArray(path) || path.length > MAX_PROOF_PATH)
    return false;
  if (!path.every((p) => p instanceof Uint8Array && p.length === 32)) return false;
  try {
    decodeEntry(entry);
  } catch {
    return false;
  }
  const r = rootFromPath(leafHash(entry), index, treeSize, path);
  return r !== null && equalBytes(r, root);
}
