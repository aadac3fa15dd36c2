/**
 * A state's entries and their Merkle tree, the tree computed on demand and remembered. A state
 * made from its predecessor by in-place entry changes links to the predecessor's tree with the
 * changed positions, so its tree costs one batched update (each dirty node rehashed once)
 * instead of a rebuild.
 */
import { encodeEntry } from './canonical.js';
import type { NodeEntry } from './entry.js';
import { EntryVector } from './entry-vector.js';
import { buildTree, leafHash, type MerkleNode, updateLeaves } from './merkle.js';

const leafMemo = new WeakMap<NodeEntry, Uint8Array>();

/** Leaf hash of an entry; entries are immutable, so it is computed once per entry object. */
export function entryLeafHash(entry: NodeEntry): Uint8Array {
  let h = leafMemo.get(entry);
  if (!h) {
    h = leafHash(encodeEntry(entry));
    leafMemo.set(entry, h);
  }
  return h;
}

/**
 * The lazy tree, kept apart from the entries so that a chain of not-yet-computed trees holds
 * only changed positions, never the predecessors' entries.
 */
class LazyTree {
  tree: MerkleNode | undefined = undefined;
  done = false;
  constructor(
    public base: LazyTree | undefined,
    public changed: readonly number[] | undefined,
  ) {}
}

export class MerkleMemo {
  private constructor(
    /** The entries in alias order (the leaf order). */
    readonly entries: EntryVector,
    private readonly lazy: LazyTree,
  ) {}

  /** A memo with no predecessor: the tree is built from all entries. */
  static fresh(entries: EntryVector = EntryVector.EMPTY): MerkleMemo {
    return new MerkleMemo(entries, new LazyTree(undefined, undefined));
  }

  /** A memo for `entries`, which differ from `base`'s only at `changed` positions. */
  static derived(base: MerkleMemo, entries: EntryVector, changed: readonly number[]): MerkleMemo {
    return new MerkleMemo(entries, new LazyTree(base.lazy, changed));
  }

  tree(): MerkleNode | undefined {
    const own = this.lazy;
    if (own.done) return own.tree;
    const entries = this.entries;
    // Walk back to the nearest computed tree, collecting every position changed since.
    const positions = new Set<number>();
    let m: LazyTree = own;
    while (!m.done && m.base && m.changed) {
      for (const p of m.changed) positions.add(p);
      m = m.base;
    }
    let tree: MerkleNode | undefined;
    if (m.done && m.tree && m.tree.size === entries.size) {
      const indexes = [...positions].sort((a, b) => a - b);
      const hashes = indexes.map((p) => entryLeafHash(entries.at(p) as NodeEntry));
      tree = updateLeaves(m.tree, indexes, hashes);
    } else {
      tree = buildTree(entries.toArray().map(entryLeafHash));
    }
    own.tree = tree;
    own.done = true;
    own.base = undefined; // let the predecessors' trees go
    own.changed = undefined;
    return tree;
  }
}
