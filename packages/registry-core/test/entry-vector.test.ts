import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeEntry } from '../src/entry.js';
import { EntryVector } from '../src/entry-vector.js';

/** Stand-ins for entries: the vector only stores and returns references. */
const fake = (tag: string): NodeEntry => ({ alias: tag }) as unknown as NodeEntry;

describe('EntryVector', () => {
  it('matches a copied array after any updates, and every older version stays as it was', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.uniqueArray(fc.nat(), { maxLength: 50 }), { maxLength: 6 }),
        (n, rounds) => {
          let model = Array.from({ length: n }, (_, i) => fake(`e${i}`));
          let v = EntryVector.from(model.slice());
          const history: [EntryVector, NodeEntry[]][] = [[v, model]];
          rounds.forEach((picks, r) => {
            if (n === 0) return;
            const indexes = [...new Set(picks.map((p) => p % n))];
            const entries = indexes.map((i) => fake(`e${i}.${r}`));
            v = v.with(indexes, entries);
            model = model.slice();
            indexes.forEach((i, j) => {
              model[i] = entries[j] as NodeEntry;
            });
            history.push([v, model]);
          });
          for (const [version, expected] of history) {
            expect(version.size).toBe(expected.length);
            for (let i = 0; i < expected.length; i++) expect(version.at(i)).toBe(expected[i]);
            expect(version.toArray()).toStrictEqual(expected);
            expect(version.at(expected.length)).toBeUndefined();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the empty vector has size 0 and no entries', () => {
    expect(EntryVector.EMPTY.size).toBe(0);
    expect(EntryVector.EMPTY.toArray()).toStrictEqual([]);
    expect(EntryVector.EMPTY.at(0)).toBeUndefined();
  });

  it('a vector made from an array keeps that array as its flat view', () => {
    const entries = [fake('a'), fake('b')];
    expect(EntryVector.from(entries).toArray()).toBe(entries);
  });

  it('an updated vector builds its flat view once and returns the same array after', () => {
    const v = EntryVector.from([fake('a'), fake('b')]).with([1], [fake('c')]);
    const flat = v.toArray();
    expect(flat).toStrictEqual([fake('a'), fake('c')]);
    expect(v.toArray()).toBe(flat);
  });

  it('an update without indexes returns the same vector', () => {
    const v = EntryVector.from([fake('a')]);
    expect(v.with([], [])).toBe(v);
  });
});
