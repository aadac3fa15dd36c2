import {
  type EksRelayAnnouncement,
  type EksRelayBody,
  type EksSyncBody,
  type KeyId,
  MAX_RELAY_ANNOUNCEMENTS,
} from '@qcos/chips-codec';
import { EKS_KEY_BYTES } from '@qcos/eks-qkd-sim';
import { bytesFromHex } from '@qcos/runtime';
import type { HopRoundReport, KeyAnnouncement } from './eks-hop-relay.js';

/** Scopes of the relay's own EKS packets to the QAN (one hop: they are for the QAN itself). */
export const RELAY_EKS = { syncScope: 'eks:sync', relayScope: 'eks:relay', hopLimit: 1 } as const;

/**
 * The EKS_SYNC body announcing one round of the relay's own hop to the QAN: the QAN runs the
 * same round from the relay session's secret binding and keeps the keys named here.
 */
export function hopSyncBody(report: HopRoundReport, nowMs: number): EksSyncBody {
  return {
    status: {
      state: 'stable',
      lastSyncMs: nowMs,
      keyBitsAvailable: report.keyIds.length * EKS_KEY_BYTES * 8,
    },
    keyIds: report.keyIds,
    round: report.round,
    link: report.link,
  };
}

/**
 * EKS_RELAY bodies for `announcements`, at most MAX_RELAY_ANNOUNCEMENTS each, naming each node
 * by its alias. An announcement whose node has no alias the relay knows cannot be named and is
 * left out (returned in `unnamed`).
 */
export function relayBodies(
  announcements: readonly KeyAnnouncement[],
  aliasOf: (nodeId: string) => string | undefined,
): { bodies: EksRelayBody[]; unnamed: number } {
  const named: EksRelayAnnouncement[] = [];
  let unnamed = 0;
  for (const a of announcements) {
    const node = aliasOf(a.node);
    if (node === undefined) {
      unnamed++;
      continue;
    }
    named.push({
      node,
      nodeKeyId: a.nodeKeyId as KeyId,
      hopKeyId: a.hopKeyId as KeyId,
      announcement: bytesFromHex(a.announcement),
    });
  }
  const bodies: EksRelayBody[] = [];
  for (let i = 0; i < named.length; i += MAX_RELAY_ANNOUNCEMENTS) {
    bodies.push({ announcements: named.slice(i, i + MAX_RELAY_ANNOUNCEMENTS) });
  }
  return { bodies, unnamed };
}
