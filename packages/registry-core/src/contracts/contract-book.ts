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

/**
 * The changes one block makes to a book: each map is copied once, on its first change in the
 * block, and changed in place after that, so a block of n contract records costs O(book + n)
 * rather than a copy per record. `finish` gives the new book.
 */
export class BookDraft {
  private resources: Map<string, NodeResources> | undefined;
  private holding: Map<number, Contract> | undefined;
  private byNode: Map<string, readonly number[]> | undefined;
  private ended: Map<number, EndedContract> | undefined;

  constructor(private readonly base: ContractBook) {}

  /** The book as the changes so far leave it (before the ended contracts are trimmed). */
  get view(): ContractBook {
    const b = this.base;
    return {
      resources: this.resources ?? b.resources,
      holding: this.holding ?? b.holding,
      byNode: this.byNode ?? b.byNode,
      ended: this.ended ?? b.ended,
    };
  }

  /** Sets `alias`'s resources. */
  setResources(alias: string, resources: NodeResources): void {
    this.resources ??= new Map(this.base.resources);
    this.resources.set(alias, resources);
  }

  /** Adds a holding contract, or replaces it by id. */
  hold(contract: Contract): void {
    this.holding ??= new Map(this.base.holding);
    const known = this.holding.has(contract.id);
    this.holding.set(contract.id, contract);
    if (known) return;
    this.byNode ??= new Map(this.base.byNode);
    // A new contract's id (the L of its request) is above every id held, and a decoded book
    // adds them in ascending order: appending keeps each list ascending.
    for (const alias of contract.terms.participants)
      this.byNode.set(alias, [...(this.byNode.get(alias) ?? []), contract.id]);
  }

  /** Ends contract `how.id` (holding or not: a rejected one never held). */
  end(how: EndedContract): void {
    const held = (this.holding ?? this.base.holding).get(how.id);
    if (held !== undefined) {
      this.holding ??= new Map(this.base.holding);
      this.holding.delete(how.id);
      this.byNode ??= new Map(this.base.byNode);
      for (const alias of held.terms.participants) {
        const ids = (this.byNode.get(alias) as readonly number[]).filter((id) => id !== how.id);
        if (ids.length === 0) this.byNode.delete(alias);
        else this.byNode.set(alias, ids);
      }
    }
    this.ended ??= new Map(this.base.ended);
    this.ended.set(how.id, how);
  }

  /** The new book: the ended contracts trimmed to the ENDED_KEPT highest ids. */
  finish(): ContractBook {
    const ended = this.ended;
    if (ended !== undefined && ended.size > ENDED_KEPT) {
      const ids = [...ended.keys()].sort((x, y) => x - y);
      for (const id of ids.slice(0, ids.length - ENDED_KEPT)) ended.delete(id);
    }
    return this.view;
  }
}

/** The slots `c` holds at participant `alias`. */
export function slotsAt(c: Contract, alias: string): readonly number[] {
  return c.slotsHeld[c.terms.participants.indexOf(alias)] as readonly number[];
}

/** The interval `c` holds its resources over. */
export const intervalOf = (c: Contract): { readonly startMs: number; readonly endMs: number } => ({
  startMs: c.terms.startMs,
  endMs: c.terms.endMs,
});

/** The holding contracts `alias` takes part in, ascending by id. */
export function contractsOf(book: ContractBook, alias: string): Contract[] {
  return (book.byNode.get(alias) ?? []).map((id) => book.holding.get(id) as Contract);
}
