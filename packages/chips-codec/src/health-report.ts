import { ChipsError } from './errors.js';

/** Hardware fault classes a node reports in its heartbeat. */
export type FaultKind =
  | 'CRYOSTAT'
  | 'CONTROL_ELECTRONICS'
  | 'CALIBRATION'
  | 'QKD_HARDWARE'
  | 'OTHER';

/** Why a node's Entangled Key State was lost. */
export type EksLossReason =
  | 'QBER_ABOVE_THRESHOLD'
  | 'EAVESDROPPER_DETECTED'
  | 'LINK_DOWN'
  | 'KEY_EXHAUSTED';

/**
 * The compressed health report a DQN sends in every heartbeat. All quantities are integers
 * (ppm, percent, unix ms) so the canonical bytes never depend on float formatting.
 */
export interface HealthReport {
  readonly eksOk: boolean;
  /** Unix ms of the last successful EKS sync. */
  readonly eksLastSyncMs: number;
  /** Present iff eksOk === false. */
  readonly eksLossReason?: EksLossReason;
  /** Average 1-qubit gate fidelity, parts per million, 0..1_000_000. */
  readonly fidelity1qPpm: number;
  /** Average 2-qubit gate fidelity, ppm. */
  readonly fidelity2qPpm: number;
  /** 0..100. */
  readonly utilisationPct: number;
  /** Sorted ascending (string order), no repeats. */
  readonly faults: readonly FaultKind[];
}

/**
 * Wire codes. The index of a FaultKind is its bit in the heartbeat's fault mask; the list is
 * in ascending string order, so reading the mask bit by bit yields a sorted array. New kinds
 * get new bits and a new protocol version.
 */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze([
  'CALIBRATION',
  'CONTROL_ELECTRONICS',
  'CRYOSTAT',
  'OTHER',
  'QKD_HARDWARE',
]);

/** Wire codes: the index of a reason is its code in a heartbeat. */
export const EKS_LOSS_REASONS: readonly EksLossReason[] = Object.freeze([
  'QBER_ABOVE_THRESHOLD',
  'EAVESDROPPER_DETECTED',
  'LINK_DOWN',
  'KEY_EXHAUSTED',
]);

export const PPM_MAX = 1_000_000;
export const UTILISATION_MAX = 100;

export function isFaultKind(v: unknown): v is FaultKind {
  return typeof v === 'string' && (FAULT_KINDS as readonly string[]).includes(v);
}

export function isEksLossReason(v: unknown): v is EksLossReason {
  return typeof v === 'string' && (EKS_LOSS_REASONS as readonly string[]).includes(v);
}

/** The fields of a HealthReport, in canonical order. */
export const HEALTH_REPORT_FIELDS = [
  'eksOk',
  'eksLastSyncMs',
  'eksLossReason',
  'fidelity1qPpm',
  'fidelity2qPpm',
  'utilisationPct',
  'faults',
] as const;
const FIELDS: ReadonlySet<string> = new Set(HEALTH_REPORT_FIELDS);

function bad(
  code: 'WRONG_TYPE' | 'OUT_OF_RANGE' | 'INVALID_FIELD' | 'UNKNOWN_FIELD' | 'MISSING_FIELD',
  message: string,
  field: string,
): never {
  throw new ChipsError(code, message, undefined, field);
}

function intIn(o: Record<string, unknown>, name: string, min: number, max: number): number {
  const v = o[name];
  if (v === undefined) bad('MISSING_FIELD', 'required', name);
  if (typeof v !== 'number' || !Number.isInteger(v)) bad('WRONG_TYPE', 'expected an integer', name);
  if (v < min || v > max) bad('OUT_OF_RANGE', `${v} outside [${min}, ${max}]`, name);
  return v;
}

/**
 * Checks that `value` is a HealthReport (exact fields, ranges, the eksOk/eksLossReason
 * rule, sorted unique faults) and returns it typed. Throws ChipsError with `field` set.
 */
export function validateHealthReport(value: unknown): HealthReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad('WRONG_TYPE', 'expected an object', '$');
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!FIELDS.has(k) && o[k] !== undefined) bad('UNKNOWN_FIELD', 'not a HealthReport field', k);
  }
  if (typeof o.eksOk !== 'boolean') {
    bad(o.eksOk === undefined ? 'MISSING_FIELD' : 'WRONG_TYPE', 'expected a boolean', 'eksOk');
  }
  intIn(o, 'eksLastSyncMs', 0, Number.MAX_SAFE_INTEGER);
  const reason = o.eksLossReason;
  if (o.eksOk) {
    if (reason !== undefined)
      bad('INVALID_FIELD', 'present although eksOk is true', 'eksLossReason');
  } else if (reason === undefined) {
    bad('MISSING_FIELD', 'required when eksOk is false', 'eksLossReason');
  } else if (!isEksLossReason(reason)) {
    bad(
      typeof reason === 'string' ? 'OUT_OF_RANGE' : 'WRONG_TYPE',
      'not an EksLossReason',
      'eksLossReason',
    );
  }
  intIn(o, 'fidelity1qPpm', 0, PPM_MAX);
  intIn(o, 'fidelity2qPpm', 0, PPM_MAX);
  intIn(o, 'utilisationPct', 0, UTILISATION_MAX);
  const faults = o.faults;
  if (faults === undefined) bad('MISSING_FIELD', 'required', 'faults');
  if (!Array.isArray(faults)) bad('WRONG_TYPE', 'expected an array', 'faults');
  for (let i = 0; i < faults.length; i++) {
    const f: unknown = faults[i];
    if (!isFaultKind(f)) {
      bad(typeof f === 'string' ? 'OUT_OF_RANGE' : 'WRONG_TYPE', 'not a FaultKind', `faults[${i}]`);
    }
    if (i > 0 && !(faults[i - 1] < f))
      bad('INVALID_FIELD', 'faults must be sorted and unique', `faults[${i}]`);
  }
  return o as unknown as HealthReport;
}

export function isHealthReport(value: unknown): value is HealthReport {
  try {
    validateHealthReport(value);
    return true;
  } catch {
    return false;
  }
}

/** The fault set as a bit mask (bit i = FAULT_KINDS[i]); assumes a validated report. */
export function faultMask(faults: readonly FaultKind[]): number {
  let mask = 0;
  for (const f of faults) mask |= 1 << FAULT_KINDS.indexOf(f);
  return mask;
}

const ALL_FAULT_BITS = (1 << FAULT_KINDS.length) - 1;

/** The inverse of faultMask; `undefined` when the mask has bits no FaultKind owns. */
export function faultsFromMask(mask: number): FaultKind[] | undefined {
  if ((mask & ~ALL_FAULT_BITS) !== 0) return undefined;
  const out: FaultKind[] = [];
  for (let i = 0; i < FAULT_KINDS.length; i++) if (mask & (1 << i)) out.push(FAULT_KINDS[i]!);
  return out;
}
