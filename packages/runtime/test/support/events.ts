import type { Clock } from '../../src/index.js';

/** A queue of events one can await in order: tests wait on what happens, never on a sleep. */
export function queue<T>() {
  const items: T[] = [];
  const waiters: ((t: T) => void)[] = [];
  return {
    push(item: T) {
      const w = waiters.shift();
      if (w === undefined) items.push(item);
      else w(item);
    },
    next(): Promise<T> {
      const item = items.shift();
      if (item !== undefined) return Promise.resolve(item);
      return new Promise((resolve) => waiters.push(resolve));
    },
    get length() {
      return items.length;
    },
  };
}

/** A clock that only moves when the test moves it. */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number): ManualClock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
