/** EKS_SYNC and EKS_LOSS: the node's entanglement key state is confirmed again, or lost. */
import type { EksLossRecord, EksSyncRecord } from '../../records.js';
import { type NodeRule, reject, settle } from '../record-rule.js';

/** A sync is the only thing that clears a recorded loss (a heartbeat with eksOk does not). */
export const eksSyncRule: NodeRule<EksSyncRecord> = {
  about: 'node',
  apply(draft, r, entry, index) {
    if (r.atMs < entry.eks.lastSyncMs)
      reject('RECORD_STALE', 'EKS sync older than the last one', index, 'atMs');
    draft.put(r.alias, settle(entry, { eks: { ok: true, lastSyncMs: r.atMs } }, draft.policy, r.l));
  },
};

export const eksLossRule: NodeRule<EksLossRecord> = {
  about: 'node',
  apply(draft, r, entry) {
    const eks = { ok: false, lastSyncMs: entry.eks.lastSyncMs, lossReason: r.reason } as const;
    draft.put(r.alias, settle(entry, { eks, goodHeartbeats: 0 }, draft.policy, r.l));
  },
};
