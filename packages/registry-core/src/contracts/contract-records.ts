/**
 * The records of resource contracts (docs/spec/contracts.md §3): a node's advertised resources,
 * a contract's request, and the transitions that follow it. Types and shape checks only; what
 * they do to the state is the fold's (contract-rules.ts).
 */
import type { Quid } from '@qcos/identity';
import { MAX_SAFE, PPM } from '../limits.js';
import type { Check, Obj } from '../record-check.js';

interface Stamped {
  readonly l: number;
  readonly origin: Quid;
}

/** One quantum link of a node, as it advertises it (integer units of entanglement-sim §3). */
export interface AdvertisedLink {
  readonly peer: string;
  readonly lengthM: number;
  readonly lossMdbPerKm: number;
  readonly attemptRateHz: number;
  readonly emissionPpm: number;
  readonly detectorPpm: number;
  readonly initialFidelityPpm: number;
  readonly memoryTimeMs: number;
  readonly capacityPairsPerS: number;
}

/** The coherence windows a node can hold. */
export interface WindowEnvelope {
  readonly maxLengthMs: number;
  /** The best phase stability it holds, in milliradians. */
  readonly toleranceMrad: number;
  readonly clockDomain: string;
}

export interface ResourcesRecord extends Stamped {
  readonly kind: 'RESOURCES';
  readonly alias: string;
  readonly atMs: number;
  readonly memorySlots: number;
  readonly links: readonly AdvertisedLink[];
  readonly window: WindowEnvelope | null;
}

export type PairType = 'K' | 'M';
export type Basis = 'X' | 'Y' | 'Z';

export interface LinkTerms {
  readonly pairs: number;
  readonly minFidelityPpm: number;
  readonly type: PairType;
  readonly priority: number;
  /** The bases of a measure-directly (M) request; empty for create-and-keep (K). */
  readonly bases: readonly Basis[];
}

export interface WindowTerms {
  readonly lengthMs: number;
  readonly toleranceMrad: number;
  readonly clockDomain: string;
}

export type ContractKind = 'LINK' | 'WINDOW';

export interface ContractRequestRecord extends Stamped {
  readonly kind: 'CONTRACT_REQUEST';
  readonly atMs: number;
  readonly contractKind: ContractKind;
  readonly scopes: readonly string[];
  readonly participants: readonly string[];
  readonly slots: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly leaseMs: number;
  readonly link: LinkTerms | null;
  readonly window: WindowTerms | null;
}

export interface ContractReadyRecord extends Stamped {
  readonly kind: 'CONTRACT_READY';
  readonly id: number;
  readonly alias: string;
  readonly atMs: number;
}

export interface ContractRenewRecord extends Stamped {
  readonly kind: 'CONTRACT_RENEW';
  readonly id: number;
  readonly atMs: number;
}

export const RELEASE_REASONS = ['CANCELLED', 'DONE'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

export interface ContractReleaseRecord extends Stamped {
  readonly kind: 'CONTRACT_RELEASE';
  readonly id: number;
  readonly atMs: number;
  readonly reason: ReleaseReason;
}

export const REVOKE_REASONS = [
  'LINK_LOST',
  'PARTICIPANT_FAULT',
  'SESSION_LOST',
  'TOLERANCE_EXCEEDED',
] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];

export interface ContractRevokeRecord extends Stamped {
  readonly kind: 'CONTRACT_REVOKE';
  readonly id: number;
  readonly atMs: number;
  readonly alias: string;
  readonly reason: RevokeReason;
}

/** A verdict: the contract's deadline had passed at `observedAtMs`. */
export interface ContractExpireRecord extends Stamped {
  readonly kind: 'CONTRACT_EXPIRE';
  readonly id: number;
  readonly observedAtMs: number;
}

export type ContractRecord =
  | ResourcesRecord
  | ContractRequestRecord
  | ContractReadyRecord
  | ContractRenewRecord
  | ContractReleaseRecord
  | ContractRevokeRecord
  | ContractExpireRecord;

export type ContractRecordKind = ContractRecord['kind'];

/** A contract record's own fields (without `l` and `origin`), kind by kind. */
export type ContractRecordFields = ContractRecord extends infer R
  ? R extends ContractRecord
    ? Omit<R, keyof Stamped>
    : never
  : never;

