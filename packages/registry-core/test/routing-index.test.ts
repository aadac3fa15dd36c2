/** The routing index: ACTIVE aliases per scope and per capacity class, updated incrementally. */
import { describe, expect, it } from 'vitest';
import type { NodeEntry } from '../src/index.js';
import { buildIndex, type RoutingIndex, updateIndex } from '../src/routing-index.js';
import { nodeEntry } from './helpers.js';

/** The index as plain lists: scope → aliases and capacity class → aliases. */
const index = (byScope: [string, string[]][], byClass: [number, string[]][]): RoutingIndex => ({
  byScope: new Map(byScope),
  byClass: new Map(byClass),
});
/** The index after one entry changed from `before` to `after` in an index built from `base`. */
const change = (base: NodeEntry[], before?: NodeEntry, after?: NodeEntry): RoutingIndex =>
  updateIndex(buildIndex(base), [before], [after]);

const mira = nodeEntry('mira');
// 20 qubits are capacity class 5 (16..31); 40 are class 6 (32..63).

describe('updateIndex', () => {
  it.each([
    ['alpha', ['alpha', 'mira']],
    ['zeta', ['mira', 'zeta']],
  ])('a node %s that becomes ACTIVE joins the lists in alias order', (alias, want) => {
    expect(change([mira], undefined, nodeEntry(alias))).toStrictEqual(
      index([['eu-west', want]], [[5, want]]),
    );
  });

  it('an ACTIVE node re-registered in another scope moves to that scope list', () => {
    expect(change([mira], mira, { ...mira, scope: 'us-east' })).toStrictEqual(
      index([['us-east', ['mira']]], [[5, ['mira']]]),
    );
  });

  it('an ACTIVE node whose capacity changes class moves to that class list', () => {
    expect(change([mira], mira, { ...mira, qubitCapacity: 40 })).toStrictEqual(
      index([['eu-west', ['mira']]], [[6, ['mira']]]),
    );
  });

  it('a change that moves no node between lists returns the index object itself', () => {
    const base = buildIndex([mira]);
    const busy = { ...mira, utilisationPct: 80, avgFidelityPpm: 990_000 };
    expect(updateIndex(base, [mira], [busy])).toBe(base);
    const quarantined: NodeEntry = {
      ...mira,
      alias: 'vega',
      status: { state: 'QUARANTINE', cause: { reason: 'PROBATION' } },
    };
    expect(updateIndex(base, [quarantined], [{ ...quarantined, scope: 'us-east' }])).toBe(base);
  });
});
