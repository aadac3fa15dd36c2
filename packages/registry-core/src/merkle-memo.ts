/**
 * The Merkle tree of a state, computed on demand and remembered. A state made from its
 * predecessor by in-place entry changes links to the predecessor's memo with the changed
 * positions, so its tree costs one path update per changed leaf instead of a rebuild.
 */
import { encodeEntry } from './canonical.js';
import type { NodeEntry } from './entry.js';
import { buildTree, leafHash, type MerkleNode, updateLeaf } from './merkle.js';

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

export class MerkleMemo {
  private tree: MerkleNode | undefined;
  private done: boolean;
  private base: MerkleMemo | undefined;
  private changed: readonly number[] | undefined;

  private constructor(base?: MerkleMemo, changed?: readonly number[]) {
    this.tree = undefined;
    this.done = false;
    this.base = base;
    this.changed = changed;
  }

  /** A memo with no predecessor: the tree is built from all entries. */
  static fresh(): MerkleMemo {
    return new MerkleMemo();
  }

  /** A memo for a state whose entries differ from `base`'s only at `changed` positions. */
  static derived(base: MerkleMemo, changed: readonly number[]): MerkleMemo {
    return new MerkleMemo(base, changed);
  }

  treeOf(entries: readonly NodeEntry[]): MerkleNode | undefined {
    if (this.done) return this.tree;
    // Walk back to the nearest computed tree, collecting every position changed since.
    const positions = new Set<number>();
    let m: MerkleMemo | undefined = this;
    while (m && !m.done && m.base && m.changed) {
      for (const p of m.changed) positions.add(p);
      m = m.base;
    }
    let tree: MerkleNode | undefined;
    if (m?.done && m.tree && m.tree.size === entries.length) {
      tree = m.tree;
      for (const p of [...positions].sort((a, b) => a - b)) {
        tree = updateLeaf(tree, p, entryLeafHash(entries[p] as NodeEntry));
      }
    } else {
      tree = buildTree(entries.map(entryLeafHash));
    }
    this.tree = tree;
    this.done = true;
    this.base = undefined; // let the predecessors' memos go
    this.changed = undefined;
    return tree;
  }
}
