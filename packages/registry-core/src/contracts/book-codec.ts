/**
 * The contract book as canonical values (docs/spec/contracts.md §6): the `contracts` field of the
 * state's canonical fields, hashed into the state root and stored in snapshots, absent while the
 * book is empty (so a state without contracts encodes as before). Decoding is strict and gives
 * SNAPSHOT_MALFORMED at the field.
 */
import { isQuid, type Quid } from '@qcos/identity';
import type { CanonicalValue } from '../canonical.js';
import { RegistryError } from '../errors.js';
import { MAX_SAFE } from '../limits.js';
import { Check, type Obj } from '../record-check.js';
import { REJECT_REASONS } from './admission.js';
import {
  BookDraft,
  type Contract,
  type ContractBook,
  EMPTY_BOOK,
  ENDED_KEPT,
  type EndedContract,
  type NodeResources,
} from './contract-book.js';
import {
  CONTRACT_FIELDS,
  CONTRACT_LIMITS,
  type ContractRequestRecord,
  checkContractRecord,
  RELEASE_REASONS,
  REVOKE_REASONS,
  type ResourcesRecord,
} from './contract-records.js';

const byKey = <T>(m: ReadonlyMap<T, unknown>): T[] =>
  [...m.keys()].sort((a, b) => (a < b ? -1 : 1));

/**
 * The book's three parts as lists of [item, canonical map] in canonical order (resources by
 * alias, holding and ended contracts by id). The item is the immutable value the map is made
 * from, so that a hash of the map can be remembered per item (book-hash.ts).
 */
export function bookItems(
  book: ContractBook,
): readonly (readonly [object, () => CanonicalValue])[][] {
  return [
    byKey(book.resources).map((alias) => {
      const r = book.resources.get(alias) as NodeResources;
      return [r, () => ({ alias, ...r }) as unknown as CanonicalValue] as const;
    }),
    byKey(book.holding).map((id) => {
      const c = book.holding.get(id) as Contract;
      return [c, () => ({ ...c, terms: { ...c.terms } }) as unknown as CanonicalValue] as const;
    }),
    byKey(book.ended).map((id) => {
      const e = book.ended.get(id) as EndedContract;
      return [e, () => ({ ...e }) as unknown as CanonicalValue] as const;
    }),
  ];
}

/** True when the book holds nothing (it is then left out of snapshots and the state root). */
export const isEmptyBook = (book: ContractBook): boolean =>
  book.resources.size === 0 && book.holding.size === 0 && book.ended.size === 0;

/** The book's canonical map, or undefined for an empty book. */
export function bookToCanonical(book: ContractBook): CanonicalValue | undefined {
  if (isEmptyBook(book)) return undefined;
  const [resources, holding, ended] = bookItems(book).map((part) => part.map(([, map]) => map()));
  return { resources, holding, ended } as unknown as CanonicalValue;
}

/** Every reason a contract can end with (§2, §4, §5). */
const ENDED_REASONS = [
  ...REJECT_REASONS,
  ...RELEASE_REASONS,
  ...REVOKE_REASONS,
  'PARTICIPANT_UNAVAILABLE',
  'NOT_READY',
  'LEASE',
  'DEADLINE',
] as const;

const HOLDING_KEYS = [
  'id',
  'homeQan',
  'terms',
  'state',
  'slotsHeld',
  'ready',
  'leaseUntilMs',
  'activatedL',
];
const ENDED_KEYS = ['id', 'state', 'reason', 'alias', 'conflict', 'endedL'];

/** Runs `read`, turning a field check's RECORD_INVALID into SNAPSHOT_MALFORMED. */
function snapshotField<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof RegistryError && err.code === 'RECORD_INVALID')
      throw new RegistryError('SNAPSHOT_MALFORMED', err.message.slice('RECORD_INVALID: '.length), {
        field: err.field,
      });
    throw err;
  }
}

function readResources(parent: Check, v: unknown, field: string): [string, NodeResources] {
  const o = parent.obj(v, field, ['alias', 'memorySlots', 'links', 'window']);
  const c = parent.nested(field);
  const r = checkContractRecord(c, 'RESOURCES', { ...o, atMs: 0 }) as Omit<
    ResourcesRecord,
    'l' | 'origin'
  >;
  return [r.alias, { memorySlots: r.memorySlots, links: r.links, window: r.window }];
}

