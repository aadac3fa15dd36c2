import { ChipsError } from './errors.js';

/** The largest L a header can carry (docs/spec/chips.md §4). */
export const MAX_LAMPORT = Number.MAX_SAFE_INTEGER;

/**
 * A node's Lamport logical clock, with the one rule every CHIPS message follows (XDV-040 §3.3):
 * a send is an event, L ← L + 1, and the packet carries the new L; a receive is an event too,
 * L ← max(L, received) + 1. Any other time the node must stay ahead of (e.g. the Lamport time of
 * the registry state it publishes) is observed exactly like a received packet's.
 *
 * The clock stops at MAX_LAMPORT instead of wrapping or throwing: a peer may legally send that
 * value, and a received packet must never be able to crash the receiver.
 */
export class LamportClock {
  private time: number;

  constructor(start = 0) {
    this.time = checkTime(start, 'start');
  }

  /** L after the last event (0 before any). */
  get now(): number {
    return this.time;
  }

  /** A send event: returns the L to stamp on the packet. */
  tick(): number {
    this.time = Math.min(this.time + 1, MAX_LAMPORT);
    return this.time;
  }

  /** A receive event (or an observed time): L ← max(L, time) + 1; returns the new L. */
  observe(time: number): number {
    this.time = Math.min(Math.max(this.time, checkTime(time, 'lamport')) + 1, MAX_LAMPORT);
    return this.time;
  }
}

function checkTime(time: number, field: string): number {
  if (!Number.isSafeInteger(time) || time < 0) {
    throw new ChipsError(
      'OUT_OF_RANGE',
      `Lamport time ${time} is not in 0..2^53-1`,
      undefined,
      field,
    );
  }
  return time;
}
