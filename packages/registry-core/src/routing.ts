/**
 * QNH routing: where a job for a Q-URI target goes. ACTIVE and fit → deliver to its address.
 * QUARANTINE (or unfit) → soft-reject with the reason, then, unless reroute=deny, re-route to
 * the best ACTIVE fit node: same Geographic-Scope, else same Qubit-Capacity class, else the
 * configured regional failover order. Never throws for unknown targets; never delivers to a
 * quarantined node.
 */
import type { QUriParams, QUriTarget } from '@qcos/q-uri';
import { capacityClass, type NodeEntry, type QuarantineReason } from './entry.js';
import { RegistryError } from './errors.js';
import type { EksLossReason, FaultKind } from './health.js';
import { PPM } from './limits.js';
import { getEntry, type RegistryState } from './state.js';

/** The parsed Q-URI target, re-exported from @qcos/q-uri so routeJob takes a parse result as is. */
export type { QUriTarget };

/**
 * The job parameters of a Q-URI that routing looks at, each optional: `qubits` (minimum
 * Qubit-Capacity), `minFidelity` (minimum Avg-Fidelity, 0.0–1.0) and `reroute` ('deny' returns
 * the soft-reject without a re-route; default 'allow'). A parsed `QUriParams` fits as is.
 */
export type JobRequirements = Partial<Pick<QUriParams, 'qubits' | 'minFidelity' | 'reroute'>>;

export interface RouteOptions {
  /** Regional failover order: scope → scopes to try next, in order (like Consul prepared queries). */
  readonly failover?: Readonly<Record<string, readonly string[]>>;
}

export type RerouteTier = 'same-scope' | 'same-capacity-class' | 'failover';

export interface RouteTarget {
  readonly alias: string;
  readonly address: string;
  readonly scope: string;
}

/** Why the named node cannot take the job: its quarantine reason, or unmet requirements. */
export type SoftRejectReason = QuarantineReason | 'REQUIREMENTS_NOT_MET';

export type RouteDecision =
  | ({ readonly kind: 'deliver'; readonly via: 'direct' | 'scope' | 'failover' } & RouteTarget)
  | {
      readonly kind: 'soft-reject';
      readonly alias: string;
      readonly reason: SoftRejectReason;
      /** The fault kind (CRITICAL_FAULT) or EKS loss reason (EKS_LOSS). */
      readonly detail?: FaultKind | EksLossReason;
      /** The re-route chosen, or null (reroute=deny, or no ACTIVE node fits). */
      readonly reroute: ({ readonly tier: RerouteTier } & RouteTarget) | null;
    }
  | { readonly kind: 'not-found'; readonly alias: string; readonly scope?: string }
  | { readonly kind: 'unavailable'; readonly scope: string };

interface Need {
  readonly qubits: number;
  readonly fidelityPpm: number;
}

const NO_NEED: Need = { qubits: 1, fidelityPpm: 0 };

function need(req: JobRequirements): Need {
  const { qubits, minFidelity, reroute } = req;
  if (qubits === undefined && minFidelity === undefined && reroute === undefined) return NO_NEED;
  if (qubits !== undefined && (!Number.isSafeInteger(qubits) || qubits < 1 || qubits > 32_767)) {
    throw new RegistryError('REQUIREMENTS_INVALID', 'qubits must be an integer in 1..32767', {
      field: 'qubits',
    });
  }
  if (
    minFidelity !== undefined &&
    !(typeof minFidelity === 'number' && minFidelity >= 0 && minFidelity <= 1)
  ) {
    throw new RegistryError('REQUIREMENTS_INVALID', 'minFidelity must be in 0..1', {
      field: 'minFidelity',
    });
  }
  if (reroute !== undefined && reroute !== 'allow' && reroute !== 'deny') {
    throw new RegistryError('REQUIREMENTS_INVALID', 'reroute must be allow or deny', {
      field: 'reroute',
    });
  }
  // Round away float noise (0.9999 · 10^6 = 999899.99…) before taking the ceiling.
  const fidelityPpm =
    minFidelity === undefined ? 0 : Math.ceil(Math.round(minFidelity * PPM * 1_000) / 1_000);
  return { qubits: qubits ?? 1, fidelityPpm };
}

const fits = (e: NodeEntry, n: Need): boolean =>
  e.status.state === 'ACTIVE' && e.qubitCapacity >= n.qubits && e.avgFidelityPpm >= n.fidelityPpm;

