/**
 * Heartbeat timeouts are verdicts, not clock reads inside the fold: a QAN asks which nodes
 * have been silent for longer than the policy interval at its own `nowMs`, and writes one
 * HEARTBEAT_TIMEOUT record for each.
 */
import type { RecordBody } from './records.js';
import type { RegistryState } from './state.js';

export interface TimedOutNode {
  readonly alias: string;
  /** The last heartbeat the verdict refers to (null: none since registration). */
  readonly lastHeartbeatMs: number | null;
  readonly silentForMs: number;
}

/** Nodes silent for longer than the interval at `nowMs` and not yet under a timeout verdict, by alias. */
export function findTimedOutNodes(state: RegistryState, nowMs: number): TimedOutNode[] {
  const out: TimedOutNode[] = [];
  const limit = state.policy.heartbeatIntervalMs;
  for (const e of state.entries) {
    if (e.timedOut) continue;
    const since = e.lastHeartbeatMs ?? e.registeredAtMs;
    if (nowMs - since > limit)
      out.push({ alias: e.alias, lastHeartbeatMs: e.lastHeartbeatMs, silentForMs: nowMs - since });
  }
  return out;
}

/** The verdict records for findTimedOutNodes(state, nowMs), ready for buildBlock. */
export function timeoutVerdicts(state: RegistryState, nowMs: number): RecordBody[] {
  return findTimedOutNodes(state, nowMs).map((n) => ({
    kind: 'HEARTBEAT_TIMEOUT',
    alias: n.alias,
    observedAtMs: nowMs,
    lastHeartbeatMs: n.lastHeartbeatMs,
  }));
}
