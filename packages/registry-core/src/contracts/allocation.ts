/**
 * The allocation rules of resource contracts (docs/spec/contracts.md §4): which memory slots of a
 * node a new contract gets, and whether a link can carry one more contract's rate. Pure integer
 * arithmetic over half-open intervals [startMs, endMs), so every QAN decides the same.
 */

/** A half-open time interval [startMs, endMs), startMs < endMs. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** Slots a contract holds at one node over its interval. */
export interface SlotHolding {
  /** The contract's id (the L of its request). */
  readonly id: number;
  readonly interval: Interval;
  readonly slots: readonly number[];
}

/** A link contract's rate over its interval. */
export interface RateHolding {
  readonly id: number;
  readonly interval: Interval;
  readonly pairsPerS: number;
}

/** a.start < b.end ∧ b.start < a.end: the two share at least one instant. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

/** The lowest id among the holdings whose interval overlaps `interval`; null when none does. */
function lowestOverlapping(
  holdings: readonly { id: number; interval: Interval }[],
  interval: Interval,
): number | null {
  let lowest: number | null = null;
  for (const h of holdings)
    if (overlaps(h.interval, interval) && (lowest === null || h.id < lowest)) lowest = h.id;
  return lowest;
}

/**
 * The `count` lowest-numbered slots of 0 … memorySlots − 1 that no holding overlapping
 * `interval` holds, or the conflict (the lowest id of those overlapping; null when none does,
 * which needs memorySlots < count) when fewer are free.
 */
export function allocateSlots(
  holdings: readonly SlotHolding[],
  memorySlots: number,
  interval: Interval,
  count: number,
): { readonly slots: readonly number[] } | { readonly conflict: number | null } {
  const taken = new Set<number>();
  for (const h of holdings)
    if (overlaps(h.interval, interval)) for (const s of h.slots) taken.add(s);
  const slots: number[] = [];
  for (let s = 0; s < memorySlots && slots.length < count; s++) if (!taken.has(s)) slots.push(s);
  if (slots.length === count) return { slots };
  return { conflict: lowestOverlapping(holdings, interval) };
}

/** ⌈pairs · 1000 / (endMs − startMs)⌉: the rate a link contract needs, in pairs/s. */
export function linkRate(pairs: number, interval: Interval): number {
  return Math.ceil((pairs * 1000) / (interval.endMs - interval.startMs));
}

/**
 * Whether `pairsPerS` more over `interval` keeps the link at or under `capacity` at every
 * instant, or the conflict (the lowest id of the overlapping holdings; null when the rate alone
 * is over the capacity) when it does not. The
 * load only rises where an interval starts, so it is checked at the interval's start and at each
 * overlapping holding's start inside it.
 */
export function admitRate(
  holdings: readonly RateHolding[],
  capacity: number,
  interval: Interval,
  pairsPerS: number,
): { readonly admitted: true } | { readonly conflict: number | null } {
  const overlapping = holdings.filter((h) => overlaps(h.interval, interval));
  const instants = [interval.startMs];
  for (const h of overlapping)
    if (h.interval.startMs > interval.startMs) instants.push(h.interval.startMs);
  for (const t of instants) {
    let load = pairsPerS;
    for (const h of overlapping)
      if (h.interval.startMs <= t && t < h.interval.endMs) load += h.pairsPerS;
    if (load > capacity) return { conflict: lowestOverlapping(overlapping, interval) };
  }
  return { admitted: true };
}
