/**
 * DoS hygiene before any KEM work (the WireGuard / Rosenpass cookie scheme).
 *
 * Every message 1 ends in mac1 ‖ mac2. mac1 is keyed by the responder's static key, so
 * junk and messages for another node are dropped after one HMAC. Under load the
 * responder also wants mac2, keyed by a cookie that only a sender who can receive at
 * its source address learns: the responder answers a message without a valid mac2 with
 * a cookie reply instead of doing KEM work, and the initiator re-sends message 1 with
 * mac2 (PqHandshake.applyCookieReply). Cookies come from a secret that changes every
 * two minutes; the responder keeps no per-sender state.
 *
 *   cookie       = HMAC-SHA256(HMAC-SHA256(secret, u64 epoch), source)[0:16]
 *   cookie reply = 0x03 ‖ nonce[24] ‖ XChaCha20-Poly1305(SHA-256("cookie--" ‖ pk_R), nonce, cookie, ad = mac1)
 */

import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concat, equalBytes, type RandomBytes, webCryptoRandom } from '@qcos/identity';
import { Writer } from '../codec.js';
import { type NoiseHash, SHA256 } from '../crypto/hash.js';
import { fail, type TransportErrorCode } from '../errors.js';
import {
  cookieKey,
  initiationMacs,
  MAC_LENGTH,
  mac,
  mac1Key,
  TYPE_COOKIE_REPLY,
  TYPE_INITIATION,
} from '../session/wire.js';

export const COOKIE_EPOCH_MS = 120_000;
export const COOKIE_REPLY_LENGTH = 1 + 24 + MAC_LENGTH + 16;
/** Largest source address the guard hashes (an IPv6 address + port is 18 bytes). */
export const MAX_SOURCE_LENGTH = 255;

export type CookieVerdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'reply'; readonly reply: Uint8Array }
  | { readonly kind: 'drop'; readonly code: TransportErrorCode };

export interface CookieGuardOptions {
  /** The responder's static X-Wing public key (mac1 key for pqIK). */
  readonly responderStaticPublicKey: Uint8Array;
  /** 32 secret bytes, kept by the responder. */
  readonly secret: Uint8Array;
  readonly random?: RandomBytes;
  /** SHA-256 implementation for the MACs (e.g. node:crypto's via nodePrimitives.hashes). */
  readonly hash?: NoiseHash;
}

export class CookieGuard {
  readonly #pk: Uint8Array;
  readonly #secret: Uint8Array;
  readonly #random: RandomBytes;
  readonly #h: NoiseHash;

  constructor(o: CookieGuardOptions) {
    if (o.secret.length !== 32)
      fail('INVALID_ARGUMENT', 'cookie secret must be 32 bytes', 'secret');
    this.#pk = o.responderStaticPublicKey;
    this.#secret = o.secret;
    this.#random = o.random ?? webCryptoRandom;
    this.#h = o.hash ?? SHA256;
  }

  #cookie(epoch: number, source: Uint8Array): Uint8Array {
    const e = new Writer().u64(Math.max(0, epoch)).finish();
    return mac(this.#h.hmac(this.#secret, e), source, this.#h);
  }

  /**
   * Decides about a message 1 from `source` (the transport address as bytes) at `now`.
   * Costs two or three HMACs; call it before PqHandshake.readMessage.
   */
  check(message: Uint8Array, source: Uint8Array, now: number, underLoad: boolean): CookieVerdict {
    if (message.length < 4 + 2 * MAC_LENGTH || message[0] !== TYPE_INITIATION) {
      return { kind: 'drop', code: 'MALFORMED_MESSAGE' };
    }
    if (source.length > MAX_SOURCE_LENGTH) return { kind: 'drop', code: 'INVALID_ARGUMENT' };
    const anonymous = ((message[2] as number) & 0x0f) === 2; // pqXX: no known responder key
    const staticKey = anonymous ? undefined : this.#pk;
    const n = message.length;
    const { mac1, mac2 } = initiationMacs(message);
    const body = message.subarray(0, n - 2 * MAC_LENGTH);
    if (!equalBytes(mac1, mac(mac1Key(staticKey), body, this.#h))) {
      return { kind: 'drop', code: 'BAD_MAC' };
    }
    if (!underLoad) return { kind: 'accept' };
    const epoch = Math.floor(now / COOKIE_EPOCH_MS);
    const signed = message.subarray(0, n - MAC_LENGTH);
    for (const e of [epoch, epoch - 1]) {
      if (equalBytes(mac2, mac(this.#cookie(e, source), signed, this.#h)))
        return { kind: 'accept' };
    }
    const nonce = this.#random(24);
    const sealed = xchacha20poly1305(cookieKey(staticKey), nonce, mac1).encrypt(
      this.#cookie(epoch, source),
    );
    return { kind: 'reply', reply: concat(Uint8Array.of(TYPE_COOKIE_REPLY), nonce, sealed) };
  }
}

/** Initiator side: opens a cookie reply bound to the mac1 it sent. */
export function decodeCookieReply(
  reply: Uint8Array,
  responderStatic: Uint8Array | undefined,
  mac1: Uint8Array,
): Uint8Array {
  if (reply.length !== COOKIE_REPLY_LENGTH || reply[0] !== TYPE_COOKIE_REPLY) {
    return fail('MALFORMED_MESSAGE', 'not a cookie reply', 'type', 0);
  }
  try {
    return xchacha20poly1305(cookieKey(responderStatic), reply.subarray(1, 25), mac1).decrypt(
      reply.subarray(25),
    );
  } catch {
    return fail('BAD_MAC', 'cookie reply does not authenticate', 'cookie', 25);
  }
}
