import type { EksStatus } from '@qcos/eks-qkd-sim';

/**
 * The node's Entangled Key State as @qcos/eks-qkd-sim reports it: stable with
 * key bits in the pool, or lost with the reason; `lastSyncMs` is the unix ms
 * of the last successful QKD round.
 */
export type { EksStatus };

/** Before the first round completes the link has no key: lost, LINK_DOWN. */
export const EKS_NOT_YET_SYNCED: EksStatus = { state: 'lost', lastSyncMs: 0, reason: 'LINK_DOWN' };
