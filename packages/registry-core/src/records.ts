/**
 * Records: the only way registry state changes. Each carries its Lamport timestamp `l` and
 * its `origin` (the quid of the QAN that wrote it); wall-clock times are plain data fields.
 * The union is closed for the fold (unknown kinds are refused) and open for the spec: kinds
 * starting with `CONTRACT_` are reserved for resource-contract records.
 */
import { HEALTH_REPORT_FIELDS } from '@qcos/chips-codec';
import {
  HYBRID_PUBLIC_KEY_LENGTH,
  HYBRID_SIGNATURE_LENGTH,
  isQuid,
  type Quid,
} from '@qcos/identity';
import {
  CONTRACT_FIELDS,
  type ContractRecord,
  type ContractRecordKind,
  checkContractRecord,
} from './contracts/contract-records.js';
import { RegistryError } from './errors.js';
import {
  EKS_LOSS_REASONS,
  type EksLossReason,
  FAULT_KINDS,
  type FaultKind,
  type HealthReport,
} from './health.js';
import { isNetworkAddress } from './labels.js';
import {
  MAX_NODE_KEY_BYTES,
  MAX_OPERATOR_ACTION_BYTES,
  MAX_SAFE,
  MIN_NODE_KEY_BYTES,
  PPM,
} from './limits.js';
import { POLICY_MAP_FIELDS, policyFromMap, policyMapProblem, type StatusPolicy } from './policy.js';
import { Check, type Obj } from './record-check.js';

interface RecordBase {
  /** Lamport timestamp. */
  readonly l: number;
  /** Quid of the QAN that wrote the record; equals the origin of its block. */
  readonly origin: Quid;
}

export interface RegisterRecord extends RecordBase {
  readonly kind: 'REGISTER';
  readonly alias: string;
  readonly address: string;
  readonly scope: string;
  readonly qubitCapacity: number;
  readonly publicKey: Uint8Array;
  readonly atMs: number;
}
export interface HeartbeatRecord extends RecordBase {
  readonly kind: 'HEARTBEAT';
  readonly alias: string;
  readonly atMs: number;
  readonly report: HealthReport;
}
export interface EksSyncRecord extends RecordBase {
  readonly kind: 'EKS_SYNC';
  readonly alias: string;
  readonly atMs: number;
}
export interface EksLossRecord extends RecordBase {
  readonly kind: 'EKS_LOSS';
  readonly alias: string;
  readonly atMs: number;
  readonly reason: EksLossReason;
}
export interface CriticalFaultRecord extends RecordBase {
  readonly kind: 'CRITICAL_FAULT';
  readonly alias: string;
  readonly atMs: number;
  readonly fault: FaultKind;
}
/** A verdict: the origin saw no heartbeat after `lastHeartbeatMs` up to `observedAtMs`. */
export interface HeartbeatTimeoutRecord extends RecordBase {
  readonly kind: 'HEARTBEAT_TIMEOUT';
  readonly alias: string;
  readonly observedAtMs: number;
  readonly lastHeartbeatMs: number | null;
}
export interface MaintenanceRecord extends RecordBase {
  readonly kind: 'MAINTENANCE';
  readonly alias: string;
  readonly atMs: number;
  readonly on: boolean;
}
export interface DeregisterRecord extends RecordBase {
  readonly kind: 'DEREGISTER';
  readonly alias: string;
  readonly atMs: number;
}
export interface PolicyRecord extends RecordBase {
  readonly kind: 'POLICY';
  readonly policy: StatusPolicy;
}
/** What a trusted key may do: sign blocks (a QAN) or sign operator actions (an operator). */
export type MemberRole = 'QAN' | 'OPERATOR';
export const MEMBER_ROLES: readonly MemberRole[] = ['OPERATOR', 'QAN'];

/**
 * The truster trusts the key `trusteeKey` in `role` at `levelPpm` (0 revokes the edge). Written
 * only inside an operator action: the truster is the action's signer.
 */
export interface TrustEdgeRecord extends RecordBase {
  readonly kind: 'TRUST_EDGE';
  readonly trusteeKey: Uint8Array;
  readonly role: MemberRole;
  readonly levelPpm: number;
}
/**
 * An operator action carried by a QAN: `action` is the exact canonical bytes the operator
 * signed (docs/spec/registry.md §5.11); the authority is the signature, not the block origin.
 */
export interface OperatorActionRecord extends RecordBase {
  readonly kind: 'OPERATOR_ACTION';
  readonly action: Uint8Array;
  readonly signerKey: Uint8Array;
  readonly signature: Uint8Array;
}

