/**
 * Last accepted nonce per key (a signer, or a signer/subject pair). A record is accepted
 * only with a nonce strictly above the last one, so a captured record cannot be replayed
 * and an old one cannot override a newer one.
 */
import { TrustGraphError } from './errors.js';

export class NonceLedger {
  private readonly last = new Map<string, number>();

  /** The last accepted nonce for `key`, 0 when none. */
  lastNonce(key: string): number {
    return this.last.get(key) ?? 0;
  }

  /** Throws INVALID_NONCE (not a positive safe integer) or NONCE_REPLAY (not above the last). */
  check(key: string, nonce: number, field = 'nonce'): void {
    if (!Number.isSafeInteger(nonce) || nonce < 1) {
      throw new TrustGraphError('INVALID_NONCE', field, 'must be a positive safe integer');
    }
    const last = this.lastNonce(key);
    if (nonce <= last) {
      throw new TrustGraphError(
        'NONCE_REPLAY',
        field,
        `nonce ${nonce} is not above the last accepted ${last}`,
      );
    }
  }

  /** Checks, then records `nonce` as the last accepted for `key`. */
  accept(key: string, nonce: number, field = 'nonce'): void {
    this.check(key, nonce, field);
    this.last.set(key, nonce);
  }

  get size(): number {
    return this.last.size;
  }
}
