/**
 * The allocation rules of resource contracts: slots and link rates never double-allocated, and a
 * refusal only when a brute-force search finds no room either. Each property folds a random
 * sequence of requests and releases the way the contract fold does (log order decides).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitRate,
  allocateSlots,
  type Interval,
  linkRate,
  overlaps,
  type RateHolding,
  type SlotHolding,
} from '../../src/contracts/allocation.js';

const interval = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 30 }))
  .map(([startMs, length]): Interval => ({ startMs, endMs: startMs + length }));

/** Requests (interval, count) and releases (of the i-th held, modulo what is held). */
const steps = <T>(request: fc.Arbitrary<T>) =>
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: request.map((r) => ({ request: r })) },
      {
        weight: 1,
        arbitrary: fc.nat().map((i) => ({ release: i })),
      },
    ),
    { minLength: 1, maxLength: 60 },
  );

describe('allocateSlots', () => {
  it('never gives one slot to two holdings that overlap, and refuses only when no room exists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        steps(fc.tuple(interval, fc.integer({ min: 1, max: 4 }))),
        (memorySlots, plan) => {
          let held: SlotHolding[] = [];
          let id = 0;
          for (const step of plan) {
            if ('release' in step) {
              if (held.length > 0) held = held.filter((_, i) => i !== step.release % held.length);
              continue;
            }
            const [iv, count] = step.request;
            id++;
            const out = allocateSlots(held, memorySlots, iv, count);
            // Brute force: the slots no overlapping holding has.
            const free = [...Array(memorySlots).keys()].filter(
              (s) => !held.some((h) => overlaps(h.interval, iv) && h.slots.includes(s)),
            );
            if ('slots' in out) {
              expect(out.slots).toStrictEqual(free.slice(0, count));
              held.push({ id, interval: iv, slots: out.slots });
            } else {
              expect(free.length).toBeLessThan(count);
              const ids = held.filter((h) => overlaps(h.interval, iv)).map((h) => h.id);
              expect(out.conflict).toBe(ids.length === 0 ? null : Math.min(...ids));
            }
          }
          for (const a of held)
            for (const b of held)
              if (a !== b && overlaps(a.interval, b.interval))
                expect(a.slots.filter((s) => b.slots.includes(s))).toStrictEqual([]);
        },
      ),
    );
  });

  it('takes the lowest free slots, and names the lowest overlapping contract', () => {
    const held: SlotHolding[] = [
      { id: 7, interval: { startMs: 0, endMs: 10 }, slots: [0, 2] },
      { id: 3, interval: { startMs: 10, endMs: 20 }, slots: [1] },
      { id: 5, interval: { startMs: 5, endMs: 15 }, slots: [3] },
    ];
    // [0, 10) meets 7 and 5: slots 0, 2, 3 taken.
    expect(allocateSlots(held, 6, { startMs: 0, endMs: 10 }, 2)).toStrictEqual({ slots: [1, 4] });
    // [10, 11) meets 3 and 5 only (7 ends at 10: half-open).
    expect(allocateSlots(held, 4, { startMs: 10, endMs: 11 }, 2)).toStrictEqual({ slots: [0, 2] });
    expect(allocateSlots(held, 4, { startMs: 9, endMs: 11 }, 2)).toStrictEqual({ conflict: 3 });
    expect(allocateSlots(held, 4, { startMs: 20, endMs: 30 }, 4)).toStrictEqual({
      slots: [0, 1, 2, 3],
    });
    expect(allocateSlots([], 1, { startMs: 0, endMs: 1 }, 2)).toStrictEqual({ conflict: null });
  });
});

describe('admitRate', () => {
  it('keeps the load at or under the capacity at every instant, and refuses only an overload', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        steps(fc.tuple(interval, fc.integer({ min: 1, max: 12 }))),
        (capacity, plan) => {
          let held: RateHolding[] = [];
          let id = 0;
          const loadAt = (t: number, extra?: { interval: Interval; pairsPerS: number }) =>
            [...held, ...(extra ? [{ id: 0, ...extra }] : [])]
              .filter((h) => h.interval.startMs <= t && t < h.interval.endMs)
              .reduce((sum, h) => sum + h.pairsPerS, 0);
          for (const step of plan) {
            if ('release' in step) {
              if (held.length > 0) held = held.filter((_, i) => i !== step.release % held.length);
              continue;
            }
            const [iv, pairsPerS] = step.request;
            id++;
            const out = admitRate(held, capacity, iv, pairsPerS);
            // Brute force over every millisecond of the interval.
            let peak = 0;
            for (let t = iv.startMs; t < iv.endMs; t++)
              peak = Math.max(peak, loadAt(t, { interval: iv, pairsPerS }));
            if ('admitted' in out) {
              expect(peak).toBeLessThanOrEqual(capacity);
              held.push({ id, interval: iv, pairsPerS });
            } else {
              expect(peak).toBeGreaterThan(capacity);
              const ids = held.filter((h) => overlaps(h.interval, iv)).map((h) => h.id);
              expect(out.conflict).toBe(ids.length === 0 ? null : Math.min(...ids));
            }
          }
          for (let t = 0; t < 100; t++) expect(loadAt(t)).toBeLessThanOrEqual(capacity);
        },
      ),
    );
  });

  it('checks the instants where the load rises, not only the start', () => {
    const held: RateHolding[] = [
      { id: 4, interval: { startMs: 0, endMs: 5 }, pairsPerS: 3 },
      { id: 9, interval: { startMs: 6, endMs: 9 }, pairsPerS: 5 },
    ];
    // At 0 the load is 3 + 3, at 6 it is 3 + 5: within 8, over 7 (where 9 starts, not at 0).
    expect(admitRate(held, 8, { startMs: 0, endMs: 10 }, 3)).toStrictEqual({ admitted: true });
    expect(admitRate(held, 7, { startMs: 0, endMs: 10 }, 3)).toStrictEqual({ conflict: 4 });
    expect(admitRate(held, 8, { startMs: 5, endMs: 10 }, 3)).toStrictEqual({ admitted: true });
    expect(admitRate(held, 7, { startMs: 5, endMs: 10 }, 3)).toStrictEqual({ conflict: 9 });
    expect(admitRate([], 2, { startMs: 0, endMs: 1 }, 3)).toStrictEqual({ conflict: null });
    expect(admitRate(held, 6, { startMs: 0, endMs: 6 }, 3)).toStrictEqual({ admitted: true });
  });
});

describe('linkRate', () => {
  it('is ⌈pairs · 1000 / length⌉ pairs per second', () => {
    expect(linkRate(1_000, { startMs: 0, endMs: 1_000 })).toBe(1_000);
    expect(linkRate(1, { startMs: 0, endMs: 3_000 })).toBe(1);
    expect(linkRate(10, { startMs: 500, endMs: 3_500 })).toBe(4);
    expect(linkRate(1_000_000, { startMs: 0, endMs: 86_400_000 })).toBe(12);
  });
});
