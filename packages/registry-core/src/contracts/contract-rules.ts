/**
 * The fold's rules for the records of resource contracts (docs/spec/contracts.md §4, §5): one per
 * kind, like every record rule, plus the rollback of contracts whose participant a record took
 * out (§5.6), which the fold runs after every record that names a node.
 */
import type { Draft } from '../fold/draft.js';
import { type NodeRule, type RegistryRule, reject } from '../fold/record-rule.js';
import { admit, linkTo } from './admission.js';
import { type Contract, contractsOf, type FinalState, slotsAt } from './contract-book.js';
import type {
  ContractExpireRecord,
  ContractReadyRecord,
  ContractReleaseRecord,
  ContractRenewRecord,
  ContractRequestRecord,
  ContractRevokeRecord,
  ResourcesRecord,
} from './contract-records.js';

/** The holding contract `id`, or RECORD_UNKNOWN_CONTRACT at `id`. */
function holding(draft: Draft, id: number, index: number): Contract {
  const c = draft.book.holding.get(id);
  if (c === undefined)
    reject('RECORD_UNKNOWN_CONTRACT', `no contract ${id} holds resources`, index, 'id');
  return c;
}

/** Only the contract's home QAN may write this record about it. */
function fromHome(c: Contract, origin: string, index: number): void {
  if (origin !== c.homeQan)
    reject(
      'RECORD_NOT_PERMITTED',
      `only ${c.homeQan} may write about contract ${c.id}`,
      index,
      'origin',
    );
}

function end(
  draft: Draft,
  c: Contract,
  state: FinalState,
  reason: string,
  alias: string | null,
  l: number,
): void {
  draft.contracts.end({ id: c.id, state, reason, alias, conflict: null, endedL: l });
}

/** Whether `alias` can still give `c` what it holds there (slots, and for a link the link). */
function stillHeld(draft: Draft, c: Contract, alias: string): boolean {
  const entry = draft.get(alias);
  if (entry?.status.state !== 'ACTIVE') return false;
  const slots = draft.book.resources.get(alias)?.memorySlots ?? 0;
  if (slotsAt(c, alias).some((s) => s >= slots)) return false;
  if (c.terms.link === null) return true;
  const other = c.terms.participants.find((p) => p !== alias) as string;
  return linkTo(draft.book, alias, other) !== undefined;
}

/** §5.6: revokes every contract `alias` takes part in that it can no longer hold. */
export function releaseUnavailable(draft: Draft, alias: string, l: number): void {
  for (const c of contractsOf(draft.book, alias))
    if (!stillHeld(draft, c, alias)) end(draft, c, 'REVOKED', 'PARTICIPANT_UNAVAILABLE', alias, l);
}

export const resourcesRule: NodeRule<ResourcesRecord> = {
  about: 'node',
  apply(draft, r, entry, index) {
    if (r.origin !== entry.homeQan)
      reject(
        'RECORD_NOT_PERMITTED',
        `only ${entry.homeQan} advertises ${r.alias}`,
        index,
        'origin',
      );
    const { memorySlots, links, window } = r;
    draft.contracts.setResources(r.alias, { memorySlots, links, window });
  },
};

export const requestRule: RegistryRule<ContractRequestRecord> = {
  about: 'registry',
  apply(draft, r) {
    const decision = admit(draft.book, r, (alias) => draft.get(alias));
    if ('reserved' in decision) draft.contracts.hold(decision.reserved);
    else
      draft.contracts.end({
        id: r.l,
        state: 'REJECTED',
        ...decision.rejected,
        endedL: r.l,
      });
  },
};

export const readyRule: NodeRule<ContractReadyRecord> = {
  about: 'node',
  apply(draft, r, entry, index) {
    const c = holding(draft, r.id, index);
    if (r.origin !== entry.homeQan)
      reject(
        'RECORD_NOT_PERMITTED',
        `only ${entry.homeQan} reports ${r.alias} ready`,
        index,
        'origin',
      );
    if (c.state !== 'RESERVED')
      reject('RECORD_OUT_OF_POLICY', `contract ${c.id} is ${c.state}`, index, 'id');
    if (!c.terms.participants.includes(r.alias))
      reject('RECORD_OUT_OF_POLICY', `${r.alias} is not a participant of ${c.id}`, index, 'alias');
    if (c.ready.includes(r.alias))
      reject('RECORD_OUT_OF_POLICY', `${r.alias} is ready already`, index, 'alias');
    const ready = [...c.ready, r.alias].sort();
    const active = ready.length === c.terms.participants.length;
    draft.contracts.hold({
      ...c,
      ready,
      state: active ? 'ACTIVE' : 'RESERVED',
      activatedL: active ? r.l : null,
    });
  },
};

export const renewRule: RegistryRule<ContractRenewRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    const c = holding(draft, r.id, index);
    fromHome(c, r.origin, index);
    if (r.atMs >= c.leaseUntilMs)
      reject('RECORD_STALE', `the lease of ${c.id} ended at ${c.leaseUntilMs}`, index, 'atMs');
    const until = Math.max(c.leaseUntilMs, Math.min(c.terms.endMs, r.atMs + c.terms.leaseMs));
    draft.contracts.hold({ ...c, leaseUntilMs: until });
  },
};

export const releaseRule: RegistryRule<ContractReleaseRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    const c = holding(draft, r.id, index);
    fromHome(c, r.origin, index);
    end(draft, c, 'RELEASED', r.reason, null, r.l);
  },
};

export const revokeRule: NodeRule<ContractRevokeRecord> = {
  about: 'node',
  apply(draft, r, entry, index) {
    const c = holding(draft, r.id, index);
    if (!c.terms.participants.includes(r.alias))
      reject('RECORD_OUT_OF_POLICY', `${r.alias} is not a participant of ${c.id}`, index, 'alias');
    if (r.origin !== c.homeQan && r.origin !== entry.homeQan)
      reject(
        'RECORD_NOT_PERMITTED',
        `the origin holds neither ${c.id} nor ${r.alias}`,
        index,
        'origin',
      );
    end(draft, c, 'REVOKED', r.reason, r.alias, r.l);
  },
};

/** The deadline of a holding contract and the reason it expires at it (§5.5). */
export function deadlineOf(c: Contract): { readonly atMs: number; readonly reason: string } {
  if (c.state === 'RESERVED' && c.terms.startMs <= c.leaseUntilMs)
    return { atMs: c.terms.startMs, reason: 'NOT_READY' };
  return { atMs: c.leaseUntilMs, reason: c.leaseUntilMs < c.terms.endMs ? 'LEASE' : 'DEADLINE' };
}

export const expireRule: RegistryRule<ContractExpireRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    const c = draft.book.holding.get(r.id);
    // Ended already (released, revoked, expired by another QAN's verdict): nothing to do.
    if (c === undefined) return;
    const deadline = deadlineOf(c);
    if (r.observedAtMs < deadline.atMs)
      reject(
        'RECORD_OUT_OF_POLICY',
        `contract ${c.id} runs until ${deadline.atMs}`,
        index,
        'observedAtMs',
      );
    const grace = 2 * draft.policy.heartbeatIntervalMs;
    if (r.origin !== c.homeQan && r.observedAtMs < deadline.atMs + grace)
      reject(
        'RECORD_NOT_PERMITTED',
        `only ${c.homeQan} may expire ${c.id} before ${deadline.atMs + grace}`,
        index,
        'origin',
      );
    end(draft, c, 'EXPIRED', deadline.reason, null, r.l);
  },
};