function readHolding(parent: Check, v: unknown, field: string): Contract {
  const o = parent.obj(v, field, HOLDING_KEYS);
  const c = parent.nested(field);
  const termsMap = c.obj(o.terms, 'terms', CONTRACT_FIELDS.CONTRACT_REQUEST);
  const terms = checkContractRecord(c.nested('terms'), 'CONTRACT_REQUEST', termsMap) as Omit<
    ContractRequestRecord,
    'l' | 'origin'
  >;
  const { kind: _kind, ...rest } = terms;
  if (!isQuid(o.homeQan)) c.fail('homeQan', 'not a quid');
  const state = c.oneOf(o, 'state', ['ACTIVE', 'RESERVED'] as const);
  const held = c.list(o, 'slotsHeld', rest.participants.length);
  if (held.length !== rest.participants.length) c.fail('slotsHeld', 'not one list per participant');
  const slotsHeld = held.map((s, i) => {
    if (!Array.isArray(s) || s.length !== rest.slots)
      c.fail(`slotsHeld.${i}`, 'not the contract’s slots');
    return (s as unknown[]).map((x, j) => {
      if (
        typeof x !== 'number' ||
        !Number.isInteger(x) ||
        x < 0 ||
        x >= CONTRACT_LIMITS.memorySlots
      )
        c.fail(`slotsHeld.${i}.${j}`, 'not a slot number');
      return x as number;
    });
  });
  const ready = c
    .list(o, 'ready', rest.participants.length)
    .map((a, i) => c.anyLabel(a, `ready.${i}`));
  return {
    id: c.int(o, 'id', 1, MAX_SAFE),
    homeQan: o.homeQan as Quid,
    terms: rest,
    state,
    slotsHeld,
    ready,
    leaseUntilMs: c.int(o, 'leaseUntilMs', 0, MAX_SAFE),
    activatedL: o.activatedL === null ? null : c.int(o, 'activatedL', 1, MAX_SAFE),
  };
}

function readEnded(parent: Check, v: unknown, field: string): EndedContract {
  const o = parent.obj(v, field, ENDED_KEYS);
  const c = parent.nested(field);
  return {
    id: c.int(o, 'id', 1, MAX_SAFE),
    state: c.oneOf(o, 'state', ['EXPIRED', 'REJECTED', 'RELEASED', 'REVOKED'] as const),
    reason: c.oneOf(o, 'reason', ENDED_REASONS),
    alias: o.alias === null ? null : c.anyLabel(o.alias, 'alias'),
    conflict: o.conflict === null ? null : c.int(o, 'conflict', 1, MAX_SAFE),
    endedL: c.int(o, 'endedL', 1, MAX_SAFE),
  };
}

/** The book from its canonical map (undefined: the empty book). */
export function bookFromCanonical(v: unknown): ContractBook {
  if (v === undefined) return EMPTY_BOOK;
  return snapshotField(() => {
    const top = new Check(-1, '');
    const o = top.obj(v, 'contracts', ['resources', 'holding', 'ended']) as Obj;
    const c = top.nested('contracts');
    const book = new BookDraft(EMPTY_BOOK);
    let prev: string | number | undefined;
    const ascending = (key: string | number, field: string) => {
      if (prev !== undefined && !(prev < key)) c.fail(field, 'not sorted and unique');
      prev = key;
    };
    c.list(o, 'resources', Number.MAX_SAFE_INTEGER).forEach((r, i) => {
      const [alias, resources] = readResources(c, r, `resources.${i}`);
      ascending(alias, `resources.${i}`);
      book.setResources(alias, resources);
    });
    prev = undefined;
    c.list(o, 'holding', Number.MAX_SAFE_INTEGER).forEach((h, i) => {
      const contract = readHolding(c, h, `holding.${i}`);
      ascending(contract.id, `holding.${i}`);
      book.hold(contract);
    });
    prev = undefined;
    c.list(o, 'ended', ENDED_KEPT).forEach((e, i) => {
      const ended = readEnded(c, e, `ended.${i}`);
      ascending(ended.id, `ended.${i}`);
      book.end(ended);
    });
    const decoded = book.finish();
    if (decoded.resources.size + decoded.holding.size + decoded.ended.size === 0)
      top.fail('contracts', 'empty: omitted instead');
    return decoded;
  });
}
