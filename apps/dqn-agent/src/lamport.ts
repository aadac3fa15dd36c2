/** A Lamport logical clock: ticks on every send, jumps past every timestamp received. */
export class LamportClock {
  private value = 0;

  /** The timestamp to stamp on the next outgoing packet. */
  tick(): number {
    this.value = Math.min(this.value + 1, Number.MAX_SAFE_INTEGER);
    return this.value;
  }

  observe(received: number): void {
    this.value = Math.min(Math.max(this.value, received), Number.MAX_SAFE_INTEGER);
  }

  get now(): number {
    return this.value;
  }
}
