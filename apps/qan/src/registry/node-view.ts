import type { NodeView } from '@qcos/qan-api';
import { avgFidelity, type NodeEntry } from '@qcos/registry-core';

/** The API's view of a registry entry (schemas/api/node.schema.json). */
export function nodeView(e: NodeEntry, route: { via?: string } | undefined): NodeView {
  const cause = e.status.state === 'QUARANTINE' ? e.status.cause : undefined;
  const detail =
    cause === undefined
      ? undefined
      : cause.reason === 'EKS_LOSS'
        ? cause.eksLossReason
        : cause.reason === 'CRITICAL_FAULT'
          ? cause.fault
          : undefined;
  return {
    alias: e.alias,
    address: e.address,
    status: e.status.state,
    reason: cause?.reason ?? null,
    ...(detail === undefined ? {} : { reasonDetail: detail }),
    lastHeartbeatMs: e.lastHeartbeatMs,
    qubitCapacity: e.qubitCapacity,
    eks: e.eks.ok
      ? { ok: true, lastSyncMs: e.eks.lastSyncMs }
      : { ok: false, lastSyncMs: e.eks.lastSyncMs, lossReason: e.eks.lossReason },
    avgFidelity: avgFidelity(e),
    scope: e.scope,
    nodeId: e.nodeId,
    utilisationPct: e.utilisationPct,
    faults: [...e.faults],
    goodHeartbeats: e.goodHeartbeats,
    connected: route !== undefined,
    ...(route?.via === undefined ? {} : { via: route.via }),
  };
}
