/**
 * The registry's objects as @qcos/chips-codec canonical values, and back. Field names in the
 * canonical maps are the TypeScript field names; maps are written in sorted key order by the
 * codec, so every implementation produces the same bytes.
 */
import { type CanonicalValue, decodeCanonical, encodeCanonical } from '@qcos/chips-codec';
import type { NodeEntry, NodeStatus } from './entry.js';
import { RegistryError, type RegistryErrorCode } from './errors.js';
import { policyFromMap, type StatusPolicy } from './policy.js';

export type { CanonicalValue };

/** Encodes with the codec, turning a codec failure into a RegistryError of `code`. */
export function encode(
  value: CanonicalValue,
  code: RegistryErrorCode,
  maxBytes?: number,
): Uint8Array {
  try {
    return maxBytes === undefined ? encodeCanonical(value) : encodeCanonical(value, { maxBytes });
  } catch (err) {
    throw new RegistryError(code, `cannot encode: ${(err as Error).message}`);
  }
}

/** Strict decode; any codec refusal becomes `code` with the codec's offset in the message. */
export function decode(
  bytes: Uint8Array,
  code: RegistryErrorCode,
  maxBytes: number,
): CanonicalValue {
  try {
    return decodeCanonical(bytes, { maxBytes, maxBinBytes: maxBytes, maxItems: 1 << 24 });
  } catch (err) {
    const e = err as { code?: string; offset?: number; message?: string };
    throw new RegistryError(
      code,
      `${e.code ?? 'DECODE'} at offset ${e.offset ?? '?'}: ${e.message}`,
      {
        field: e.offset === undefined ? undefined : `@${e.offset}`,
      },
    );
  }
}

export function policyToCanonical(p: StatusPolicy): CanonicalValue {
  // The same fields as a decoded policy map: the protocol pair only when scheduled.
  return policyFromMap(p as unknown as Record<string, unknown>) as unknown as CanonicalValue;
}

function statusToCanonical(s: NodeStatus): {
  status: string;
  quarantineReason: string | null;
  detail: string | null;
} {
  if (s.state === 'ACTIVE') return { status: 'ACTIVE', quarantineReason: null, detail: null };
  const c = s.cause;
  const detail =
    c.reason === 'CRITICAL_FAULT' ? c.fault : c.reason === 'EKS_LOSS' ? c.eksLossReason : null;
  return { status: 'QUARANTINE', quarantineReason: c.reason, detail };
}

/** The canonical map of an entry: the value hashed into the Merkle leaf and stored in snapshots. */
export function entryToCanonical(e: NodeEntry): CanonicalValue {
  const s = statusToCanonical(e.status);
  return {
    alias: e.alias,
    address: e.address,
    status: s.status,
    quarantineReason: s.quarantineReason,
    quarantineDetail: s.detail,
    lastHeartbeatMs: e.lastHeartbeatMs,
    qubitCapacity: e.qubitCapacity,
    eksOk: e.eks.ok,
    eksLastSyncMs: e.eks.lastSyncMs,
    eksLossReason: e.eks.ok ? null : e.eks.lossReason,
    avgFidelityPpm: e.avgFidelityPpm,
    scope: e.scope,
    nodeId: e.nodeId,
    publicKey: e.publicKey,
    homeQan: e.homeQan,
    registeredAtMs: e.registeredAtMs,
    utilisationPct: e.utilisationPct,
    faults: e.faults,
    maintenance: e.maintenance,
    timedOut: e.timedOut,
    goodHeartbeats: e.goodHeartbeats,
    updatedL: e.updatedL,
  };
}

export function encodeEntry(e: NodeEntry): Uint8Array {
  return encodeCanonical(entryToCanonical(e));
}
