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
    if (e instanceof RegistryError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  return null;
}
const at = (field: string, why: string) => ({
  code: 'SNAPSHOT_MALFORMED',
  field,
  message: `SNAPSHOT_MALFORMED: ${field}: ${why}`,
});
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

  it('writes out a book that holds only one of its three parts', () => {
    const full = fullBook().contracts;
    const none = new Map();
    for (const only of [
      { ...full, holding: none, byNode: none, ended: none },
      { ...full, resources: none, ended: none },
      { ...full, resources: none, holding: none, byNode: none },
    ]) {
      const written = bookToCanonical(only);
      expect(written).toBeDefined();
      expect(bookFromCanonical(written)).toStrictEqual(only);
    }
  });

  it.each([
    ['not a map', () => 5, 'contracts', 'not a map'],
    ['an unknown part', () => ({ ...canonical(), extra: [] }), 'contracts.extra', 'unknown field'],
    [
      'an empty book written out',
      () => ({ resources: [], holding: [], ended: [] }),
      'contracts',
      'empty: omitted instead',
    ],
    [
      'resources not sorted',
      () => ({ ...canonical(), resources: [...canonical().resources].reverse() }),
      'contracts.resources.1',
      'not sorted and unique',
    ],
    [
      'resources that are not a map',
      () => ({ ...canonical(), resources: [5] }),
      'contracts.resources.0',
      'not a map',
    ],
    [
      'resources with an unknown field',
      () => change('resources', 0, { atMs: 1 }),
      'contracts.resources.0.atMs',
      'unknown field',
    ],
    [
      'resources with 65 slots',
      () => change('resources', 0, { memorySlots: 65 }),
      'contracts.resources.0.memorySlots',
      'not an integer in 0..64',
    ],
    [
      'holding not sorted',
      () => ({ ...canonical(), holding: [...canonical().holding].reverse() }),
      'contracts.holding.1',
      'not sorted and unique',
    ],
    [
      'a holding contract that is not a map',
      () => ({ ...canonical(), holding: [[]] }),
      'contracts.holding.0',
      'not a map',
    ],
    [
      'a holding contract with a bad home',
      () => change('holding', 0, { homeQan: 'nope' }),
      'contracts.holding.0.homeQan',
      'not a quid',
    ],
    [
      'a holding contract in a final state',
      () => change('holding', 0, { state: 'RELEASED' }),
      'contracts.holding.0.state',
      'unknown value',
    ],
    [
      'slots for too few participants',
      () => change('holding', 0, { slotsHeld: [[0]] }),
      'contracts.holding.0.slotsHeld',
      'not one list per participant',
    ],
    [
      'slots that are not the contract’s count',
      () => change('holding', 0, { slotsHeld: [[0, 1], [0], [0]] }),
      'contracts.holding.0.slotsHeld.0',
      'not the contract’s slots',
    ],
    [
      'slots that are not a list',
      () => change('holding', 0, { slotsHeld: [0, [0], [0]] }),
      'contracts.holding.0.slotsHeld.0',
      'not the contract’s slots',
    ],
    [
      'a slot number of 64',
      () => change('holding', 0, { slotsHeld: [[64], [0], [0]] }),
      'contracts.holding.0.slotsHeld.0.0',
      'not a slot number',
    ],
    [
      'a slot number of −1',
      () => change('holding', 0, { slotsHeld: [[0], [-1], [0]] }),
      'contracts.holding.0.slotsHeld.1.0',
      'not a slot number',
    ],
    [
      'a slot number of 1.5',
      () => change('holding', 0, { slotsHeld: [[0], [0], [1.5]] }),
      'contracts.holding.0.slotsHeld.2.0',
      'not a slot number',
    ],
    [
      'a slot number as text',
      () => change('holding', 0, { slotsHeld: [['0'], [0], [0]] }),
      'contracts.holding.0.slotsHeld.0.0',
      'not a slot number',
    ],
    [
      'a ready alias that is not a label',
      () => change('holding', 0, { ready: ['A'] }),
      'contracts.holding.0.ready.0',
      'not a DNS label',
    ],
    [
      'terms with an unknown field',
      () => change('holding', 0, { terms: { ...canonical().holding[0]?.terms, colour: 1 } }),
      'contracts.holding.0.terms.colour',
      'unknown field',
    ],
    [
      'terms with zero slots',
      () => change('holding', 0, { terms: { ...canonical().holding[0]?.terms, slots: 0 } }),
      'contracts.holding.0.terms.slots',
      'not an integer in 1..16',
    ],
    [
      'a negative lease end',
      () => change('holding', 0, { leaseUntilMs: -1 }),
      'contracts.holding.0.leaseUntilMs',
      'not an integer in 0..9007199254740991',
    ],
    [
      'an activation L of 0',
      () => change('holding', 1, { activatedL: 0 }),
      'contracts.holding.1.activatedL',
      'not an integer in 1..9007199254740991',
    ],
    [
      'ended not sorted',
      () => ({ ...canonical(), ended: [...canonical().ended].reverse() }),
      'contracts.ended.1',
      'not sorted and unique',
    ],
    [
      'an ended contract that is not a map',
      () => ({ ...canonical(), ended: [null] }),
      'contracts.ended.0',
      'not a map',
    ],
    [
      'an ended contract still holding',
      () => change('ended', 0, { state: 'ACTIVE' }),
      'contracts.ended.0.state',
      'unknown value',
    ],
    [
      'an ending reason not in the list',
      () => change('ended', 0, { reason: 'BORED' }),
      'contracts.ended.0.reason',
      'unknown value',
    ],
    [
      'an ending alias that is not a label',
      () => change('ended', 0, { alias: 'A' }),
      'contracts.ended.0.alias',
      'not a DNS label',
    ],
    [
      'a conflict of 0',
      () => change('ended', 0, { conflict: 0 }),
      'contracts.ended.0.conflict',
      'not an integer in 1..9007199254740991',
    ],
    [
      'an ending L of 0',
      () => change('ended', 0, { endedL: 0 }),
      'contracts.ended.0.endedL',
      'not an integer in 1..9007199254740991',
    ],
  ])('refuses %s: SNAPSHOT_MALFORMED at the field', (_, make, field, why) => {
    expect(malformed(make())).toStrictEqual(at(field, why));
  });
});