export type RegistryRecord =
  | RegisterRecord
  | HeartbeatRecord
  | EksSyncRecord
  | EksLossRecord
  | CriticalFaultRecord
  | HeartbeatTimeoutRecord
  | MaintenanceRecord
  | DeregisterRecord
  | PolicyRecord
  | TrustEdgeRecord
  | OperatorActionRecord
  | ContractRecord;

export type RecordKind = RegistryRecord['kind'];

/** A record before it is stamped with its Lamport timestamp and origin. */
export type RecordBody = RegistryRecord extends infer R
  ? R extends RegistryRecord
    ? Omit<R, 'l' | 'origin'>
    : never
  : never;

export const RECORD_KINDS: readonly RecordKind[] = [
  'REGISTER',
  'HEARTBEAT',
  'EKS_SYNC',
  'EKS_LOSS',
  'CRITICAL_FAULT',
  'HEARTBEAT_TIMEOUT',
  'MAINTENANCE',
  'DEREGISTER',
  'POLICY',
  'TRUST_EDGE',
  'OPERATOR_ACTION',
  'RESOURCES',
  'CONTRACT_REQUEST',
  'CONTRACT_READY',
  'CONTRACT_RENEW',
  'CONTRACT_RELEASE',
  'CONTRACT_REVOKE',
  'CONTRACT_EXPIRE',
];

/** The kinds of resource contracts (docs/spec/contracts.md), folded from protocol 3 on. */
export const CONTRACT_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>(
  Object.keys(CONTRACT_FIELDS) as ContractRecordKind[],
);

/** Total order of records: by Lamport timestamp, then origin quid (XDV-040 §3.3). */
export function compareRecordOrder(a: RecordBase, b: RecordBase): number {
  if (a.l !== b.l) return a.l < b.l ? -1 : 1;
  return a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0;
}

// ---- validation of untrusted values -------------------------------------------------

const FIELDS: Record<RecordKind, readonly string[]> = {
  REGISTER: ['alias', 'address', 'scope', 'qubitCapacity', 'publicKey', 'atMs'],
  HEARTBEAT: ['alias', 'atMs', 'report'],
  EKS_SYNC: ['alias', 'atMs'],
  EKS_LOSS: ['alias', 'atMs', 'reason'],
  CRITICAL_FAULT: ['alias', 'atMs', 'fault'],
  HEARTBEAT_TIMEOUT: ['alias', 'observedAtMs', 'lastHeartbeatMs'],
  MAINTENANCE: ['alias', 'atMs', 'on'],
  DEREGISTER: ['alias', 'atMs'],
  POLICY: ['policy'],
  TRUST_EDGE: ['trusteeKey', 'role', 'levelPpm'],
  OPERATOR_ACTION: ['action', 'signerKey', 'signature'],
  ...CONTRACT_FIELDS,
};

function checkReport(c: Check, v: unknown, index: number): HealthReport {
  const o = c.obj(v, 'report', HEALTH_REPORT_FIELDS);
  const r: Check = new Check(index, 'report');
  const eksOk = r.bool(o, 'eksOk');
  const eksLastSyncMs = r.int(o, 'eksLastSyncMs', 0, MAX_SAFE);
  if (eksOk === (o.eksLossReason !== undefined))
    r.fail('eksLossReason', 'present iff eksOk is false');
  const fidelity1qPpm = r.int(o, 'fidelity1qPpm', 0, PPM);
  const fidelity2qPpm = r.int(o, 'fidelity2qPpm', 0, PPM);
  const utilisationPct = r.int(o, 'utilisationPct', 0, 100);
  const faults = o.faults;
  if (!Array.isArray(faults) || faults.length > FAULT_KINDS.length)
    r.fail('faults', 'not a list of faults');
  for (let i = 0; i < faults.length; i++) {
    const f = faults[i];
    if (typeof f !== 'string' || !(FAULT_KINDS as readonly string[]).includes(f)) {
      r.fail(`faults.${i}`, 'unknown fault kind');
    }
    if (i > 0 && !((faults[i - 1] as string) < f)) r.fail('faults', 'not sorted and unique');
  }
  const base = {
    eksOk,
    eksLastSyncMs,
    fidelity1qPpm,
    fidelity2qPpm,
    utilisationPct,
    faults: [...faults] as FaultKind[],
  };
  if (!eksOk) return { ...base, eksLossReason: r.oneOf(o, 'eksLossReason', EKS_LOSS_REASONS) };
  return base;
}

function checkPolicy(c: Check, v: unknown): StatusPolicy {
  const o = c.obj(v, 'policy', POLICY_MAP_FIELDS);
  const problem = policyMapProblem(o);
  if (problem) c.fail(`policy.${problem.field}`, problem.why);
  return policyFromMap(o);
}

/**
 * Checks that `value` is a well-formed record (types, ranges, no unknown fields) and returns
 * a clean copy. Does not look at registry state: that is the fold's job.
 */
