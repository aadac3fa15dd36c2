/**
 * The fold's decision on a CONTRACT_REQUEST (docs/spec/contracts.md §4): reserved, with the slots
 * it holds at each participant, or rejected with the first failing check. It reads only the
 * state before the record, so every QAN decides the same, in log order.
 */
import type { NodeEntry } from '../entry.js';
import { admitRate, allocateSlots, type Interval, linkRate } from './allocation.js';
import {
  type Contract,
  type ContractBook,
  contractsOf,
  intervalOf,
  slotsAt,
} from './contract-book.js';
import {
  type AdvertisedLink,
  CONTRACT_LIMITS,
  type ContractRequestRecord,
} from './contract-records.js';

/** Why a request is rejected, in the order the checks run (§4). */
export const REJECT_REASONS = [
  'PARTICIPANT_UNAVAILABLE',
  'OUT_OF_SCOPE',
  'NO_RESOURCES',
  'NO_LINK',
  'FIDELITY_UNREACHABLE',
  'ENVELOPE_EMPTY',
  'SLOT_CONFLICT',
  'LINK_CAPACITY',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Rejection {
  readonly reason: RejectReason;
  readonly alias: string | null;
  readonly conflict: number | null;
}

type Admission = { readonly reserved: Contract } | { readonly rejected: Rejection };

const rejection = (
  reason: RejectReason,
  alias: string | null,
  conflict: number | null = null,
): Rejection => ({ reason, alias, conflict });

/** The link `from` advertises to `to`, if any. */
export function linkTo(book: ContractBook, from: string, to: string): AdvertisedLink | undefined {
  return book.resources.get(from)?.links.find((l) => l.peer === to);
}

/**
 * Checks 1–4 of §4: who takes part, under which scope, with which advertised resources; before
 * them, the limit of contracts per node (a NO_RESOURCES of its own, §4.3).
 */
function checkParticipants(
  book: ContractBook,
  r: ContractRequestRecord,
  node: (alias: string) => NodeEntry | undefined,
): Rejection | undefined {
  const { participants } = r;
  for (const p of participants)
    if ((book.byNode.get(p)?.length ?? 0) >= CONTRACT_LIMITS.contractsPerNode)
      return rejection('NO_RESOURCES', p);
  for (const p of participants)
    if (node(p)?.status.state !== 'ACTIVE') return rejection('PARTICIPANT_UNAVAILABLE', p);
  for (const p of participants)
    if (!r.scopes.includes((node(p) as NodeEntry).scope)) return rejection('OUT_OF_SCOPE', p);
  for (const p of participants)
    if ((book.resources.get(p)?.memorySlots ?? 0) < r.slots) return rejection('NO_RESOURCES', p);
  if (r.link !== null) {
    const [a, b] = participants as [string, string];
    const ab = linkTo(book, a, b);
    const ba = linkTo(book, b, a);
    if (ab === undefined || ba === undefined) return rejection('NO_LINK', ab === undefined ? a : b);
    for (const [p, l] of [
      [a, ab],
      [b, ba],
    ] as const)
      if (r.link.minFidelityPpm > l.initialFidelityPpm) return rejection('FIDELITY_UNREACHABLE', p);
  }
  if (r.window !== null) {
    const w = r.window;
    for (const p of participants) {
      const e = book.resources.get(p)?.window ?? null;
      if (
        e === null ||
        e.maxLengthMs < w.lengthMs ||
        e.toleranceMrad > w.toleranceMrad ||
        e.clockDomain !== w.clockDomain
      )
        return rejection('ENVELOPE_EMPTY', p);
    }
  }
  return undefined;
}

/** The link contracts holding the link between `a` and `b` (either way round). */
function linkContracts(book: ContractBook, a: string, b: string): Contract[] {
  return contractsOf(book, a).filter(
    (c) => c.terms.link !== null && c.terms.participants.includes(b),
  );
}

/** The decision on request `r` on `book`, with `node` reading the registry's entries. */
export function admit(
  book: ContractBook,
  r: ContractRequestRecord,
  node: (alias: string) => NodeEntry | undefined,
): Admission {
  const refused = checkParticipants(book, r, node);
  if (refused !== undefined) return { rejected: refused };
  const interval: Interval = { startMs: r.startMs, endMs: r.endMs };
  const slotsHeld: (readonly number[])[] = [];
  for (const p of r.participants) {
    const holdings = contractsOf(book, p).map((c) => ({
      id: c.id,
      interval: intervalOf(c),
      slots: slotsAt(c, p),
    }));
    const memorySlots = book.resources.get(p)?.memorySlots ?? 0;
    const got = allocateSlots(holdings, memorySlots, interval, r.slots);
    if ('conflict' in got) return { rejected: rejection('SLOT_CONFLICT', p, got.conflict) };
    slotsHeld.push(got.slots);
  }
  if (r.link !== null) {
    const [a, b] = r.participants as [string, string];
    const capacity = Math.min(
      (linkTo(book, a, b) as AdvertisedLink).capacityPairsPerS,
      (linkTo(book, b, a) as AdvertisedLink).capacityPairsPerS,
    );
    const holdings = linkContracts(book, a, b).map((c) => ({
      id: c.id,
      interval: intervalOf(c),
      pairsPerS: linkRate((c.terms.link as { pairs: number }).pairs, intervalOf(c)),
    }));
    const got = admitRate(holdings, capacity, interval, linkRate(r.link.pairs, interval));
    if ('conflict' in got) return { rejected: rejection('LINK_CAPACITY', null, got.conflict) };
  }
  const { kind: _kind, l, origin, ...terms } = r;
  return {
    reserved: {
      id: l,
      homeQan: origin,
      terms,
      state: 'RESERVED',
      slotsHeld,
      ready: [],
      leaseUntilMs: Math.min(r.endMs, r.atMs + r.leaseMs),
      activatedL: null,
    },
  };
}