export const CONTRACT_FIELDS: Record<ContractRecordKind, readonly string[]> = {
  RESOURCES: ['alias', 'atMs', 'memorySlots', 'links', 'window'],
  CONTRACT_REQUEST: [
    'atMs',
    'contractKind',
    'scopes',
    'participants',
    'slots',
    'startMs',
    'endMs',
    'leaseMs',
    'link',
    'window',
  ],
  CONTRACT_READY: ['id', 'alias', 'atMs'],
  CONTRACT_RENEW: ['id', 'atMs'],
  CONTRACT_RELEASE: ['id', 'atMs', 'reason'],
  CONTRACT_REVOKE: ['id', 'atMs', 'alias', 'reason'],
  CONTRACT_EXPIRE: ['id', 'observedAtMs'],
};

/** Limits of docs/spec/contracts.md §3 and §7. */
export const CONTRACT_LIMITS = {
  memorySlots: 64,
  links: 16,
  participants: 8,
  slots: 16,
  scopes: 8,
  longestMs: 86_400_000,
  minLeaseMs: 1_000,
  maxLeaseMs: 600_000,
  maxToleranceMrad: 6_283,
  maxPairs: 1_000_000,
  contractsPerNode: 256,
} as const;

const LINK_FIELDS = [
  'peer',
  'lengthM',
  'lossMdbPerKm',
  'attemptRateHz',
  'emissionPpm',
  'detectorPpm',
  'initialFidelityPpm',
  'memoryTimeMs',
  'capacityPairsPerS',
];
const MIN_FIDELITY_PPM = PPM / 4;

/** Items of `list` strictly increasing (sorted, unique), or RECORD_INVALID at `field`. */
function sortedUnique(c: Check, list: readonly string[], field: string): void {
  for (let i = 1; i < list.length; i++)
    if (!((list[i - 1] as string) < (list[i] as string))) c.fail(field, 'not sorted and unique');
}

function checkLink(parent: Check, v: unknown, field: string): AdvertisedLink {
  const o = parent.obj(v, field, LINK_FIELDS);
  const c = parent.nested(field);
  return {
    peer: c.anyLabel(o.peer, 'peer'),
    lengthM: c.int(o, 'lengthM', 0, 10_000_000),
    lossMdbPerKm: c.int(o, 'lossMdbPerKm', 0, 10_000),
    attemptRateHz: c.int(o, 'attemptRateHz', 1, 10_000_000_000),
    emissionPpm: c.int(o, 'emissionPpm', 1, PPM),
    detectorPpm: c.int(o, 'detectorPpm', 1, PPM),
    initialFidelityPpm: c.int(o, 'initialFidelityPpm', MIN_FIDELITY_PPM, PPM),
    memoryTimeMs: c.int(o, 'memoryTimeMs', 1, MAX_SAFE),
    capacityPairsPerS: c.int(o, 'capacityPairsPerS', 1, 1_000_000),
  };
}

function checkEnvelope(parent: Check, v: unknown): WindowEnvelope {
  const o = parent.obj(v, 'window', ['maxLengthMs', 'toleranceMrad', 'clockDomain']);
  const c = parent.nested('window');
  return {
    maxLengthMs: c.int(o, 'maxLengthMs', 1, CONTRACT_LIMITS.longestMs),
    toleranceMrad: c.int(o, 'toleranceMrad', 1, CONTRACT_LIMITS.maxToleranceMrad),
    clockDomain: c.anyLabel(o.clockDomain, 'clockDomain'),
  };
}

function checkResources(c: Check, o: Obj, at: () => number): Omit<ResourcesRecord, keyof Stamped> {
  const links = c
    .list(o, 'links', CONTRACT_LIMITS.links)
    .map((v, i) => checkLink(c, v, `links.${i}`));
  sortedUnique(
    c,
    links.map((l) => l.peer),
    'links',
  );
  return {
    kind: 'RESOURCES',
    alias: c.label(o, 'alias'),
    atMs: at(),
    memorySlots: c.int(o, 'memorySlots', 0, CONTRACT_LIMITS.memorySlots),
    links,
    window: o.window === null ? null : checkEnvelope(c, o.window),
  };
}

function checkLinkTerms(parent: Check, v: unknown): LinkTerms {
  const o = parent.obj(v, 'link', ['pairs', 'minFidelityPpm', 'type', 'priority', 'bases']);
  const c = parent.nested('link');
  const type = c.oneOf(o, 'type', ['K', 'M'] as const);
  const bases = c.list(o, 'bases', 3).map((b, i) => {
    if (b !== 'X' && b !== 'Y' && b !== 'Z') c.fail(`bases.${i}`, 'unknown basis');
    return b as Basis;
  });
  sortedUnique(c, bases, 'bases');
  if ((type === 'M') !== bases.length > 0)
    c.fail('bases', 'given for M requests only, and required');
  return {
    pairs: c.int(o, 'pairs', 1, CONTRACT_LIMITS.maxPairs),
    minFidelityPpm: c.int(o, 'minFidelityPpm', MIN_FIDELITY_PPM, PPM),
    type,
    priority: c.int(o, 'priority', 0, 2),
    bases,
  };
}