/** Ranking: higher fidelity, then lower utilisation, then alias. */
export function compareRank(a: NodeEntry, b: NodeEntry): number {
  if (a.avgFidelityPpm !== b.avgFidelityPpm) return b.avgFidelityPpm - a.avgFidelityPpm;
  if (a.utilisationPct !== b.utilisationPct) return a.utilisationPct - b.utilisationPct;
  return a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0;
}

/** Ranked candidate lists, computed once per (entries, index list) and remembered. */
const rankMemo = new WeakMap<object, Map<readonly string[], readonly NodeEntry[]>>();

function ranked(
  state: RegistryState,
  aliases: readonly string[] | undefined,
): readonly NodeEntry[] {
  if (!aliases) return [];
  // Keyed by the entry vector: states that share their entries share their rankings.
  const entries = state.merkle.entries;
  let perState = rankMemo.get(entries);
  if (!perState) {
    perState = new Map();
    rankMemo.set(entries, perState);
  }
  let list = perState.get(aliases);
  if (!list) {
    list = aliases.map((a) => getEntry(state, a) as NodeEntry).sort(compareRank);
    perState.set(aliases, list);
  }
  return list;
}

function best(
  state: RegistryState,
  aliases: readonly string[] | undefined,
  n: Need,
  not?: string,
): NodeEntry | undefined {
  for (const e of ranked(state, aliases)) if (e.alias !== not && fits(e, n)) return e;
  return undefined;
}

// Results are built as literals in their final key order (no spreads): routing is a hot path.
const deliver = (via: 'direct' | 'scope' | 'failover', e: NodeEntry): RouteDecision => ({
  kind: 'deliver',
  via,
  alias: e.alias,
  address: e.address,
  scope: e.scope,
});

const rerouteTo = (
  tier: RerouteTier,
  e: NodeEntry,
): { readonly tier: RerouteTier } & RouteTarget => ({
  tier,
  alias: e.alias,
  address: e.address,
  scope: e.scope,
});

function failoverBest(
  state: RegistryState,
  scope: string,
  n: Need,
  opts: RouteOptions,
  not?: string,
): NodeEntry | undefined {
  for (const s of opts.failover?.[scope] ?? []) {
    if (s === scope) continue;
    const e = best(state, state.index.byScope.get(s), n, not);
    if (e) return e;
  }
  return undefined;
}

/** Decides where a job for `target` goes. Pure; throws only REQUIREMENTS_INVALID for bad requirements. */
export function routeJob(
  state: RegistryState,
  target: QUriTarget,
  requirements: JobRequirements = {},
  options: RouteOptions = {},
): RouteDecision {
  const n = need(requirements);
  if (target.kind === 'scope') {
    const inScope = best(state, state.index.byScope.get(target.scope), n);
    if (inScope) return deliver('scope', inScope);
    const far = failoverBest(state, target.scope, n, options);
    if (far) return deliver('failover', far);
    return { kind: 'unavailable', scope: target.scope };
  }
  const entry = getEntry(state, target.alias);
  if (!entry || (target.scope !== undefined && entry.scope !== target.scope)) {
    return target.scope === undefined
      ? { kind: 'not-found', alias: target.alias }
      : { kind: 'not-found', alias: target.alias, scope: target.scope };
  }
  if (fits(entry, n)) {
    return {
      kind: 'deliver',
      via: 'direct',
      alias: entry.alias,
      address: entry.address,
      scope: entry.scope,
    };
  }
  const s = entry.status;
  const reason: SoftRejectReason =
    s.state === 'QUARANTINE' ? s.cause.reason : 'REQUIREMENTS_NOT_MET';
  const detail =
    s.state === 'QUARANTINE'
      ? s.cause.reason === 'CRITICAL_FAULT'
        ? s.cause.fault
        : s.cause.reason === 'EKS_LOSS'
          ? s.cause.eksLossReason
          : undefined
      : undefined;
  const reject = (reroute: ({ readonly tier: RerouteTier } & RouteTarget) | null): RouteDecision =>
    detail
      ? { kind: 'soft-reject', alias: entry.alias, reason, detail, reroute }
      : { kind: 'soft-reject', alias: entry.alias, reason, reroute };
  if (requirements.reroute === 'deny') return reject(null);
  const sameScope = best(state, state.index.byScope.get(entry.scope), n, entry.alias);
  if (sameScope) return reject(rerouteTo('same-scope', sameScope));
  const sameClass = best(
    state,
    state.index.byClass.get(capacityClass(entry.qubitCapacity)),
    n,
    entry.alias,
  );
  if (sameClass) return reject(rerouteTo('same-capacity-class', sameClass));
  const far = failoverBest(state, entry.scope, n, options, entry.alias);
  return reject(far ? rerouteTo('failover', far) : null);
}
