/**
 * The status policy: thresholds that decide ACTIVE vs QUARANTINE. It is data in the log
 * (a POLICY record replaces it with a higher version), so every QAN applies the same rules.
 */
import type { NodeEntry, NodeStatus, QuarantineCause } from './entry.js';
import { MAX_GOOD_HEARTBEATS, PPM } from './limits.js';

export interface StatusPolicy {
  /** Strictly increasing across POLICY records. */
  readonly version: number;
  /** A node is timed out when no heartbeat arrived for longer than this (default 60 s). */
  readonly heartbeatIntervalMs: number;
  /** ACTIVE needs Avg-Fidelity at or above this, in ppm (default 950_000 = 0.95). */
  readonly minFidelityPpm: number;
  /** Leaving quarantine needs this many consecutive good heartbeats (default 3). */
  readonly hysteresisHeartbeats: number;
  /** Weight W of the running average: avg' = floor((avg·(W−1) + sample) / W) (default 8). */
  readonly fidelityWindow: number;
  /**
   * Protocol version scheduled by the log (absent = 1, the original protocol). Blocks at
   * `protocolHeight` and above are of this version, blocks below it of the one before.
   * Present together with `protocolHeight`, or both absent.
   */
  readonly protocol?: number;
  /** First height at which `protocol` is in force. */
  readonly protocolHeight?: number;
}

/** Highest protocol version this implementation folds (2: blocks commit to a state root). */
export const MAX_PROTOCOL = 3;

export const DEFAULT_POLICY: StatusPolicy = {
  version: 1,
  heartbeatIntervalMs: 60_000,
  minFidelityPpm: 950_000,
  hysteresisHeartbeats: 3,
  fidelityWindow: 8,
};

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** The fields every policy map holds, in canonical order. */
export const POLICY_FIELDS = [
  'version',
  'heartbeatIntervalMs',
  'minFidelityPpm',
  'hysteresisHeartbeats',
  'fidelityWindow',
] as const;
/** The fields a policy map holds only once a protocol above 1 is scheduled. */
const PROTOCOL_FIELDS = ['protocol', 'protocolHeight'] as const;
/** Every field a policy map may hold. */
export const POLICY_MAP_FIELDS: readonly string[] = [...POLICY_FIELDS, ...PROTOCOL_FIELDS];

/**
 * The first field of a decoded policy map that is unknown, missing or out of range, with why;
 * null when the map is a policy.
 */
export function policyMapProblem(
  o: Readonly<Record<string, unknown>>,
): { readonly field: string; readonly why: string } | null {
  for (const k of Object.keys(o))
    if (!POLICY_MAP_FIELDS.includes(k)) return { field: k, why: 'unknown field' };
  for (const k of POLICY_FIELDS) if (o[k] === undefined) return { field: k, why: 'missing' };
  const bad = policyProblem(o as unknown as StatusPolicy);
  return bad === null ? null : { field: bad, why: 'out of range' };
}

/** A clean copy of a policy map that policyMapProblem accepted. */
export function policyFromMap(o: Readonly<Record<string, unknown>>): StatusPolicy {
  const p = o as unknown as StatusPolicy;
  return {
    version: p.version,
    heartbeatIntervalMs: p.heartbeatIntervalMs,
    minFidelityPpm: p.minFidelityPpm,
    hysteresisHeartbeats: p.hysteresisHeartbeats,
    fidelityWindow: p.fidelityWindow,
    ...(p.protocol === undefined ? {} : { protocol: p.protocol, protocolHeight: p.protocolHeight }),
  } as StatusPolicy;
}

