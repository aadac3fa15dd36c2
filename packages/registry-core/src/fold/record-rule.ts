/**
 * The shape of a record rule and the helpers every rule shares. A rule is what one record kind
 * does to the draft; the table of rules (record-rules.ts) is the only place kinds are listed,
 * so a new kind is a new rule, not a new branch in the fold.
 */
import type { NodeEntry } from '../entry.js';
import { RegistryError, type RegistryErrorCode } from '../errors.js';
import { evaluateStatus, type StatusPolicy } from '../policy.js';
import type { RecordKind, RegistryRecord } from '../records.js';
import type { Draft } from './draft.js';

/**
 * A record about the registry as a whole, or one that creates a node: the origin's tier is
 * checked against the kind alone, before the rule runs.
 */
export interface RegistryRule<R extends RegistryRecord> {
  readonly about: 'registry';
  apply(draft: Draft, record: R, index: number): void;
}

/**
 * A record about a registered node: the fold looks the node up (RECORD_UNKNOWN_NODE) and checks
 * that the origin may write about it (its tier and the node's home QAN) before the rule runs.
 */
export interface NodeRule<R extends NodeRecord> {
  readonly about: 'node';
  apply(draft: Draft, record: R, entry: NodeEntry, index: number): void;
}

/** Records that name a node. */
export type NodeRecord = Extract<RegistryRecord, { readonly alias: string }>;

type RecordOfKind<K extends RecordKind> = Extract<RegistryRecord, { readonly kind: K }>;

/** What a record of kind K may be ruled by (only records naming a node can have node rules). */
type RuleFor<R extends RegistryRecord> =
  | RegistryRule<R>
  | (R extends NodeRecord ? NodeRule<R> : never);

/**
 * One rule per record kind. OPERATOR_ACTION has none of its own: it is an envelope, opened
 * before the rule of the record inside it runs (rules/operator-action.ts).
 */
export type RecordRules = {
  readonly [K in Exclude<RecordKind, 'OPERATOR_ACTION'>]: RuleFor<RecordOfKind<K>>;
};

/** A rule as the fold dispatches it, for a record whose kind it was looked up by. */
export type RecordRule = RegistryRule<RegistryRecord> | NodeRule<NodeRecord>;

type RecordRefusal = Extract<
  RegistryErrorCode,
  | 'RECORD_UNKNOWN_NODE'
  | 'RECORD_UNKNOWN_CONTRACT'
  | 'RECORD_DUPLICATE_NODE'
  | 'RECORD_STALE'
  | 'RECORD_OUT_OF_POLICY'
  | 'RECORD_NOT_PERMITTED'
  | 'RECORD_INVALID'
  | 'ACTION_WRONG_NETWORK'
  | 'ACTION_REPLAYED'
  | 'BAD_SIGNATURE'
>;

/** Refuses the record at `index` of the block (and with it the block). */
export function reject(code: RecordRefusal, why: string, index: number, field?: string): never {
  throw new RegistryError(code, why, { index, ...(field ? { field } : {}) });
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An entry with `patch` applied, its status re-evaluated and its Lamport stamp moved on. */
export function settle(
  entry: NodeEntry,
  patch: Partial<NodeEntry>,
  policy: StatusPolicy,
  l: number,
): NodeEntry {
  const next: Mutable<NodeEntry> = { ...entry, ...patch, updatedL: l };
  // The object is not shared yet, so its status can be set in place (one allocation per record).
  next.status = evaluateStatus(next, policy);
  return next;
}
