import { describe, expect, it } from 'vitest';
import { encodeEntry } from '../src/canonical.js';
import {
  applyBlock,
  type EntryProof,
  merkleRoot,
  proveEntry,
  verifyEntryProof,
} from '../src/index.js';
import { auditPath, buildTree, EMPTY_ROOT, leafHash, type MerkleNode } from '../src/merkle.js';
import { ANCHOR, block, genesis, register } from './helpers.js';

const s0 = genesis();
// Alias order, the leaf order: deneb 0, rigel 1, vega 2.
const s = applyBlock(
  s0,
  block(s0, ANCHOR, [register('vega'), register('rigel'), register('deneb')]),
);
const tree = buildTree(s.entries.map((e) => leafHash(encodeEntry(e)))) as MerkleNode;
const root = tree.hash;
/** Rigel's proof, built here from the tree rather than by proveEntry. */
const rigel: EntryProof = {
  entry: encodeEntry(s.entries[1] as (typeof s.entries)[number]),
  index: 1,
  treeSize: 3,
  path: auditPath(tree, 1),
};

describe('proveEntry', () => {
  it('proves an entry with its canonical bytes, index, tree size and audit path', () => {
    const proof = proveEntry(s, 'rigel');
    expect(proof).toStrictEqual(rigel);
    expect(merkleRoot(s)).toStrictEqual(root);
    expect(verifyEntryProof(root, proof as EntryProof)).toBe(true);
  });

  it('has no proof for an alias that is not registered', () => {
    expect(proveEntry(s, 'sirius')).toBeNull();
    expect(proveEntry(s0, 'rigel')).toBeNull();
  });
});

describe('verifyEntryProof', () => {
  const asList = (b: Uint8Array) => Array.from(b) as unknown as Uint8Array;
  const path = rigel.path;
  // Leaf 0 is not an entry: the path is right, the entry bytes are not.
  const junk = Uint8Array.of(1, 2, 3);
  const junkTree = buildTree([leafHash(junk), leafHash(rigel.entry)]) as MerkleNode;

  it.each<[string, unknown, unknown]>([
    ['the root is missing', undefined, rigel],
    ['the root is a list of bytes', asList(root), rigel],
    ['the root is 31 bytes', root.subarray(0, 31), rigel],
    ['the root is the empty tree’s', EMPTY_ROOT, rigel],
    ['the proof is null', root, null],
    ['the proof is a function', root, Object.assign(() => 0, rigel)],
    ['the entry is a list of bytes', root, { ...rigel, entry: asList(rigel.entry) }],
    ['the path is missing', root, { ...rigel, path: undefined }],
    ['the path is over the length limit', root, { ...rigel, path: Array(65).fill(path[0]) }],
    [
      'a path hash is a list of bytes',
      root,
      { ...rigel, path: [path[0], asList(path[1] as Uint8Array)] },
    ],
    [
      'a path hash is 33 bytes',
      root,
      { ...rigel, path: [Uint8Array.of(...(path[0] as Uint8Array), 0), path[1]] },
    ],
    ['the path is one hash short', root, { ...rigel, path: path.slice(1) }],
    ['the index is past the tree', root, { ...rigel, index: 3 }],
    [
      'the entry bytes are not an entry',
      junkTree.hash,
      { entry: junk, index: 0, treeSize: 2, path: auditPath(junkTree, 0) },
    ],
  ])('is false when %s', (_, r, proof) => {
    expect(verifyEntryProof(r as Uint8Array, proof as EntryProof)).toBe(false);
  });

  it('is true for the same proof of the entry next to the junk leaf', () => {
    const proof = { entry: rigel.entry, index: 1, treeSize: 2, path: auditPath(junkTree, 1) };
    expect(verifyEntryProof(junkTree.hash, proof)).toBe(true);
  });
});