/** Returns the name of the first field out of range, or null when the policy is valid. */
export function policyProblem(p: StatusPolicy): string | null {
  if (!isInt(p.version, 1, Number.MAX_SAFE_INTEGER)) return 'version';
  if (!isInt(p.heartbeatIntervalMs, 1_000, 86_400_000)) return 'heartbeatIntervalMs';
  if (!isInt(p.minFidelityPpm, 0, PPM)) return 'minFidelityPpm';
  if (!isInt(p.hysteresisHeartbeats, 1, MAX_GOOD_HEARTBEATS)) return 'hysteresisHeartbeats';
  if (!isInt(p.fidelityWindow, 1, 1_024)) return 'fidelityWindow';
  // One encoding per policy: version 1 is written by leaving both fields out.
  if (p.protocol === undefined && p.protocolHeight === undefined) return null;
  if (!isInt(p.protocol, 2, MAX_PROTOCOL)) return 'protocol';
  if (!isInt(p.protocolHeight, 1, Number.MAX_SAFE_INTEGER)) return 'protocolHeight';
  return null;
}

/**
 * The block version in force at `height` under `policy`: the scheduled protocol from its
 * height on, the one before it below (each POLICY raises the protocol by one, and only once
 * the previous one is in force, so "the one before" is always the right one).
 */
export function blockVersionAt(policy: StatusPolicy, height: number): number {
  const protocol = policy.protocol ?? 1;
  return height >= (policy.protocolHeight ?? 0) ? protocol : protocol - 1;
}

/** One fidelity sample from a heartbeat: the mean of the 1q and 2q averages, in ppm. */
export function fidelitySample(fidelity1qPpm: number, fidelity2qPpm: number): number {
  return Math.floor((fidelity1qPpm + fidelity2qPpm) / 2);
}

/** The running average: the first sample is taken as is, then an integer EMA of weight W. */
export function nextAvgFidelity(
  previousPpm: number,
  hadSample: boolean,
  samplePpm: number,
  policy: StatusPolicy,
): number {
  if (!hadSample) return samplePpm;
  const w = policy.fidelityWindow;
  return Math.floor((previousPpm * (w - 1) + samplePpm) / w);
}

/**
 * The failing condition of highest priority, or null when every ACTIVE condition holds.
 * Priority: MAINTENANCE > EKS_LOSS > CRITICAL_FAULT > HEARTBEAT_TIMEOUT > LOW_FIDELITY.
 */
export function failingCondition(entry: NodeEntry, policy: StatusPolicy): QuarantineCause | null {
  if (entry.maintenance) return { reason: 'MAINTENANCE' };
  if (!entry.eks.ok) return { reason: 'EKS_LOSS', eksLossReason: entry.eks.lossReason };
  const fault = entry.faults[0];
  if (fault !== undefined) return { reason: 'CRITICAL_FAULT', fault };
  if (entry.timedOut) return { reason: 'HEARTBEAT_TIMEOUT' };
  if (entry.lastHeartbeatMs !== null && entry.avgFidelityPpm < policy.minFidelityPpm) {
    return { reason: 'LOW_FIDELITY' };
  }
  return null;
}

const ACTIVE: NodeStatus = { state: 'ACTIVE' };
const PROBATION: NodeStatus = { state: 'QUARANTINE', cause: { reason: 'PROBATION' } };

/**
 * The status an entry must have under `policy`. Any failing condition quarantines with its
 * reason. With none failing, an ACTIVE node stays ACTIVE; a quarantined one becomes ACTIVE
 * only after `hysteresisHeartbeats` consecutive good heartbeats, else it is on PROBATION.
 */
export function evaluateStatus(entry: NodeEntry, policy: StatusPolicy): NodeStatus {
  const failing = failingCondition(entry, policy);
  if (failing) return { state: 'QUARANTINE', cause: failing };
  if (entry.status.state === 'ACTIVE') return ACTIVE;
  return entry.goodHeartbeats >= policy.hysteresisHeartbeats ? ACTIVE : PROBATION;
}

export function sameStatus(a: NodeStatus, b: NodeStatus): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'ACTIVE' || b.state === 'ACTIVE') return true;
  const x = a.cause;
  const y = b.cause;
  if (x.reason !== y.reason) return false;
  if (x.reason === 'CRITICAL_FAULT' && y.reason === 'CRITICAL_FAULT') return x.fault === y.fault;
  if (x.reason === 'EKS_LOSS' && y.reason === 'EKS_LOSS')
    return x.eksLossReason === y.eksLossReason;
  return true;
}
