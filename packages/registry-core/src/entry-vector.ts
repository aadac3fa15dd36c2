/**
 * The node entries of a state in alias order, as a persistent vector: 32-entry leaves under one
 * spine. Replacing k entries copies the spine (n/32 slots) and the touched leaves only, so each
 * state keeps its own entries while sharing every untouched leaf with its predecessor — instead
 * of copying all n entries per block.
 */
import type { NodeEntry } from './entry.js';

const SHIFT = 5;
const LEAF = 1 << SHIFT;
const MASK = LEAF - 1;

export class EntryVector {
  static readonly EMPTY: EntryVector = new EntryVector([], 0);

  /** The flat array, built on first request (old states stay readable as arrays). */
  private flat: readonly NodeEntry[] | undefined = undefined;

  private constructor(
    private readonly leaves: readonly (readonly NodeEntry[])[],
    readonly size: number,
  ) {}

  /** A vector over `entries` (already in alias order); the array is kept as its flat view. */
  static from(entries: readonly NodeEntry[]): EntryVector {
    const leaves: NodeEntry[][] = [];
    for (let i = 0; i < entries.length; i += LEAF) leaves.push(entries.slice(i, i + LEAF));
    const v = new EntryVector(leaves, entries.length);
    v.flat = entries;
    return v;
  }

  at(index: number): NodeEntry | undefined {
    return this.leaves[index >>> SHIFT]?.[index & MASK];
  }

  /**
   * A new vector whose entry at `indexes[i]` (each below `size`) is `entries[i]`; this one is
   * unchanged. Parallel arrays, so a block's changes need no wrapper object each.
   */
  with(indexes: readonly number[], entries: readonly NodeEntry[]): EntryVector {
    if (indexes.length === 0) return this;
    const leaves = this.leaves.slice();
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i] as number;
      const j = index >>> SHIFT;
      let leaf = leaves[j] as NodeEntry[];
      // A leaf still shared with this vector is copied once, then written in place.
      if (leaf === this.leaves[j]) {
        leaf = leaf.slice();
        leaves[j] = leaf;
      }
      leaf[index & MASK] = entries[i] as NodeEntry;
    }
    return new EntryVector(leaves, this.size);
  }

  toArray(): readonly NodeEntry[] {
    if (this.flat === undefined) {
      const out = new Array<NodeEntry>(this.size);
      let i = 0;
      for (const leaf of this.leaves) for (const e of leaf) out[i++] = e;
      this.flat = out;
    }
    return this.flat;
  }
}
