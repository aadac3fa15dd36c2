/**
 * Heartbeat times: the fold refuses a heartbeat that is not after the node's last one (or before
 * its registration), so whoever writes heartbeats has to stamp each node's with strictly
 * increasing times. Both sides of that rule live here.
 */
import type { NodeEntry } from './entry.js';

/** The fold's rule: a heartbeat at `atMs` is stale for `entry` (RECORD_STALE). */
export function isStaleHeartbeat(entry: NodeEntry, atMs: number): boolean {
  return (
    atMs < entry.registeredAtMs || (entry.lastHeartbeatMs !== null && atMs <= entry.lastHeartbeatMs)
  );
}

/**
 * The time to stamp on a node's next heartbeat: `nowMs`, or 1 ms after the latest of the
 * node's registration, its last folded heartbeat and `lastWrittenMs` (the writer's last
 * heartbeat for it, maybe still queued) when the clock has not moved past them. Two
 * heartbeats within one millisecond, or a clock that stepped back, still get distinct,
 * increasing times the fold accepts. `entry` is undefined for a node not folded yet.
 */
export function nextHeartbeatAtMs(
  entry: NodeEntry | undefined,
  nowMs: number,
  lastWrittenMs?: number,
): number {
  const floor = Math.max(
    lastWrittenMs ?? 0,
    entry?.lastHeartbeatMs ?? 0,
    entry?.registeredAtMs ?? 0,
  );
  return Math.max(nowMs, floor + 1);
}
