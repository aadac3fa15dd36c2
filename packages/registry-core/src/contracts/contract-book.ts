/**
 * The contract part of the registry state (docs/spec/contracts.md §6): every node's advertised
 * resources, the contracts that hold resources (RESERVED or ACTIVE), which of them each node
 * takes part in, and the most recent contracts that ended, with how. An immutable value: each
 * change returns a new book sharing what it did not change.
 */
import type { Quid } from '@qcos/identity';
import type { ContractRequestRecord, ResourcesRecord } from './contract-records.js';

/** A node's advertisement, as the last RESOURCES record about it left it. */
export type NodeResources = Omit<ResourcesRecord, 'kind' | 'l' | 'origin' | 'alias' | 'atMs'>;

/** The terms a contract was requested with. */
export type ContractTerms = Omit<ContractRequestRecord, 'kind' | 'l' | 'origin'>;

export type HoldingState = 'RESERVED' | 'ACTIVE';
export type FinalState = 'RELEASED' | 'EXPIRED' | 'REVOKED' | 'REJECTED';

/** A contract that holds resources. */
export interface Contract {
  /** The L of its CONTRACT_REQUEST. */
  readonly id: number;
  /** The QAN that wrote the request (it renews, releases and expires the contract). */
  readonly homeQan: Quid;
  readonly terms: ContractTerms;
  readonly state: HoldingState;
  /** The slot numbers held at each participant, in the order of `terms.participants`. */
  readonly slotsHeld: readonly (readonly number[])[];
  /** Participants ready so far, sorted. */
  readonly ready: readonly string[];
  readonly leaseUntilMs: number;
  /** L of the record that made it ACTIVE (null while RESERVED). */
  readonly activatedL: number | null;
}

/** How a contract ended: its final state, the reason and the L of the record that ended it. */
export interface EndedContract {
  readonly id: number;
  readonly state: FinalState;
  readonly reason: string;
  /** The participant the reason is about (null when none). */
  readonly alias: string | null;
  /** The contract it conflicted with (SLOT_CONFLICT, LINK_CAPACITY; null otherwise). */
  readonly conflict: number | null;
  readonly endedL: number;
}

export interface ContractBook {
  readonly resources: ReadonlyMap<string, NodeResources>;
  readonly holding: ReadonlyMap<number, Contract>;
  /** alias → ids of the holding contracts it takes part in, ascending. */
  readonly byNode: ReadonlyMap<string, readonly number[]>;
  /** The most recent ended contracts (the ENDED_KEPT highest ids). */
  readonly ended: ReadonlyMap<number, EndedContract>;
}

/** How many ended contracts the state keeps, so that their outcome can be asked for. */
export const ENDED_KEPT = 1_024;

export const EMPTY_BOOK: ContractBook = {
  resources: new Map(),
  holding: new Map(),
  byNode: new Map(),
  ended: new Map(),
};

/** The book with `alias`'s resources set (undefined removes them). */
export function withResources(
  book: ContractBook,
  alias: string,
  resources: NodeResources | undefined,
): ContractBook {
  const next = new Map(book.resources);
  if (resources === undefined) next.delete(alias);
  else next.set(alias, resources);
  return { ...book, resources: next };
}

/** The book with `contract` holding (added, or replaced by id). */
export function withHolding(book: ContractBook, contract: Contract): ContractBook {
  const holding = new Map(book.holding).set(contract.id, contract);
  if (book.holding.has(contract.id)) return { ...book, holding };
  const byNode = new Map(book.byNode);
  for (const alias of contract.terms.participants) {
    const ids = [...(byNode.get(alias) ?? []), contract.id].sort((a, b) => a - b);
    byNode.set(alias, ids);
  }
  return { ...book, holding, byNode };
}

/** The book with contract `id` ended as `how` (holding or not: a rejected one never held). */
export function withEnded(book: ContractBook, how: EndedContract): ContractBook {
  let { holding, byNode } = book;
  const held = holding.get(how.id);
  if (held !== undefined) {
    const rest = new Map(holding);
    rest.delete(how.id);
    holding = rest;
    const nodes = new Map(byNode);
    for (const alias of held.terms.participants) {
      const ids = (nodes.get(alias) ?? []).filter((id) => id !== how.id);
      if (ids.length === 0) nodes.delete(alias);
      else nodes.set(alias, ids);
    }
    byNode = nodes;
  }
  const ended = new Map(book.ended).set(how.id, how);
  if (ended.size > ENDED_KEPT) ended.delete(Math.min(...ended.keys()));
  return { resources: book.resources, holding, byNode, ended };
}

/** The holding contracts `alias` takes part in, ascending by id. */
export function contractsOf(book: ContractBook, alias: string): Contract[] {
  return (book.byNode.get(alias) ?? []).map((id) => book.holding.get(id) as Contract);
}
