/**
 * The copy-on-write draft of one block: record rules read and write entries, the policy, QAN
 * keys and trust edges through it, and nothing reaches a state until every record has passed.
 * A refused block therefore leaves its input state untouched, and the new state shares every
 * entry, leaf and map the block did not change.
 */
import type { Quid } from '@qcos/identity';
import { BookDraft, type ContractBook } from '../contracts/contract-book.js';
import type { NodeEntry } from '../entry.js';
import { EntryVector } from '../entry-vector.js';
import { MerkleMemo } from '../merkle-memo.js';
import type { StatusPolicy } from '../policy.js';
import type { MemberRole } from '../records.js';
import { updateIndex } from '../routing-index.js';
import { makeState, type RegistryState } from '../state.js';

/** Entries the block changed, as parallel arrays (what the routing index and the tree need). */
interface EntryChanges {
  readonly before: (NodeEntry | undefined)[];
  readonly after: (NodeEntry | undefined)[];
  /** Base positions replaced in place (the Merkle tree's dirty leaves) and their new entries. */
  readonly indexes: number[];
  readonly replaced: NodeEntry[];
  /** An alias appeared or disappeared: positions shift and the tree is rebuilt. */
  structural: boolean;
}

export class Draft {
  /** Base entries the block replaced, by position (null: deregistered). */
  private readonly replaced = new Map<number, NodeEntry | null>();
  /** Aliases the base state does not hold, as the block left them (undefined: removed again). */
  private readonly added = new Map<string, NodeEntry | undefined>();
  policy: StatusPolicy;
  private qanKeys: Map<Quid, Uint8Array> | undefined;
  private trustEdges: Map<Quid, ReadonlyMap<Quid, number>> | undefined;
  private operatorKeys: Map<Quid, Uint8Array> | undefined;
  private operatorSeqs: Map<Quid, number> | undefined;
  /** The contract book's changes in this block (undefined: unchanged). */
  private bookDraft: BookDraft | undefined;
  // A record reads its node and then writes it: the second position lookup is remembered.
  private lastAlias: string | undefined = undefined;
  private lastIndex: number | undefined = undefined;

  constructor(readonly base: RegistryState) {
    this.policy = base.policy;
  }

  /** Position of `alias` in the base state (positions do not move within a block). */
  private indexOf(alias: string): number | undefined {
    if (alias !== this.lastAlias) {
      this.lastAlias = alias;
      this.lastIndex = this.base.positions.get(alias);
    }
    return this.lastIndex;
  }

  get(alias: string): NodeEntry | undefined {
    const i = this.indexOf(alias);
    if (i === undefined) return this.added.get(alias);
    const e = this.replaced.get(i);
    return e === undefined ? this.base.merkle.entries.at(i) : (e ?? undefined);
  }

  /** Sets the entry of `alias`; undefined removes it. */
  put(alias: string, entry: NodeEntry | undefined): void {
    const i = this.indexOf(alias);
    if (i === undefined) this.added.set(alias, entry);
    else this.replaced.set(i, entry ?? null);
  }

  /** Every entry as the draft sees it (used when a policy change re-evaluates all nodes). */
  *all(): Generator<NodeEntry> {
    const base = this.base.entries;
    for (let i = 0; i < base.length; i++) {
      const e = this.replaced.get(i);
      if (e === undefined) yield base[i] as NodeEntry;
      else if (e !== null) yield e;
    }
    for (const e of this.added.values()) if (e !== undefined) yield e;
  }

  /** The role `quid` holds (QAN, OPERATOR), or undefined when the log does not know it. */
  roleOf(quid: Quid): MemberRole | undefined {
    if ((this.qanKeys ?? this.base.qanKeys).has(quid)) return 'QAN';
    if ((this.operatorKeys ?? this.base.operatorKeys).has(quid)) return 'OPERATOR';
    return undefined;
  }

  /** Makes `key` a known operator key unless its quid is known already. */
  addOperatorKey(quid: Quid, key: Uint8Array): void {
    this.operatorKeys ??= new Map(this.base.operatorKeys);
    if (!this.operatorKeys.has(quid)) this.operatorKeys.set(quid, key);
  }

  /** The trust edges as this block left them so far. */
  edges(): ReadonlyMap<Quid, ReadonlyMap<Quid, number>> {
    return this.trustEdges ?? this.base.trustEdges;
  }