export function validateRecord(value: unknown, index = -1): RegistryRecord {
  return checkRecord(value, index, '', RECORD_KINDS, true);
}

/**
 * Checks a record body (no `l`, no `origin`) of one of `kinds`, as an operator action carries
 * it; errors name the field under `prefix` (e.g. "action.record.alias").
 */
export function validateRecordBody(
  value: unknown,
  kinds: readonly RecordKind[],
  index: number,
  prefix: string,
): RecordBody {
  return checkRecord(value, index, prefix, kinds, false) as unknown as RecordBody;
}

function checkRecord(
  value: unknown,
  index: number,
  prefix: string,
  kinds: readonly RecordKind[],
  stamped: boolean,
): RegistryRecord {
  const c: Check = new Check(index, prefix);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    c.fail('record', 'not a map');
  const kind = (value as Obj).kind;
  if (typeof kind !== 'string' || !(kinds as readonly string[]).includes(kind)) {
    throw new RegistryError(
      'RECORD_UNKNOWN_KIND',
      `unknown record kind ${String(kind).slice(0, 40)}`,
      {
        field: prefix ? `${prefix}.kind` : 'kind',
        index,
      },
    );
  }
  const k = kind as RecordKind;
  const o = c.obj(value, '', ['kind', ...(stamped ? ['l', 'origin'] : []), ...FIELDS[k]]);
  let base = {} as { l: number; origin: Quid };
  if (stamped) {
    const l = c.int(o, 'l', 1, MAX_SAFE);
    const origin = o.origin;
    if (!isQuid(origin)) c.fail('origin', 'not a quid');
    base = { l, origin };
  }
  const alias = (): string => c.label(o, 'alias');
  const at = (f = 'atMs'): number => c.int(o, f, 0, MAX_SAFE);
  switch (k) {
    case 'REGISTER': {
      const address = o.address;
      if (!isNetworkAddress(address)) c.fail('address', 'not [IPv6]:port or domain:port');
      return {
        kind: k,
        ...base,
        alias: alias(),
        address,
        scope: c.label(o, 'scope'),
        qubitCapacity: c.int(o, 'qubitCapacity', 1, 32_767),
        publicKey: c.bytes(o, 'publicKey', MIN_NODE_KEY_BYTES, MAX_NODE_KEY_BYTES),
        atMs: at(),
      };
    }
    case 'HEARTBEAT':
      return {
        kind: k,
        ...base,
        alias: alias(),
        atMs: at(),
        report: checkReport(c, o.report, index),
      };
    case 'EKS_SYNC':
    case 'DEREGISTER':
      return { kind: k, ...base, alias: alias(), atMs: at() };
    case 'EKS_LOSS':
      return {
        kind: k,
        ...base,
        alias: alias(),
        atMs: at(),
        reason: c.oneOf(o, 'reason', EKS_LOSS_REASONS),
      };
    case 'CRITICAL_FAULT':
      return {
        kind: k,
        ...base,
        alias: alias(),
        atMs: at(),
        fault: c.oneOf(o, 'fault', FAULT_KINDS),
      };
    case 'HEARTBEAT_TIMEOUT': {
      const last = o.lastHeartbeatMs === null ? null : at('lastHeartbeatMs');
      return {
        kind: k,
        ...base,
        alias: alias(),
        observedAtMs: at('observedAtMs'),
        lastHeartbeatMs: last,
      };
    }
    case 'MAINTENANCE':
      return { kind: k, ...base, alias: alias(), atMs: at(), on: c.bool(o, 'on') };
    case 'POLICY':
      return { kind: k, ...base, policy: checkPolicy(c, o.policy) };
    case 'TRUST_EDGE':
      return {
        kind: k,
        ...base,
        trusteeKey: c.bytes(o, 'trusteeKey', HYBRID_PUBLIC_KEY_LENGTH, HYBRID_PUBLIC_KEY_LENGTH),
        role: c.oneOf(o, 'role', MEMBER_ROLES),
        levelPpm: c.int(o, 'levelPpm', 0, PPM),
      };
    case 'OPERATOR_ACTION':
      return {
        kind: k,
        ...base,
        action: c.bytes(o, 'action', 1, MAX_OPERATOR_ACTION_BYTES),
        signerKey: c.bytes(o, 'signerKey', HYBRID_PUBLIC_KEY_LENGTH, HYBRID_PUBLIC_KEY_LENGTH),
        signature: c.bytes(o, 'signature', HYBRID_SIGNATURE_LENGTH, HYBRID_SIGNATURE_LENGTH),
      };
    default:
      return { ...checkContractRecord(c, k, o), ...base } as RegistryRecord;
  }
}
