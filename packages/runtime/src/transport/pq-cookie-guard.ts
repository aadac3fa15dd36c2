import type { RandomBytes } from '@qcos/identity';
import { CookieGuard, type NodeIdentity } from '@qcos/pq-transport';
import { nodeHashes } from '@qcos/pq-transport/node';
import { type Clock, systemClock, systemRandom } from '../clock.js';
import type { FirstMessageGuard } from './admission.js';

export interface PqCookieGuardOptions {
  /** The responder's identity (its static X-Wing public key keys mac1 for pqIK). */
  readonly identity: NodeIdentity;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
}

/**
 * pq-transport's cookie guard for a listener: mac1 on every message 1; under load, a message 1
 * without a valid mac2 gets a cookie reply (57 bytes) instead of any KEM work. The cookie secret
 * is drawn once per guard and never leaves it.
 */
export function pqCookieGuard(options: PqCookieGuardOptions): FirstMessageGuard {
  const random = options.random ?? systemRandom;
  const clock = options.clock ?? systemClock;
  const guard = new CookieGuard({
    responderStaticPublicKey: options.identity.staticKey.publicKey,
    secret: random(32),
    random,
    hash: nodeHashes.SHA256,
  });
  const encoder = new TextEncoder();
  return {
    check: (message, source, underLoad) =>
      guard.check(message, encoder.encode(source), clock.now(), underLoad),
  };
}
