/**
 * The RFC 6962 Merkle tree over node entries sorted by alias:
 *   leaf = SHA-256(0x00 ‖ canonical entry), node = SHA-256(0x01 ‖ left ‖ right),
 *   a subtree of n > 1 leaves splits at k = the largest power of two below n,
 *   the empty tree hashes to SHA-256("").
 * The tree is persistent: updating one leaf copies only its path (O(log n) hashes), so every
 * registry state can keep its own tree while sharing the rest with its predecessor.
 */
import { sha256 } from '@noble/hashes/sha2.js';

export interface MerkleNode {
  readonly hash: Uint8Array;
  readonly size: number;
  readonly left?: MerkleNode;
  readonly right?: MerkleNode;
}

export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

export function leafHash(leafBytes: Uint8Array): Uint8Array {
  const buf = new Uint8Array(leafBytes.length + 1);
  buf[0] = 0x00;
  buf.set(leafBytes, 1);
  return sha256(buf);
}

/**
 * Input of nodeHash for 32-byte children: 0x01 ‖ left ‖ right. Hashing is synchronous, so one
 * buffer serves every call and a Merkle update allocates no input per node.
 */
const NODE_INPUT = new Uint8Array(65);
NODE_INPUT[0] = 0x01;

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === 32 && right.length === 32) {
    NODE_INPUT.set(left, 1);
    NODE_INPUT.set(right, 33);
    return sha256(NODE_INPUT);
  }
  const buf = new Uint8Array(65);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 33);
  return sha256(buf);
}

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Builds the tree over already-hashed leaves; undefined for zero leaves. */
export function buildTree(leaves: readonly Uint8Array[]): MerkleNode | undefined {
  if (leaves.length === 0) return undefined;
  const build = (lo: number, hi: number): MerkleNode => {
    const n = hi - lo;
    if (n === 1) return { hash: leaves[lo] as Uint8Array, size: 1 };
    const k = splitPoint(n);
    const left = build(lo, lo + k);
    const right = build(lo + k, hi);
    return { hash: nodeHash(left.hash, right.hash), size: n, left, right };
  };
  return build(0, leaves.length);
}

/** The root over raw leaf values (each hashed as a leaf first). */
export function rootOfLeaves(leaves: readonly Uint8Array[]): Uint8Array {
  return treeRoot(buildTree(leaves.map(leafHash)));
}

export function treeRoot(tree: MerkleNode | undefined): Uint8Array {
  return tree ? tree.hash : EMPTY_ROOT;
}

/** A copy of `tree` whose leaf `index` is `hash`: only the nodes on its path are new. */
export function updateLeaf(tree: MerkleNode, index: number, hash: Uint8Array): MerkleNode {
  if (tree.size === 1) return { hash, size: 1 };
  const k = splitPoint(tree.size);
  const left = tree.left as MerkleNode;
  const right = tree.right as MerkleNode;
  if (index < k) {
    const l = updateLeaf(left, index, hash);
    return { hash: nodeHash(l.hash, right.hash), size: tree.size, left: l, right };
  }
  const r = updateLeaf(right, index - k, hash);
  return { hash: nodeHash(left.hash, r.hash), size: tree.size, left, right: r };
}

/**
 * A copy of `tree` whose leaves at `indexes` (ascending, unique) are `hashes`: every node on a
 * changed path is rebuilt and rehashed once, however many changed leaves lie below it, so a
 * block's k changes cost one hash per dirty node instead of k full paths.
 */
export function updateLeaves(
  tree: MerkleNode,
  indexes: readonly number[],
  hashes: readonly Uint8Array[],
): MerkleNode {
  const go = (node: MerkleNode, offset: number, from: number, to: number): MerkleNode => {
    if (node.size === 1) return { hash: hashes[from] as Uint8Array, size: 1 };
    const k = splitPoint(node.size);
    let mid = from;
    while (mid < to && (indexes[mid] as number) < offset + k) mid++;
    const left = mid > from ? go(node.left as MerkleNode, offset, from, mid) : node.left;
    const right = to > mid ? go(node.right as MerkleNode, offset + k, mid, to) : node.right;
    const l = left as MerkleNode;
    const r = right as MerkleNode;
    return { hash: nodeHash(l.hash, r.hash), size: node.size, left: l, right: r };
  };
  return indexes.length === 0 ? tree : go(tree, 0, 0, indexes.length);
}

/** The audit path of leaf `index`, from the leaf's sibling up to the root's child (RFC 6962 §2.1.1). */
export function auditPath(tree: MerkleNode, index: number): Uint8Array[] {
  const path: Uint8Array[] = [];
  let node = tree;
  let i = index;
  while (node.size > 1) {
    const k = splitPoint(node.size);
    const left = node.left as MerkleNode;
    const right = node.right as MerkleNode;
    if (i < k) {
      path.push(right.hash);
      node = left;
    } else {
      path.push(left.hash);
      node = right;
      i -= k;
    }
  }
  return path.reverse();
}

/**
 * Recomputes the root from a leaf hash and its audit path (RFC 9162 §2.1.3.2). Returns null
 * when the path has the wrong length for (index, size).
 */
export function rootFromPath(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
): Uint8Array | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    return null;
  }
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}
