import type { Quid } from '@qcos/identity';
import { toHex } from '@qcos/identity';
import type { StoredRoot } from '@qcos/interface';
import type { MerkleProofView, MerkleRootView, TrustView } from '@qcos/qan-api';
import {
  defaultTierOf,
  merkleRoot,
  proveEntry,
  type RegistryState,
  relationalTrustPpm,
  verifyEntryProof,
} from '@qcos/registry-core';

/** The API's view of a stored Merkle root (schemas/api/merkle-root.schema.json). */
export function merkleRootView(root: StoredRoot): MerkleRootView {
  return { height: root.height, root: toHex(root.root), nodeCount: root.nodeCount };
}

/** An inclusion proof of `alias` and the QAN's own check of it; undefined for an unknown alias. */
export function merkleProofView(state: RegistryState, alias: string): MerkleProofView | undefined {
  const proof = proveEntry(state, alias);
  if (proof === null) return undefined;
  const root = merkleRoot(state);
  return {
    alias,
    height: state.height,
    root: toHex(root),
    proof: {
      entry: toHex(proof.entry),
      index: proof.index,
      treeSize: proof.treeSize,
      path: proof.path.map(toHex),
    },
    valid: verifyEntryProof(root, proof),
  };
}

/** Relational trust from `observer` (default: the genesis anchor) to `target`, and its tier. */
export function trustView(
  state: RegistryState,
  target: string,
  observer: string | undefined,
): TrustView {
  const from = (observer ?? state.anchor) as Quid;
  return {
    observer: from,
    target,
    trustLevel: relationalTrustPpm(state, from, target as Quid) / 1_000_000,
    tier: defaultTierOf()(target as Quid, state),
  };
}
