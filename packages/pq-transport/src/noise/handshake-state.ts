/**
 * Noise HandshakeState (rev 34 §5.3) for DH patterns and for the KEM patterns of
 * patterns.ts. Keys and randomness are injected: tests pass the vectors' ephemeral
 * keys, production passes a RandomBytes. Messages are limited to 65535 bytes.
 */
import { concat, type RandomBytes, webCryptoRandom } from '@qcos/identity';
import { EMPTY } from '../bytes.js';
import { AEAD_TAG_LENGTH } from '../crypto/aead.js';
import type { KeyPair } from '../crypto/dh.js';
import { type KemKeyPair, XWING_ENCAPS_SEED_LENGTH } from '../crypto/xwing.js';
import { fail, isTransportError } from '../errors.js';
import type { CipherState } from './cipher-state.js';
import type { PreMessageToken, Token } from './patterns.js';
import { type NoiseProtocol, type PrimitiveSet, parseProtocolName } from './protocol.js';
import { SymmetricState } from './symmetric-state.js';

export const MAX_NOISE_MESSAGE = 65_535;
export const PSK_LENGTH = 32;

/** A local key pair: DH (publicKey + secretKey) or KEM (expanded X-Wing key). */
export type LocalKeyPair = KeyPair | KemKeyPair;

export interface HandshakeOptions {
  /** A protocol name ("Noise_XX_25519_ChaChaPoly_SHA256") or an already parsed protocol. */
  readonly protocol: string | NoiseProtocol;
  readonly initiator: boolean;
  readonly prologue?: Uint8Array;
  readonly staticKeyPair?: LocalKeyPair;
  /** Injected ephemeral key pair (test vectors); otherwise generated from `random`. */
  readonly ephemeralKeyPair?: LocalKeyPair;
  readonly remoteStaticPublicKey?: Uint8Array;
  readonly remoteEphemeralPublicKey?: Uint8Array;
  /** PSKs in the order the pattern's psk tokens use them. More can be added with addPsk(). */
  readonly psks?: readonly Uint8Array[];
  readonly random?: RandomBytes;
  readonly primitives?: PrimitiveSet;
}

export class HandshakeState {
  readonly protocol: NoiseProtocol;
  readonly initiator: boolean;
  readonly #ss: SymmetricState;
  readonly #random: RandomBytes;
  readonly #psks: Uint8Array[];
  #s: LocalKeyPair | undefined;
  #e: LocalKeyPair | undefined;
  #rs: Uint8Array | undefined;
  #re: Uint8Array | undefined;
  #messageIndex = 0;
  #split: [CipherState, CipherState] | undefined;

