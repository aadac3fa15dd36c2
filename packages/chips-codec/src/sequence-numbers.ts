import { SEQ_MAX } from './limits.js';

/**
 * Per-destination sequence numbers of one source: 0, 1, 2, … for each destination alias on its
 * own, wrapping from 2^32 − 1 back to 0 (the header's seq is a u32).
 */
export class SequenceNumbers {
  private readonly next = new Map<string, number>();

  /** The seq of the next packet to `destination`. */
  take(destination: string): number {
    const seq = this.next.get(destination) ?? 0;
    this.next.set(destination, seq === SEQ_MAX ? 0 : seq + 1);
    return seq;
  }
}
