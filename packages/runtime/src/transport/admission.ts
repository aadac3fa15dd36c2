import { RuntimeError } from '../errors.js';
import type { FrameChannel } from './handshake.js';

/** What a first-message guard decides about a message 1 (pq-transport's CookieGuard verdicts). */
export type FirstMessageVerdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'reply'; readonly reply: Uint8Array }
  | { readonly kind: 'drop'; readonly code: string };

/**
 * Cheap checks on a handshake's first message before the handshake does any expensive work
 * (mac1 always; under load a cookie round trip, mac2).
 */
export interface FirstMessageGuard {
  check(message: Uint8Array, source: string, underLoad: boolean): FirstMessageVerdict;
}

/**
 * Hands the handshake its first message only once `guard` accepts it. A message the guard answers
 * (a cookie reply) is answered and the next one awaited; a message it drops ends the handshake
 * with HANDSHAKE_FAILED (details.reason = the guard's code).
 */
export function guardFirstMessage(
  channel: FrameChannel,
  guard: FirstMessageGuard,
  underLoad: () => boolean,
): FrameChannel {
  let admitted = false;
  const { remoteAddress } = channel;
  const firstMessage = async (): Promise<Uint8Array> => {
    for (;;) {
      const message = await channel.receive();
      const verdict = guard.check(message, remoteAddress, underLoad());
      if (verdict.kind === 'accept') {
        admitted = true;
        return message;
      }
      if (verdict.kind === 'drop') {
        throw new RuntimeError('HANDSHAKE_FAILED', `${verdict.code}: first message refused`, {
          reason: verdict.code,
          remoteAddress,
        });
      }
      channel.send(verdict.reply);
    }
  };
  return {
    remoteAddress,
    send: (frame) => channel.send(frame),
    receive: () => (admitted ? channel.receive() : firstMessage()),
  };
}

/** Limits on connections whose peer has not authenticated yet. */
export interface PendingLimits {
  /** Unauthenticated connections at once; default 256. */
  readonly maxPendingHandshakes?: number;
  /** Unauthenticated connections at once from one IP address; default 16. */
  readonly maxPendingHandshakesPerAddress?: number;
  /** More handshakes than this in progress count as load (cookie replies); default 32. */
  readonly handshakeLoadThreshold?: number;
}

/** Counts handshakes in progress, in total and per source address. */
export class PendingHandshakes {
  private total = 0;
  private readonly byAddress = new Map<string, number>();
  private readonly maxTotal: number;
  private readonly maxPerAddress: number;
  private readonly loadThreshold: number;

  constructor(limits: PendingLimits) {
    this.maxTotal = limits.maxPendingHandshakes ?? 256;
    this.maxPerAddress = limits.maxPendingHandshakesPerAddress ?? 16;
    this.loadThreshold = limits.handshakeLoadThreshold ?? 32;
  }

  get underLoad(): boolean {
    return this.total > this.loadThreshold;
  }

  /** Takes a slot for `address`, or returns the error refusing the connection. */
  admit(address: string, remote: string): RuntimeError | undefined {
    if (this.total >= this.maxTotal) {
      return new RuntimeError('TOO_MANY_HANDSHAKES', `over ${this.maxTotal} handshakes pending`, {
        remote,
        max: this.maxTotal,
      });
    }
    const mine = this.byAddress.get(address) ?? 0;
    if (mine >= this.maxPerAddress) {
      return new RuntimeError(
        'TOO_MANY_HANDSHAKES_FROM_ADDRESS',
        `over ${this.maxPerAddress} handshakes pending from ${address}`,
        { remote, max: this.maxPerAddress },
      );
    }
    this.total++;
    this.byAddress.set(address, mine + 1);
    return undefined;
  }

  release(address: string): void {
    this.total--;
    const left = (this.byAddress.get(address) ?? 1) - 1;
    if (left <= 0) this.byAddress.delete(address);
    else this.byAddress.set(address, left);
  }
}