  constructor(o: HandshakeOptions) {
    this.protocol =
      typeof o.protocol === 'string' ? parseProtocolName(o.protocol, o.primitives) : o.protocol;
    this.initiator = o.initiator;
    this.#random = o.random ?? webCryptoRandom;
    this.#psks = [...(o.psks ?? [])];
    for (const p of this.#psks) this.#checkPsk(p);
    this.#s = o.staticKeyPair;
    this.#e = o.ephemeralKeyPair;
    this.#rs = o.remoteStaticPublicKey;
    this.#re = o.remoteEphemeralPublicKey;
    const p = this.protocol.pattern;
    this.#ss = new SymmetricState(this.protocol.name, this.protocol.hash, this.protocol.cipher);
    this.#ss.mixHash(o.prologue ?? EMPTY);
    const mine = this.initiator ? p.initiatorPreMessage : p.responderPreMessage;
    const theirs = this.initiator ? p.responderPreMessage : p.initiatorPreMessage;
    const initiatorPre = this.initiator ? mine : theirs;
    const responderPre = this.initiator ? theirs : mine;
    for (const t of mine) if (this.#local(t) === undefined) this.#missing(t, 'local');
    for (const t of theirs) if (this.#remote(t) === undefined) this.#missing(t, 'remote');
    for (const [tokens, local] of [
      [initiatorPre, this.initiator],
      [responderPre, !this.initiator],
    ] as const) {
      for (const t of tokens) {
        const pk = local
          ? (this.#local(t) as LocalKeyPair).publicKey
          : (this.#remote(t) as Uint8Array);
        this.#ss.mixHash(pk);
        if (t === 'e' && p.hasPsk) this.#ss.mixKey(pk);
      }
    }
  }

  #local(t: PreMessageToken): LocalKeyPair | undefined {
    return t === 's' ? this.#s : this.#e;
  }
  #remote(t: PreMessageToken): Uint8Array | undefined {
    return t === 's' ? this.#rs : this.#re;
  }
  #missing(t: string, side: string): never {
    return fail('MISSING_KEY', `pattern needs the ${side} "${t}" key`, t);
  }
  #checkPsk(p: Uint8Array): void {
    if (p.length !== PSK_LENGTH) fail('INVALID_KEY', 'a PSK must be 32 bytes', 'psk');
  }

  /** Supplies the next PSK late (e.g. once the peer named its EKS key). */
  addPsk(psk: Uint8Array): void {
    this.#checkPsk(psk);
    this.#psks.push(psk);
  }

  get handshakeHash(): Uint8Array {
    return this.#ss.handshakeHash;
  }
  get remoteStaticPublicKey(): Uint8Array | undefined {
    return this.#rs;
  }
  get remoteEphemeralPublicKey(): Uint8Array | undefined {
    return this.#re;
  }
  get isComplete(): boolean {
    return this.#split !== undefined;
  }
  /** Index of the next handshake message (0-based). */
  get messageIndex(): number {
    return this.#messageIndex;
  }
  /** True when the next handshake message is ours to write. */
  get isMyTurn(): boolean {
    return !this.isComplete && (this.#messageIndex % 2 === 0) === this.initiator;
  }

  /** A secret from the final chaining key (SymmetricState.exporterSecret); only once complete. */
  exporterSecret(label: Uint8Array): Uint8Array {
    if (this.#split === undefined) return fail('HANDSHAKE_STATE', 'handshake not complete');
    return this.#ss.exporterSecret(label);
  }

  /** The transport CipherStates [initiator→responder, responder→initiator]. */
  split(): [CipherState, CipherState] {
    if (this.#split === undefined) return fail('HANDSHAKE_STATE', 'handshake not complete');
    return this.#split;
  }

  #tokens(): readonly Token[] {
    // Both callers refuse a complete handshake first; a pattern without messages ends here.
    const m = this.protocol.pattern.messages[this.#messageIndex];
    return m ?? fail('HANDSHAKE_STATE', 'no more handshake messages');
  }

  #finishMessage(): void {
    this.#messageIndex++;
    if (this.#messageIndex === this.protocol.pattern.messages.length)
      this.#split = this.#ss.split();
  }

  #nextPsk(): Uint8Array {
    return this.#psks.shift() ?? fail('MISSING_KEY', 'pattern needs a PSK', 'psk');
  }

  #dh(ours: 'e' | 's', theirs: 'e' | 's'): Uint8Array {
    const ka = this.protocol.keyAgreement;
    if (ka.kind !== 'dh') return fail('INVALID_PATTERN', 'DH token in a KEM pattern');
    const local = this.#local(ours) ?? this.#missing(ours, 'local');
    const remote = this.#remote(theirs) ?? this.#missing(theirs, 'remote');
    return ka.dh.dh((local as KeyPair).secretKey, remote);
  }

  /** The DH pair a token names, from the point of view of this side. */
  #dhToken(t: 'ee' | 'es' | 'se' | 'ss'): Uint8Array {
    if (t === 'ee') return this.#dh('e', 'e');
    if (t === 'ss') return this.#dh('s', 's');
    // "es": initiator's e with responder's s; "se": initiator's s with responder's e.
    const initiatorKey = t === 'es' ? 'e' : 's';
    const responderKey = t === 'es' ? 's' : 'e';
    return this.initiator
      ? this.#dh(initiatorKey, responderKey)
      : this.#dh(responderKey, initiatorKey);
  }

  #generateEphemeral(): LocalKeyPair {
    const ka = this.protocol.keyAgreement;
    return ka.kind === 'dh'
      ? ka.dh.generateKeyPair(this.#random)
      : ka.kem.generateKeyPair(this.#random);
  }

  writeMessage(payload: Uint8Array = EMPTY): Uint8Array {
    if (!this.isMyTurn) return fail('HANDSHAKE_STATE', 'not our turn to write');
    const tokens = this.#tokens();
    const ss = this.#ss;
    const parts: Uint8Array[] = [];
    for (const t of tokens) {
      switch (t) {
        case 'e': {
          const e = this.#e ?? this.#generateEphemeral();
          this.#e = e;
          parts.push(e.publicKey);
          ss.mixHash(e.publicKey);
          if (this.protocol.pattern.hasPsk) ss.mixKey(e.publicKey);
          break;
        }
        case 's': {
          const s = this.#s ?? this.#missing('s', 'local');
          parts.push(ss.encryptAndHash(s.publicKey));
          break;
        }
        case 'psk':
          ss.mixKeyAndHash(this.#nextPsk());
          break;
        case 'ekem':
        case 'skem': {
          const ka = this.protocol.keyAgreement;
          if (ka.kind !== 'kem') return fail('INVALID_PATTERN', 'KEM token in a DH pattern');
          const target = t === 'ekem' ? this.#re : this.#rs;
          if (target === undefined) this.#missing(t === 'ekem' ? 'e' : 's', 'remote');
          const enc = ka.kem.encapsulate(target, this.#random(XWING_ENCAPS_SEED_LENGTH));
          parts.push(ss.encryptAndHash(enc.cipherText));
          ss.mixKey(enc.sharedSecret);
          break;
        }
        default:
          ss.mixKey(this.#dhToken(t));
      }
    }
    parts.push(ss.encryptAndHash(payload));
    const out = concat(...parts);
    if (out.length > MAX_NOISE_MESSAGE)
      fail('MESSAGE_TOO_LARGE', 'handshake message over 65535 bytes');
    this.#finishMessage();
    return out;
  }

  readMessage(message: Uint8Array): Uint8Array {
    if (this.isComplete || this.isMyTurn) return fail('HANDSHAKE_STATE', 'not expecting a message');
    if (message.length > MAX_NOISE_MESSAGE) {
      return fail('MESSAGE_TOO_LARGE', 'handshake message over 65535 bytes');
    }
    const tokens = this.#tokens();
    const ss = this.#ss;
    const ka = this.protocol.keyAgreement;
    const tag = () => (ss.cipherState.hasKey() ? AEAD_TAG_LENGTH : 0);
    let offset = 0;
    const take = (len: number, field: string): Uint8Array => {
      if (offset + len > message.length)
        fail('MALFORMED_MESSAGE', 'message too short', field, offset);
      const out = message.subarray(offset, offset + len);
      offset += len;
      return out;
    };
    const pkLen = ka.kind === 'dh' ? ka.dh.dhLen : ka.kem.publicKeyLength;
    for (const t of tokens) {
      switch (t) {
        case 'e': {
          const re = take(pkLen, 'e').slice();
          this.#re = re;
          ss.mixHash(re);
          if (this.protocol.pattern.hasPsk) ss.mixKey(re);
          break;
        }
        case 's': {
          const at = offset;
          const rs = this.#decrypt(take(pkLen + tag(), 's'), 's', at);
          this.#rs = rs.slice();
          break;
        }
        case 'psk':
          ss.mixKeyAndHash(this.#nextPsk());
          break;
        case 'ekem':
        case 'skem': {
          if (ka.kind !== 'kem') return fail('INVALID_PATTERN', 'KEM token in a DH pattern');
          const at = offset;
          const ct = this.#decrypt(take(ka.kem.cipherTextLength + tag(), t), t, at);
          const own = t === 'ekem' ? this.#e : this.#s;
          if (own === undefined) this.#missing(t === 'ekem' ? 'e' : 's', 'local');
          ss.mixKey(ka.kem.decapsulate(ct, own as KemKeyPair));
          break;
        }
        default:
          ss.mixKey(this.#dhToken(t));
      }
    }
    const at = offset;
    const payload = this.#decrypt(message.subarray(offset), 'payload', at);
    this.#finishMessage();
    return payload;
  }

  #decrypt(bytes: Uint8Array, field: string, offset: number): Uint8Array {
    try {
      return this.#ss.decryptAndHash(bytes);
    } catch (e) {
      if (isTransportError(e) && e.code === 'DECRYPT_FAILED') {
        return fail('DECRYPT_FAILED', `${field} did not authenticate`, field, offset);
      }
      throw e;
    }
  }
}