  /** Highest operator-action seq folded for `signer` (0 when none). */
  operatorSeq(signer: Quid): number {
    return (this.operatorSeqs ?? this.base.operatorSeqs).get(signer) ?? 0;
  }

  setOperatorSeq(signer: Quid, seq: number): void {
    this.operatorSeqs ??= new Map(this.base.operatorSeqs);
    this.operatorSeqs.set(signer, seq);
  }

  /** Makes `key` a known QAN key unless its quid is known already (the first key stays). */
  addQanKey(quid: Quid, key: Uint8Array): void {
    this.qanKeys ??= new Map(this.base.qanKeys);
    if (!this.qanKeys.has(quid)) this.qanKeys.set(quid, key);
  }

  /** Sets the edge truster → trustee to `levelPpm`; 0 removes it. */
  setTrustEdge(truster: Quid, trustee: Quid, levelPpm: number): void {
    this.trustEdges ??= new Map(this.base.trustEdges);
    const edges = new Map(this.trustEdges.get(truster) ?? []);
    if (levelPpm === 0) edges.delete(trustee);
    else edges.set(trustee, levelPpm);
    if (edges.size === 0) this.trustEdges.delete(truster);
    else this.trustEdges.set(truster, edges);
  }

  /** The contract book as this block left it so far. */
  get book(): ContractBook {
    return this.bookDraft?.view ?? this.base.contracts;
  }

  /** Where the block's records change the contract book. */
  get contracts(): BookDraft {
    this.bookDraft ??= new BookDraft(this.base.contracts);
    return this.bookDraft;
  }

  /** The state after the block: the draft's changes on top of the base. */
  commit(height: number, hash: Uint8Array, lamport: number): RegistryState {
    const b = this.base;
    const changes = this.entryChanges();
    let positions = b.positions;
    let merkle = b.merkle;
    if (changes.structural) {
      const next = this.mergedEntries();
      positions = new Map(next.map((e, i) => [e.alias, i]));
      merkle = MerkleMemo.fresh(EntryVector.from(next));
    } else if (changes.indexes.length > 0) {
      const vector = b.merkle.entries.with(changes.indexes, changes.replaced);
      merkle = MerkleMemo.derived(b.merkle, vector, changes.indexes);
    }
    return makeState({
      networkId: b.networkId,
      anchor: b.anchor,
      genesisHash: b.genesisHash,
      height,
      headHash: hash,
      lamport,
      policy: this.policy,
      qanKeys: this.qanKeys ?? b.qanKeys,
      operatorKeys: this.operatorKeys ?? b.operatorKeys,
      operatorSeqs: this.operatorSeqs ?? b.operatorSeqs,
      trustEdges: this.trustEdges ?? b.trustEdges,
      positions,
      index: updateIndex(b.index, changes.before, changes.after),
      merkle,
      contracts: this.bookDraft?.finish() ?? b.contracts,
    });
  }

  private entryChanges(): EntryChanges {
    const vector = this.base.merkle.entries;
    const changes: EntryChanges = {
      before: [],
      after: [],
      indexes: [],
      replaced: [],
      structural: false,
    };
    for (const [i, e] of this.replaced) {
      changes.before.push(vector.at(i));
      if (e === null) {
        changes.structural = true;
        changes.after.push(undefined);
      } else {
        changes.after.push(e);
        changes.indexes.push(i);
        changes.replaced.push(e);
      }
    }
    for (const e of this.added.values()) {
      if (e === undefined) continue;
      changes.structural = true;
      changes.before.push(undefined);
      changes.after.push(e);
    }
    return changes;
  }

  /** Base entries with the changes applied, in alias order: one merge, not a full sort. */
  private mergedEntries(): NodeEntry[] {
    const added: NodeEntry[] = [];
    for (const e of this.added.values()) if (e !== undefined) added.push(e);
    added.sort((x, y) => (x.alias < y.alias ? -1 : x.alias > y.alias ? 1 : 0));
    const base = this.base.entries;
    const out: NodeEntry[] = [];
    let j = 0;
    for (let i = 0; i < base.length; i++) {
      const b = base[i] as NodeEntry;
      while (j < added.length && (added[j] as NodeEntry).alias < b.alias)
        out.push(added[j++] as NodeEntry);
      const e = this.replaced.get(i);
      if (e === undefined) out.push(b);
      else if (e !== null) out.push(e);
    }
    while (j < added.length) out.push(added[j++] as NodeEntry);
    return out;
  }
}
