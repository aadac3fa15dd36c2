/**
 * Strict reading of a canonical entry map (snapshots and inclusion proofs carry entries as
 * canonical bytes). The inverse of entryToCanonical: decodeEntry(encodeEntry(e)) deep-equals e.
 */
import { isQuid, type Quid, quidFromPublicKey } from '@qcos/identity';
import { decode } from './canonical.js';
import type { EksState, NodeEntry, NodeStatus, QuarantineReason } from './entry.js';
import { QUARANTINE_REASONS } from './entry.js';
import { RegistryError, type RegistryErrorCode } from './errors.js';
import { EKS_LOSS_REASONS, type EksLossReason, FAULT_KINDS, type FaultKind } from './health.js';
import { isAlias, isNetworkAddress, isScope } from './labels.js';
import {
  MAX_GOOD_HEARTBEATS,
  MAX_NODE_KEY_BYTES,
  MAX_SAFE,
  MIN_NODE_KEY_BYTES,
  PPM,
} from './limits.js';

const ENTRY_KEYS = [
  'alias',
  'address',
  'status',
  'quarantineReason',
  'quarantineDetail',
  'lastHeartbeatMs',
  'qubitCapacity',
  'eksOk',
  'eksLastSyncMs',
  'eksLossReason',
  'avgFidelityPpm',
  'scope',
  'nodeId',
  'publicKey',
  'homeQan',
  'registeredAtMs',
  'utilisationPct',
  'faults',
  'maintenance',
  'timedOut',
  'goodHeartbeats',
  'updatedL',
];

/** Reads an entry from a decoded canonical value; `code` and `where` name the error. */
export function entryFromCanonical(v: unknown, code: RegistryErrorCode, where: string): NodeEntry {
  const fail = (f: string, why: string): never => {
    throw new RegistryError(code, `${where}.${f}: ${why}`, { field: `${where}.${f}` });
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array)
    fail('', 'not a map');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!ENTRY_KEYS.includes(k)) fail(k, 'unknown field');
  for (const k of ENTRY_KEYS) if (!(k in o)) fail(k, 'missing');
  const int = (f: string, min: number, max: number): number => {
    const x = o[f];
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min || x > max)
      fail(f, 'out of range');
    return x as number;
  };
  const bool = (f: string): boolean => {
    if (typeof o[f] !== 'boolean') fail(f, 'not a boolean');
    return o[f] as boolean;
  };
  const oneOf = <T extends string>(f: string, values: readonly T[]): T => {
    const x = o[f];
    if (typeof x !== 'string' || !(values as readonly string[]).includes(x))
      fail(f, 'unknown value');
    return x as T;
  };
  const quid = (f: string): Quid => {
    if (!isQuid(o[f])) fail(f, 'not a quid');
    return o[f] as Quid;
  };
  if (!isAlias(o.alias)) fail('alias', 'not a DNS label');
  if (!isScope(o.scope)) fail('scope', 'not a DNS label');
  if (!isNetworkAddress(o.address)) fail('address', 'not a network address');
  const pk = o.publicKey;
  if (
    !(pk instanceof Uint8Array) ||
    pk.length < MIN_NODE_KEY_BYTES ||
    pk.length > MAX_NODE_KEY_BYTES
  ) {
    fail('publicKey', 'bad length');
  }
  if (quid('nodeId') !== quidFromPublicKey(pk as Uint8Array))
    fail('nodeId', 'is not the quid of publicKey');
  const faults = o.faults;
  if (!Array.isArray(faults) || faults.length > FAULT_KINDS.length)
    fail('faults', 'not a fault list');
  (faults as unknown[]).forEach((f, i) => {
    if (typeof f !== 'string' || !(FAULT_KINDS as readonly string[]).includes(f))
      fail(`faults.${i}`, 'unknown fault');
    if (i > 0 && !(((faults as string[])[i - 1] as string) < (f as string)))
      fail('faults', 'not sorted and unique');
  });
  const lastHeartbeatMs = o.lastHeartbeatMs === null ? null : int('lastHeartbeatMs', 0, MAX_SAFE);
  const eksOk = bool('eksOk');
  const eksLastSyncMs = int('eksLastSyncMs', 0, MAX_SAFE);
  let eks: EksState;
  if (eksOk) {
    if (o.eksLossReason !== null) fail('eksLossReason', 'must be null when eksOk');
    eks = { ok: true, lastSyncMs: eksLastSyncMs };
  } else {
    eks = {
      ok: false,
      lastSyncMs: eksLastSyncMs,
      lossReason: oneOf<EksLossReason>('eksLossReason', EKS_LOSS_REASONS),
    };
  }
  let status: NodeStatus;
  const state = oneOf('status', ['ACTIVE', 'QUARANTINE'] as const);
  if (state === 'ACTIVE') {
    if (o.quarantineReason !== null || o.quarantineDetail !== null)
      fail('quarantineReason', 'must be null when ACTIVE');
    status = { state: 'ACTIVE' };
  } else {
    const reason = oneOf<QuarantineReason>('quarantineReason', QUARANTINE_REASONS);
    if (reason === 'CRITICAL_FAULT') {
      status = {
        state,
        cause: { reason, fault: oneOf<FaultKind>('quarantineDetail', FAULT_KINDS) },
      };
    } else if (reason === 'EKS_LOSS') {
      status = {
        state,
        cause: {
          reason,
          eksLossReason: oneOf<EksLossReason>('quarantineDetail', EKS_LOSS_REASONS),
        },
      };
    } else {
      if (o.quarantineDetail !== null) fail('quarantineDetail', `must be null for ${reason}`);
      status = { state, cause: { reason } };
    }
  }
  return {
    alias: o.alias as string,
    address: o.address as string,
    status,
    lastHeartbeatMs,
    qubitCapacity: int('qubitCapacity', 1, 32_767),
    eks,
    avgFidelityPpm: int('avgFidelityPpm', 0, PPM),
    scope: o.scope as string,
    nodeId: quid('nodeId'),
    publicKey: pk as Uint8Array,
    homeQan: quid('homeQan'),
    registeredAtMs: int('registeredAtMs', 0, MAX_SAFE),
    utilisationPct: int('utilisationPct', 0, 100),
    faults: faults as FaultKind[],
    maintenance: bool('maintenance'),
    timedOut: bool('timedOut'),
    goodHeartbeats: int('goodHeartbeats', 0, MAX_GOOD_HEARTBEATS),
    updatedL: int('updatedL', 0, MAX_SAFE),
  };
}

/** Decodes canonical entry bytes strictly (code PROOF_MALFORMED on any fault). */
export function decodeEntry(bytes: Uint8Array): NodeEntry {
  return entryFromCanonical(decode(bytes, 'PROOF_MALFORMED', 1 << 16), 'PROOF_MALFORMED', 'entry');
}
