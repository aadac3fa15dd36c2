/**
 * The contract book in snapshots: a round trip of every part, an empty book left out, and each
 * malformed part refused SNAPSHOT_MALFORMED at its field.
 */
import { describe, expect, it } from 'vitest';
import { bookFromCanonical, bookToCanonical } from '../../src/contracts/book-codec.js';
import { EMPTY_BOOK, RegistryError, type RegistryState } from '../../src/index.js';
import { fold, idAt, linkRequest, network, windowRequest } from './contract-fixtures.js';

/** A book with resources, a holding contract, an ACTIVE one and ended ones of each kind. */
function fullBook(): RegistryState {
  const { state } = network();
  const first = idAt(state);
  const s = fold(state, [linkRequest({ slots: 1 }), windowRequest(), linkRequest({ slots: 5 })]);
  const ready = fold(
    s,
    ['a', 'b', 'c'].map(
      (alias) => ({ kind: 'CONTRACT_READY', id: first + 1, alias, atMs: 5_500 }) as const,
    ),
  );
  return fold(ready, [
    linkRequest({ slots: 1, startMs: 30_000, endMs: 31_000 }),
    { kind: 'CONTRACT_RELEASE', id: first, atMs: 6_000, reason: 'DONE' },
  ]);
}

type Parts = { resources: unknown[]; holding: { terms: object }[]; ended: unknown[] };
const canonical = () => bookToCanonical(fullBook().contracts) as unknown as Parts;
function malformed(v: unknown) {
  try {
    bookFromCanonical(v);
  } catch (e) {
    if (e instanceof RegistryError) return { code: e.code, field: e.field };
    throw e;
  }
  return null;
}
const at = (field: string) => ({ code: 'SNAPSHOT_MALFORMED', field });
const change = (part: string, i: number, over: Record<string, unknown>) => {
  const c = canonical();
  const list = c[part as keyof Parts] as unknown[];
  list[i] = { ...(list[i] as object), ...over };
  return c;
};

describe('the contract book in snapshots', () => {
  it('round-trips resources, holding and ended contracts; an empty book is left out', () => {
    const book = fullBook().contracts;
    expect(book.holding.size).toBe(2);
    expect([...book.ended.values()].map((e) => e.state).sort()).toStrictEqual([
      'REJECTED',
      'RELEASED',
    ]);
    expect(bookFromCanonical(bookToCanonical(book))).toStrictEqual(book);
    expect(bookToCanonical(EMPTY_BOOK)).toBeUndefined();
    expect(bookFromCanonical(undefined)).toBe(EMPTY_BOOK);
  });

  it.each([
    ['not a map', () => 5, 'contracts'],
    ['an unknown part', () => ({ ...canonical(), extra: [] }), 'contracts.extra'],
    ['an empty book written out', () => ({ resources: [], holding: [], ended: [] }), 'contracts'],
    [
      'resources not sorted',
      () => ({ ...canonical(), resources: [...canonical().resources].reverse() }),
      'contracts.resources.1',
    ],
    [
      'resources with an unknown field',
      () => change('resources', 0, { atMs: 1 }),
      'contracts.resources.0.atMs',
    ],
    [
      'resources with 65 slots',
      () => change('resources', 0, { memorySlots: 65 }),
      'contracts.resources.0.memorySlots',
    ],
    [
      'holding not sorted',
      () => ({ ...canonical(), holding: [...canonical().holding].reverse() }),
      'contracts.holding.1',
    ],
    [
      'a holding contract with a bad home',
      () => change('holding', 0, { homeQan: 'nope' }),
      'contracts.holding.0.homeQan',
    ],
    [
      'a holding contract in a final state',
      () => change('holding', 0, { state: 'RELEASED' }),
      'contracts.holding.0.state',
    ],
    [
      'slots for too few participants',
      () => change('holding', 0, { slotsHeld: [[0]] }),
      'contracts.holding.0.slotsHeld',
    ],
    [
      'slots that are not the contract’s count',
      () => change('holding', 0, { slotsHeld: [[0, 1], [0], [0]] }),
      'contracts.holding.0.slotsHeld.0',
    ],
    [
      'a slot number of 64',
      () => change('holding', 0, { slotsHeld: [[64], [0], [0]] }),
      'contracts.holding.0.slotsHeld.0.0',
    ],
    [
      'a ready alias that is not a label',
      () => change('holding', 0, { ready: ['A'] }),
      'contracts.holding.0.ready.0',
    ],
    [
      'terms with an unknown field',
      () =>
        change('holding', 0, {
          terms: { ...(canonical().holding[0] as { terms: object }).terms, colour: 1 },
        }),
      'contracts.holding.0.terms.colour',
    ],
    [
      'terms with zero slots',
      () =>
        change('holding', 0, {
          terms: { ...(canonical().holding[0] as { terms: object }).terms, slots: 0 },
        }),
      'contracts.holding.0.terms.slots',
    ],
    [
      'a negative lease end',
      () => change('holding', 0, { leaseUntilMs: -1 }),
      'contracts.holding.0.leaseUntilMs',
    ],
    [
      'an activation L of 0',
      () => change('holding', 1, { activatedL: 0 }),
      'contracts.holding.1.activatedL',
    ],
    [
      'ended not sorted',
      () => ({ ...canonical(), ended: [...canonical().ended].reverse() }),
      'contracts.ended.1',
    ],
    [
      'an ended contract still holding',
      () => change('ended', 0, { state: 'ACTIVE' }),
      'contracts.ended.0.state',
    ],
    [
      'an ending reason not in the list',
      () => change('ended', 0, { reason: 'BORED' }),
      'contracts.ended.0.reason',
    ],
    [
      'an ending alias that is not a label',
      () => change('ended', 0, { alias: 'A' }),
      'contracts.ended.0.alias',
    ],
    ['a conflict of 0', () => change('ended', 0, { conflict: 0 }), 'contracts.ended.0.conflict'],
    ['an ending L of 0', () => change('ended', 0, { endedL: 0 }), 'contracts.ended.0.endedL'],
  ])('refuses %s: SNAPSHOT_MALFORMED at the field', (_, make, field) => {
    expect(malformed(make())).toStrictEqual(at(field));
  });
});
