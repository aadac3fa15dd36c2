/** HEARTBEAT and HEARTBEAT_TIMEOUT: a node's health sample, and a verdict that it fell silent. */

import type { NodeEntry } from '../../entry.js';
import type { EksLossReason, HealthReport } from '../../health.js';
import { isStaleHeartbeat } from '../../heartbeat-time.js';
import { MAX_GOOD_HEARTBEATS } from '../../limits.js';
import {
  evaluateStatus,
  fidelitySample,
  nextAvgFidelity,
  type StatusPolicy,
} from '../../policy.js';
import type { HeartbeatRecord, HeartbeatTimeoutRecord } from '../../records.js';
import { type Mutable, type NodeRule, reject, settle } from '../record-rule.js';

const NO_FAULTS: readonly never[] = [];

export const heartbeatRule: NodeRule<HeartbeatRecord> = {
  about: 'node',
  apply(draft, r, entry, index) {
    if (isStaleHeartbeat(entry, r.atMs)) {
      const prev = entry.lastHeartbeatMs ?? entry.registeredAtMs;
      reject('RECORD_STALE', `heartbeat at ${r.atMs} is not after ${prev}`, index, 'atMs');
    }
    draft.put(r.alias, afterHeartbeat(entry, r, draft.policy));
  },
};

/** The entry after heartbeat `r`: health from the report, hysteresis counter, status. */
function afterHeartbeat(entry: NodeEntry, r: HeartbeatRecord, policy: StatusPolicy): NodeEntry {
  const rep = r.report;
  const eks = eksAfterReport(entry.eks, rep);
  const avg = nextAvgFidelity(
    entry.avgFidelityPpm,
    entry.lastHeartbeatMs !== null,
    fidelitySample(rep.fidelity1qPpm, rep.fidelity2qPpm),
    policy,
  );
  const good =
    r.atMs - (entry.lastHeartbeatMs ?? entry.registeredAtMs) <= policy.heartbeatIntervalMs &&
    eks.ok &&
    rep.faults.length === 0 &&
    avg >= policy.minFidelityPpm &&
    !entry.maintenance;
  // Built as one literal in the entry's field order: heartbeats are most of the log.
  const next: Mutable<NodeEntry> = {
    alias: entry.alias,
    address: entry.address,
    status: entry.status,
    lastHeartbeatMs: r.atMs,
    qubitCapacity: entry.qubitCapacity,
    eks,
    avgFidelityPpm: avg,
    scope: entry.scope,
    nodeId: entry.nodeId,
    publicKey: entry.publicKey,
    homeQan: entry.homeQan,
    registeredAtMs: entry.registeredAtMs,
    utilisationPct: rep.utilisationPct,
    faults: rep.faults.length === 0 ? NO_FAULTS : rep.faults,
    maintenance: entry.maintenance,
    timedOut: false,
    goodHeartbeats: good ? Math.min(entry.goodHeartbeats + 1, MAX_GOOD_HEARTBEATS) : 0,
    updatedL: r.l,
  };
  next.status = evaluateStatus(next, policy);
  return next;
}

/**
 * A reported loss is recorded (so eks.ok is false after any report with eksOk false); a recorded
 * loss is cleared only by an EKS_SYNC record.
 */
function eksAfterReport(eks: NodeEntry['eks'], rep: HealthReport): NodeEntry['eks'] {
  if (!rep.eksOk)
    return {
      ok: false,
      lastSyncMs: rep.eksLastSyncMs,
      // validateRecord refuses a report with eksOk false and no loss reason.
      lossReason: rep.eksLossReason as EksLossReason,
    };
  if (!eks.ok || eks.lastSyncMs >= rep.eksLastSyncMs) return eks;
  return { ok: true, lastSyncMs: rep.eksLastSyncMs };
}

export const heartbeatTimeoutRule: NodeRule<HeartbeatTimeoutRecord> = {
  about: 'node',
  apply(draft, r, entry, index) {
    // A verdict about an older heartbeat was overtaken by a newer one: it changes nothing.
    if (r.lastHeartbeatMs !== entry.lastHeartbeatMs) return;
    // The same silence already judged (another QAN of a cluster saw it too): it changes nothing,
    // so a node is never quarantined twice for one silence.
    if (entry.timedOut) return;
    const silentMs = r.observedAtMs - (entry.lastHeartbeatMs ?? entry.registeredAtMs);
    if (silentMs <= draft.policy.heartbeatIntervalMs) {
      reject(
        'RECORD_OUT_OF_POLICY',
        `no timeout: ${silentMs} ms is within the interval`,
        index,
        'observedAtMs',
      );
    }
    draft.put(r.alias, settle(entry, { timedOut: true, goodHeartbeats: 0 }, draft.policy, r.l));
  },
};
