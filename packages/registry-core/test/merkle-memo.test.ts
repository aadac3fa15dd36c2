import { describe, expect, it } from 'vitest';
import { encodeEntry } from '../src/canonical.js';
import type { NodeEntry } from '../src/entry.js';
import { EntryVector } from '../src/entry-vector.js';
import { applyBlock } from '../src/index.js';
import { buildTree, leafHash, type MerkleNode } from '../src/merkle.js';
import { entryLeafHash, MerkleMemo } from '../src/merkle-memo.js';
import { ANCHOR, block, genesis, heartbeat, register } from './helpers.js';

const s0 = genesis();
// Alias order, the leaf order: altair 0, deneb 1, rigel 2, vega 3.
const s1 = applyBlock(
  s0,
  block(
    s0,
    ANCHOR,
    ['vega', 'rigel', 'deneb', 'altair'].map((a) => register(a)),
  ),
);
const s2 = applyBlock(
  s1,
  block(s1, ANCHOR, [heartbeat('altair', 1_000), heartbeat('vega', 1_000)]),
);
const s3 = applyBlock(s1, block(s1, ANCHOR, [register('sirius')]));

const before = EntryVector.from(s1.entries);
/** s1's entries with vega's replaced by the one after its heartbeat. */
const vegaChanged = before.with([3], [s2.entries[3] as NodeEntry]);
const rebuilt = (entries: readonly NodeEntry[]) =>
  buildTree(entries.map((e) => leafHash(encodeEntry(e))));
const computed = (entries: EntryVector) => {
  const memo = MerkleMemo.fresh(entries);
  memo.tree();
  return memo;
};

describe('entryLeafHash', () => {
  it('is the leaf hash of the canonical entry, computed once per entry', () => {
    const e = s1.entries[0] as NodeEntry;
    expect(entryLeafHash(e)).toStrictEqual(leafHash(encodeEntry(e)));
    expect(entryLeafHash(e)).toBe(entryLeafHash(e));
  });
});

describe('MerkleMemo', () => {
  it('builds the tree of a fresh memo once and then returns that tree', () => {
    const memo = MerkleMemo.fresh(before);
    const tree = memo.tree();
    expect(tree).toStrictEqual(rebuilt(s1.entries));
    expect(memo.tree()).toBe(tree);
  });

  it('updates a computed predecessor’s tree, sharing the half that did not change', () => {
    const base = computed(before);
    const tree = MerkleMemo.derived(base, vegaChanged, [3]).tree() as MerkleNode;
    expect(tree.hash).toStrictEqual(rebuilt(vegaChanged.toArray())?.hash);
    expect(tree.left).toBe(base.tree()?.left);
  });

  it('collects the changes of every uncomputed memo back to the computed one', () => {
    const base = computed(before);
    const middle = MerkleMemo.derived(base, vegaChanged, [3]);
    const tree = MerkleMemo.derived(middle, EntryVector.from(s2.entries), [0]).tree();
    expect(tree?.hash).toStrictEqual(rebuilt(s2.entries)?.hash);
  });

  it.each([
    ['a predecessor never computed', () => MerkleMemo.fresh(before), vegaChanged, [3]],
    ['a predecessor of another size', () => computed(before), EntryVector.from(s3.entries), [4]],
    ['an empty predecessor', () => computed(EntryVector.EMPTY), before, [0, 1, 2, 3]],
  ])('rebuilds the tree over %s', (_, base, entries, changed) => {
    const tree = MerkleMemo.derived(base(), entries, changed).tree();
    expect(tree?.hash).toStrictEqual(rebuilt(entries.toArray())?.hash);
  });
});
