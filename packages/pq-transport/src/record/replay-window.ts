/**
 * Anti-replay sliding window for datagram transports (RFC 6479 bitmap, as WireGuard):
 * a record is accepted once if its counter is new and not more than WINDOW_SIZE behind
 * the highest accepted counter. `check` runs before decryption, `accept` only after the
 * record authenticated, so forged records cannot move the window.
 */
export const REPLAY_WINDOW_BLOCKS = 64;
/** Counters this far behind the highest accepted one are still accepted once. */
export const REPLAY_WINDOW_SIZE = (REPLAY_WINDOW_BLOCKS - 1) * 32;

export type ReplayVerdict = 'fresh' | 'replayed' | 'too-old';

export class ReplayWindow {
  readonly #bits = new Uint32Array(REPLAY_WINDOW_BLOCKS);
  #highest = -1;

  get highest(): number {
    return this.#highest;
  }

  check(counter: number): ReplayVerdict {
    if (counter > this.#highest) return 'fresh';
    // Exactly REPLAY_WINDOW_SIZE behind is still inside: its block is the 63rd behind the highest's.
    if (this.#highest - counter > REPLAY_WINDOW_SIZE) return 'too-old';
    const block = Math.floor(counter / 32) % REPLAY_WINDOW_BLOCKS;
    return (this.#bits[block] as number) & (1 << (counter % 32)) ? 'replayed' : 'fresh';
  }

  accept(counter: number): void {
    if (counter > this.#highest) {
      const from = this.#highest < 0 ? -1 : Math.floor(this.#highest / 32);
      const to = Math.floor(counter / 32);
      const steps = Math.min(to - from, REPLAY_WINDOW_BLOCKS);
      for (let i = 1; i <= steps; i++) this.#bits[(from + i) % REPLAY_WINDOW_BLOCKS] = 0;
      this.#highest = counter;
    }
    const block = Math.floor(counter / 32) % REPLAY_WINDOW_BLOCKS;
    this.#bits[block] = (this.#bits[block] as number) | (1 << (counter % 32));
  }
}
