import type { KeyPool } from './key-pool.js';
import type { AbortReason } from './report.js';

/** Why a node lost its Entangled Key State (the same union as @qcos/chips-codec's HealthReport). */
export type EksLossReason =
  | 'QBER_ABOVE_THRESHOLD'
  | 'EAVESDROPPER_DETECTED'
  | 'LINK_DOWN'
  | 'KEY_EXHAUSTED';

/** The EKS status the registry consumes: a node in state 'lost' is quarantined. */
export type EksStatus =
  | { readonly state: 'stable'; readonly lastSyncMs: number; readonly keyBitsAvailable: number }
  | { readonly state: 'lost'; readonly lastSyncMs: number; readonly reason: EksLossReason };

/** How an aborted QKD session reads to the registry. */
export function eksLossReasonOf(reason: AbortReason): EksLossReason {
  switch (reason) {
    case 'QBER_ABOVE_THRESHOLD':
    case 'VERIFICATION_FAILED': // errors beyond what reconciliation can fix
      return 'QBER_ABOVE_THRESHOLD';
    case 'DECOY_INCONSISTENT':
    case 'CHSH_NOT_VIOLATED':
      return 'EAVESDROPPER_DETECTED';
    case 'NO_DETECTIONS':
    case 'NO_SECURE_KEY':
      return 'LINK_DOWN';
  }
}

export interface EksSyncInput {
  /** The pool of this node–QAN pair. */
  readonly pool: KeyPool;
  /** The status before this session (absent for a fresh link). */
  readonly previous?: EksStatus;
  /** The session result: final key bytes (identical at both ends) or the abort reason. */
  readonly key: Uint8Array;
  readonly abortReason?: AbortReason;
  /** Time of the session's end, unix ms. */
  readonly nowMs: number;
}

/**
 * Folds one QKD session into the EKS: a successful session deposits its key and makes the state
 * stable at `nowMs`; an aborted one makes it lost with the mapped reason and keeps the time of
 * the last successful sync. A stable EKS without a whole key left reports KEY_EXHAUSTED.
 */
export function syncEks(input: EksSyncInput): EksStatus {
  const lastSyncMs = input.previous?.lastSyncMs ?? 0;
  if (input.abortReason !== undefined) {
    return { state: 'lost', lastSyncMs, reason: eksLossReasonOf(input.abortReason) };
  }
  input.pool.deposit(input.key);
  return eksStatusOfPool(input.pool, input.nowMs);
}

/**
 * The status implied by the pool alone (after consumption): stable while at least one key of
 * the pool's key_size remains, otherwise lost with KEY_EXHAUSTED.
 */
export function eksStatusOfPool(pool: KeyPool, lastSyncMs: number): EksStatus {
  const bits = pool.availableBits;
  if (bits < pool.config.keySize) return { state: 'lost', lastSyncMs, reason: 'KEY_EXHAUSTED' };
  return { state: 'stable', lastSyncMs, keyBitsAvailable: bits };
}

/**
 * A stable EKS whose last sync is older than `maxAgeMs` at `nowMs` is lost with LINK_DOWN:
 * the QKD link has stopped delivering.
 */
export function checkEksFreshness(status: EksStatus, nowMs: number, maxAgeMs: number): EksStatus {
  if (status.state === 'stable' && nowMs - status.lastSyncMs > maxAgeMs) {
    return { state: 'lost', lastSyncMs: status.lastSyncMs, reason: 'LINK_DOWN' };
  }
  return status;
}
