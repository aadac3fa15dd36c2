import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditPath,
  buildTree,
  EMPTY_ROOT,
  leafHash,
  type MerkleNode,
  nodeHash,
  rootFromPath,
  rootOfLeaves,
  treeRoot,
  updateLeaf,
  updateLeaves,
} from '../src/merkle.js';

/** RFC 6962 §2.1 written out recursively, as a second path to the same roots. */
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return sha256(Uint8Array.of(0, ...(leaves[0] as Uint8Array)));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Uint8Array.of(1, ...mth(leaves.slice(0, k)), ...mth(leaves.slice(k))));
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
// The Certificate Transparency test leaves (RFC 6962 reference implementation tests).
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);

describe('merkle tree', () => {
  it('matches the recursive definition for 0..40 leaves', () => {
    for (let n = 0; n <= 40; n++) {
      const leaves = Array.from({ length: n }, (_, i) => Uint8Array.of(i, i >> 8));
      expect(hex(treeRoot(buildTree(leaves.map(leafHash))))).toBe(hex(mth(leaves)));
    }
  });

  it('gives the Certificate Transparency root of the eight test leaves', () => {
    expect(hex(treeRoot(buildTree(CT_LEAVES.map(leafHash))))).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it('every audit path verifies, and a wrong index or leaf does not', () => {
    for (let n = 1; n <= 20; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i)));
      const tree = buildTree(leaves);
      if (!tree) throw new Error('empty');
      for (let i = 0; i < n; i++) {
        const path = auditPath(tree, i);
        expect(hex(rootFromPath(leaves[i] as Uint8Array, i, n, path) ?? new Uint8Array())).toBe(
          hex(tree.hash),
        );
        const other = rootFromPath(leaves[(i + 1) % n] as Uint8Array, i, n, path);
        if (n > 1) expect(other && hex(other)).not.toBe(hex(tree.hash));
      }
    }
  });

  it('updating one leaf equals rebuilding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        (n, at, bytes) => {
          const leaves = Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i)));
          const i = at % n;
          const updated = updateLeaf(
            buildTree(leaves) as NonNullable<ReturnType<typeof buildTree>>,
            i,
            leafHash(bytes),
          );
          leaves[i] = leafHash(bytes);
          expect(hex(updated.hash)).toBe(hex(treeRoot(buildTree(leaves))));
        },
      ),
    );
  });

  it('a batched update of many leaves equals rebuilding, and leaves the old tree as it was', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 90 }),
        fc.uniqueArray(fc.nat(), { maxLength: 40 }),
        fc.nat(255),
        (n, picks, salt) => {
          const leaves = Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i)));
          const old = buildTree(leaves) as NonNullable<ReturnType<typeof buildTree>>;
          const oldRoot = hex(old.hash);
          const indexes = [...new Set(picks.map((p) => p % n))].sort((a, b) => a - b);
          const hashes = indexes.map((i) => leafHash(Uint8Array.of(i, salt, 1)));
          const updated = updateLeaves(old, indexes, hashes);
          indexes.forEach((i, j) => {
            leaves[i] = hashes[j] as Uint8Array;
          });
          expect(hex(updated.hash)).toBe(hex(treeRoot(buildTree(leaves))));
          expect(hex(old.hash)).toBe(oldRoot);
        },
      ),
    );
  });
});

describe('merkle helpers', () => {
  const CT_ROOT = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
  const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i)));
  const tree = (n: number) => buildTree(leaves(n)) as MerkleNode;

  it('rootOfLeaves hashes raw leaves into the Certificate Transparency root', () => {
    expect(hex(rootOfLeaves(CT_LEAVES))).toBe(CT_ROOT);
    expect(rootOfLeaves([])).toStrictEqual(EMPTY_ROOT);
  });

  it.each([
    ['a short left child', 31, 32],
    ['a short right child', 32, 31],
  ])('nodeHash of %s does not depend on the hashes made before it', (_, l, r) => {
    const left = new Uint8Array(l).fill(7);
    const right = new Uint8Array(r).fill(9);
    // Earlier hashes over 32- and 33-byte left children, all zeros and then all ones.
    const hashBefore = (fill: number) => {
      nodeHash(new Uint8Array(32).fill(fill), new Uint8Array(32).fill(fill));
      nodeHash(new Uint8Array(33).fill(fill), new Uint8Array(32).fill(fill));
    };
    hashBefore(0);
    const first = nodeHash(left, right);
    hashBefore(0xff);
    expect(nodeHash(left, right)).toStrictEqual(first);
  });

  it.each([1, 5])('updateLeaves with no leaves returns the tree of %i leaves itself', (n) => {
    const t = tree(n);
    expect(updateLeaves(t, [], [])).toBe(t);
  });

  describe('rootFromPath', () => {
    const t = tree(4);
    const path = auditPath(t, 3);
    const leaf = leaves(4)[3] as Uint8Array;

    it.each([
      ['the index equals the size', 4, 4],
      ['the index is negative', -1, 4],
      ['the index is not an integer', 1.5, 4],
      ['the size is not an integer', 1, 4.5],
      ['the index is NaN', Number.NaN, 4],
    ])('is null when %s', (_, index, size) => {
      expect(rootFromPath(leaf, index, size, path)).toBeNull();
    });

    it('is null for a path longer or shorter than the tree is deep', () => {
      expect(rootFromPath(leaf, 0, 1, [leaf])).toBeNull();
      expect(rootFromPath(leaf, 3, 4, [...path, leaf])).toBeNull();
      expect(rootFromPath(leaf, 3, 4, path.slice(1))).toBeNull();
      expect(rootFromPath(leaf, 3, 4, path)).toStrictEqual(t.hash);
    });
  });
});