function checkWindowTerms(parent: Check, v: unknown): WindowTerms {
  const o = parent.obj(v, 'window', ['lengthMs', 'toleranceMrad', 'clockDomain']);
  const c = parent.nested('window');
  return {
    lengthMs: c.int(o, 'lengthMs', 1, CONTRACT_LIMITS.longestMs),
    toleranceMrad: c.int(o, 'toleranceMrad', 1, CONTRACT_LIMITS.maxToleranceMrad),
    clockDomain: c.anyLabel(o.clockDomain, 'clockDomain'),
  };
}

function checkRequest(
  c: Check,
  o: Obj,
  at: () => number,
): Omit<ContractRequestRecord, keyof Stamped> {
  const atMs = at();
  const contractKind = c.oneOf(o, 'contractKind', ['LINK', 'WINDOW'] as const);
  const scopes = c
    .list(o, 'scopes', CONTRACT_LIMITS.scopes)
    .map((v, i) => c.anyLabel(v, `scopes.${i}`));
  if (scopes.length === 0) c.fail('scopes', 'empty');
  sortedUnique(c, scopes, 'scopes');
  const participants = c
    .list(o, 'participants', CONTRACT_LIMITS.participants)
    .map((v, i) => c.anyLabel(v, `participants.${i}`));
  if (new Set(participants).size !== participants.length) c.fail('participants', 'not distinct');
  const isLink = contractKind === 'LINK';
  if (isLink ? participants.length !== 2 : participants.length < 2)
    c.fail('participants', isLink ? 'a link has exactly 2' : 'a window has 2 to 8');
  const startMs = c.int(o, 'startMs', atMs, MAX_SAFE);
  const endMs = c.int(o, 'endMs', startMs + 1, startMs + CONTRACT_LIMITS.longestMs);
  if ((o.link === null) === isLink) c.fail('link', isLink ? 'required' : 'only for LINK');
  if ((o.window === null) !== isLink) c.fail('window', isLink ? 'only for WINDOW' : 'required');
  const window = isLink ? null : checkWindowTerms(c, o.window);
  if (window !== null && window.lengthMs > endMs - startMs)
    c.fail('window.lengthMs', 'longer than the interval');
  return {
    kind: 'CONTRACT_REQUEST',
    atMs,
    contractKind,
    scopes,
    participants,
    slots: c.int(o, 'slots', 1, CONTRACT_LIMITS.slots),
    startMs,
    endMs,
    leaseMs: c.int(o, 'leaseMs', CONTRACT_LIMITS.minLeaseMs, CONTRACT_LIMITS.maxLeaseMs),
    link: isLink ? checkLinkTerms(c, o.link) : null,
    window,
  };
}

/** The fields of a contract record of kind `k`, checked (`at` reads a time field). */
export function checkContractRecord(c: Check, k: ContractRecordKind, o: Obj): ContractRecordFields {
  const at = (f = 'atMs'): number => c.int(o, f, 0, MAX_SAFE);
  const id = (): number => c.int(o, 'id', 1, MAX_SAFE);
  switch (k) {
    case 'RESOURCES':
      return checkResources(c, o, at);
    case 'CONTRACT_REQUEST':
      return checkRequest(c, o, at);
    case 'CONTRACT_READY':
      return { kind: k, id: id(), alias: c.label(o, 'alias'), atMs: at() };
    case 'CONTRACT_RENEW':
      return { kind: k, id: id(), atMs: at() };
    case 'CONTRACT_RELEASE':
      return { kind: k, id: id(), atMs: at(), reason: c.oneOf(o, 'reason', RELEASE_REASONS) };
    case 'CONTRACT_REVOKE':
      return {
        kind: k,
        id: id(),
        atMs: at(),
        alias: c.label(o, 'alias'),
        reason: c.oneOf(o, 'reason', REVOKE_REASONS),
      };
    case 'CONTRACT_EXPIRE':
      return { kind: k, id: id(), observedAtMs: at('observedAtMs') };
  }
}
