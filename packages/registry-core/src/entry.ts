/**
 * A node entry: the eight mandatory fields of the registry spec (DQN-Alias, Network-Address,
 * Status, Last-Heartbeat, Qubit-Capacity, EKS-Status, Avg-Fidelity, Geographic-Scope), the
 * node's identity, and the bookkeeping the status policy needs (hysteresis counter, verdicts).
 */
import type { Quid } from '@qcos/identity';
import type { EksLossReason, FaultKind } from './health.js';
import { PPM } from './limits.js';

/**
 * Why a node is in QUARANTINE. PROBATION: every condition holds but the node has not yet
 * sent the policy's N consecutive good heartbeats (new registrations start here).
 */
export type QuarantineReason =
  | 'PROBATION'
  | 'MAINTENANCE'
  | 'EKS_LOSS'
  | 'CRITICAL_FAULT'
  | 'HEARTBEAT_TIMEOUT'
  | 'LOW_FIDELITY';

export const QUARANTINE_REASONS: readonly QuarantineReason[] = [
  'PROBATION',
  'MAINTENANCE',
  'EKS_LOSS',
  'CRITICAL_FAULT',
  'HEARTBEAT_TIMEOUT',
  'LOW_FIDELITY',
];

/** The quarantine cause; the fault kind travels with CRITICAL_FAULT and the loss reason with EKS_LOSS. */
export type QuarantineCause =
  | { readonly reason: 'CRITICAL_FAULT'; readonly fault: FaultKind }
  | { readonly reason: 'EKS_LOSS'; readonly eksLossReason: EksLossReason }
  | { readonly reason: 'PROBATION' | 'MAINTENANCE' | 'HEARTBEAT_TIMEOUT' | 'LOW_FIDELITY' };

/** Status: ACTIVE, or QUARANTINE with exactly one cause (the first failing rule, by priority). */
export type NodeStatus =
  | { readonly state: 'ACTIVE' }
  | { readonly state: 'QUARANTINE'; readonly cause: QuarantineCause };

/** EKS-Status: time of the last successful sync and whether the key state is confirmed. */
export type EksState =
  | { readonly ok: true; readonly lastSyncMs: number }
  | { readonly ok: false; readonly lastSyncMs: number; readonly lossReason: EksLossReason };

export interface NodeEntry {
  /** DQN-Alias (DNS label). */
  readonly alias: string;
  /** Network-Address: `[IPv6]:port` or `domain:port`. */
  readonly address: string;
  readonly status: NodeStatus;
  /** Last-Heartbeat: unix ms carried by the last heartbeat record, null before the first. */
  readonly lastHeartbeatMs: number | null;
  /** Qubit-Capacity: INT16, 1..32767. */
  readonly qubitCapacity: number;
  readonly eks: EksState;
  /** Avg-Fidelity in parts per million (0..1_000_000); Avg-Fidelity = avgFidelityPpm / 1e6. */
  readonly avgFidelityPpm: number;
  /** Geographic-Scope (DNS label). */
  readonly scope: string;
  /** Node identity: its public key and the quid derived from it. */
  readonly nodeId: Quid;
  readonly publicKey: Uint8Array;
  /** The QAN that registered the node (tentative QANs may only report on their own nodes). */
  readonly homeQan: Quid;
  /** Unix ms of the registration record (timeouts before the first heartbeat count from here). */
  readonly registeredAtMs: number;
  /** Utilisation from the last heartbeat, 0..100 (routing tie-break). */
  readonly utilisationPct: number;
  /** Faults currently reported (sorted, unique); non-empty means CRITICAL_FAULT. */
  readonly faults: readonly FaultKind[];
  readonly maintenance: boolean;
  /** A heartbeat-timeout verdict is in force (cleared by the next heartbeat). */
  readonly timedOut: boolean;
  /** Consecutive good heartbeats (capped), the hysteresis counter. */
  readonly goodHeartbeats: number;
  /** Lamport timestamp of the last record that changed this entry. */
  readonly updatedL: number;
}

export const avgFidelity = (entry: NodeEntry): number => entry.avgFidelityPpm / PPM;

export const isActive = (entry: NodeEntry): boolean => entry.status.state === 'ACTIVE';

/** The quarantine reason, or null for an ACTIVE node. */
export function quarantineReason(entry: NodeEntry): QuarantineReason | null {
  return entry.status.state === 'QUARANTINE' ? entry.status.cause.reason : null;
}

/**
 * Qubit-Capacity class: the bit length of the capacity (1, 2–3, 4–7, …, 16384–32767),
 * so nodes within a factor of two of each other share a class.
 */
export function capacityClass(qubits: number): number {
  return 32 - Math.clz32(qubits);
}
