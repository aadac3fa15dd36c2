/**
 * The session handshake: createInitiator / createResponder return a sans-IO object.
 * Feed it the peer's bytes with readMessage(), send what writeMessage() returns, and
 * when isComplete call split() for the SecureSession.
 *
 *   pqIK (responder's static key known; 1 round trip)      pqXX (first contact; 2 round trips)
 *     -> [hdr] skem, e, s   {I: scope, cert, attestation}    -> [hdr] e
 *     <- ekem, skem (psk)   {R: cert, attestation}           <- ekem, s          {R: cert, attestation}
 *                                                            -> skem, s (psk)    {I: scope, cert, attestation}
 *                                                            <- skem
 */
import { concat, equalBytes, type RandomBytes, toHex, webCryptoRandom } from '@qcos/identity';
import { EMPTY, utf8 } from '../bytes.js';
import type { NoiseCipherName } from '../crypto/aead.js';
import { type NoiseHash, SHA256 } from '../crypto/hash.js';
import { decodeCookieReply } from '../dos/cookie.js';
import { fail, isTransportError, TransportError } from '../errors.js';
import type { NodeIdentity } from '../identity/node-identity.js';
import {
  type PeerIdentity,
  type TrustRoots,
  type VerificationCache,
  verifyPeerIdentity,
} from '../identity/verify.js';
import { HandshakeState } from '../noise/handshake-state.js';
import { type PrimitiveSet, parseProtocolName } from '../noise/protocol.js';
import type { RecordOptions } from '../record/record-layer.js';
import type { SessionEvent } from './events.js';
import { EXPORTER_MASTER_LABEL } from './exporter.js';
import { decodeIdentityPayload, encodeIdentityPayload, MAX_SCOPE_LENGTH } from './payload.js';
import type { AuthorizationPolicy } from './policy.js';
import { SecureSession } from './secure-session.js';
import { protocolNameOf, type SessionPattern, type Suite } from './suite.js';
import {
  encodeHeader,
  initiationMacs,
  MAC_LENGTH,
  mac,
  mac1Key,
  parseInitiation,
  sealInitiation,
  sessionPrologue,
  TYPE_HANDSHAKE,
} from './wire.js';

export interface SessionOptions {
  readonly identity: NodeIdentity;
  readonly trustRoots: TrustRoots;
  readonly policy: AuthorizationPolicy;
  /** Unix ms: certificate and attestation validity is checked against it; events carry it. */
  readonly now: number;
  readonly random?: RandomBytes;
  /** Application prologue (≤ 1024 bytes); both sides must give the same bytes. */
  readonly prologue?: Uint8Array;
  readonly primitives?: PrimitiveSet;
  readonly onEvent?: (event: SessionEvent) => void;
  readonly verificationCache?: VerificationCache;
  readonly record?: RecordOptions;
}

export interface EksPsk {
  /** The key id of the EKS pool (ETSI GS QKD 014 key_ID). */
  readonly keyId: string;
  /** 32 bytes of EKS key material. */
  readonly key: Uint8Array;
}

export interface InitiatorOptions extends SessionOptions {
  /** The capability scope requested for this session. */
  readonly scope: string;
  /** When known: pqIK in one round trip. When absent: pqXX (first contact). */
  readonly responderStaticPublicKey?: Uint8Array;
  readonly cipher?: NoiseCipherName;
  readonly eks?: EksPsk;
}

export interface ResponderOptions extends SessionOptions {
  /** Looks up EKS key material by key id; a named key it cannot find fails with EKS_KEY_UNKNOWN. */
  readonly eksKeys?: (keyId: string) => Uint8Array | undefined;
  /** Reject initiators that bring no EKS key (EKS_KEY_REQUIRED). */
  readonly requireEks?: boolean;
  /** Patterns this responder accepts (default both). */
  readonly acceptPatterns?: readonly SessionPattern[];
}

type Role = 'initiator' | 'responder';
type Phase = 'active' | 'complete' | 'failed';

/** Which Noise message (0-based) carries each side's identity payload. */
function identityMessage(pattern: SessionPattern, role: Role): number {
  if (pattern === 'IK') return role === 'initiator' ? 0 : 1;
  return role === 'initiator' ? 2 : 1;
}

export class PqHandshake {
  readonly role: Role;
  readonly #o: SessionOptions;
  readonly #random: RandomBytes;
  #hs: HandshakeState | undefined;
  #suite: Suite | undefined;
  #protocolName: string | undefined;
  #phase: Phase = 'active';
  #scope: string | undefined;
  #eksKeyId: string | undefined;
  #peer: PeerIdentity | undefined;
  #session: SecureSession | undefined;
  // initiator: message 1 without MACs, to re-MAC it with a cookie
  #initiationBody: Uint8Array | undefined;
  #initiation: Uint8Array | undefined;
  #mac1Key: Uint8Array | undefined;
  readonly #responderStatic: Uint8Array | undefined;
  readonly #sha256: NoiseHash;

  constructor(role: Role, o: InitiatorOptions | ResponderOptions) {
    this.role = role;
    this.#o = o;
    this.#random = o.random ?? webCryptoRandom;
    this.#sha256 = o.primitives?.hashes?.SHA256 ?? SHA256;
    if (role === 'initiator') {
      const io = o as InitiatorOptions;
      const scopeLen = new TextEncoder().encode(io.scope).length;
      if (scopeLen === 0 || scopeLen > MAX_SCOPE_LENGTH) {
        fail('INVALID_ARGUMENT', 'scope must be 1..255 bytes', 'scope');
      }
      this.#scope = io.scope;
      this.#eksKeyId = io.eks?.keyId;
      this.#responderStatic = io.responderStaticPublicKey;
      const suite: Suite = {
        pattern: io.responderStaticPublicKey === undefined ? 'XX' : 'IK',
        cipher: io.cipher ?? 'ChaChaPoly',
      };
      const header = encodeHeader(suite, io.eks?.keyId);
      this.#initiationBody = header;
      this.#mac1Key = mac1Key(io.responderStaticPublicKey);
      this.#start(suite, header, io.eks?.key, io.responderStaticPublicKey);
    } else {
      this.#responderStatic = o.identity.staticKey.publicKey;
    }
  }

  #start(
    suite: Suite,
    header: Uint8Array,
    psk: Uint8Array | undefined,
    rs: Uint8Array | undefined,
  ) {
    this.#suite = suite;
    this.#protocolName = protocolNameOf(suite, psk !== undefined);
    this.#hs = new HandshakeState({
      protocol: parseProtocolName(this.#protocolName, this.#o.primitives),
      initiator: this.role === 'initiator',
      prologue: sessionPrologue(this.#o.prologue ?? EMPTY, header),
      staticKeyPair: this.#o.identity.staticKey,
      remoteStaticPublicKey: rs,
      psks: psk === undefined ? [] : [psk],
      random: this.#random,
    });
  }

  get isComplete(): boolean {
    return this.#phase === 'complete';
  }
  get isFailed(): boolean {
    return this.#phase === 'failed';
  }
  /** True when the next step is writeMessage(). */
  get wantsWrite(): boolean {
    if (this.#phase !== 'active') return false;
    return this.#hs === undefined ? false : this.#hs.isMyTurn;
  }
  get handshakeHash(): Uint8Array | undefined {
    return this.#hs?.handshakeHash;
  }
  /** The verified peer, once its identity payload has been read. */
  get peer(): PeerIdentity | undefined {
    return this.#peer;
  }
  get scope(): string | undefined {
    return this.#scope;
  }
  get protocolName(): string | undefined {
    return this.#protocolName;
  }

  writeMessage(appData: Uint8Array = EMPTY): Uint8Array {
    this.#expectActive();
    const hs = this.#hs;
    if (hs === undefined || !hs.isMyTurn) return fail('HANDSHAKE_STATE', 'not our turn to write');
    return this.#guard(() => {
      const idx = hs.messageIndex;
      const suite = this.#suite as Suite;
      const payload =
        idx === identityMessage(suite.pattern, this.role)
          ? encodeIdentityPayload(this.role, {
              scope: this.#scope,
              certificate: this.#o.identity.certificate,
              attestation: this.#o.identity.attestation,
              appData,
            })
          : appData;
      const noise = hs.writeMessage(payload);
      let out: Uint8Array;
      if (idx === 0) {
        const body = concat(this.#initiationBody as Uint8Array, noise);
        this.#initiationBody = body;
        out = sealInitiation(body, this.#mac1Key as Uint8Array, undefined, this.#sha256);
        this.#initiation = out;
      } else {
        out = concat(Uint8Array.of(TYPE_HANDSHAKE), noise);
      }
      if (hs.isComplete) this.#finish();
      return out;
    });
  }

  readMessage(message: Uint8Array): Uint8Array {
    this.#expectActive();
    if (this.#hs !== undefined && (this.#hs.isMyTurn || this.#hs.isComplete)) {
      return fail('HANDSHAKE_STATE', 'not expecting a message now');
    }
    return this.#guard(() => {
      let noise: Uint8Array;
      if (this.#hs === undefined) noise = this.#acceptInitiation(message);
      else {
        if (message.length < 1) fail('MALFORMED_MESSAGE', 'empty message', 'type', 0);
        if (message[0] !== TYPE_HANDSHAKE)
          fail('UNEXPECTED_MESSAGE', 'not a handshake message', 'type', 0);
        noise = message.subarray(1);
      }
      const hs = this.#hs as HandshakeState;
      const idx = hs.messageIndex;
      const payload = hs.readMessage(noise);
      const suite = this.#suite as Suite;
      const peerRole: Role = this.role === 'initiator' ? 'responder' : 'initiator';
      let appData = payload;
      if (idx === identityMessage(suite.pattern, peerRole)) {
        const p = decodeIdentityPayload(peerRole, payload);
        if (peerRole === 'initiator') this.#scope = p.scope;
        const rs = hs.remoteStaticPublicKey ?? fail('MISSING_KEY', 'peer static key missing');
        const o = this.#o;
        this.#peer = verifyPeerIdentity(
          p.certificate,
          p.attestation,
          rs,
          o.trustRoots,
          o.now,
          o.verificationCache,
        );
        const decision = o.policy({
          role: this.role,
          peer: this.#peer,
          scope: this.#scope as string,
          eksKeyId: this.#eksKeyId,
        });
        if (!decision.accept) fail('PEER_REJECTED', decision.reason, 'policy');
        appData = p.appData;
      }
      if (hs.isComplete) this.#finish();
      return appData;
    });
  }

  /** Responder: checks the cheap parts of message 1 (header, mac1, EKS key) before any KEM work. */
  #acceptInitiation(message: Uint8Array): Uint8Array {
    const { header, noise } = parseInitiation(message);
    const ro = this.#o as ResponderOptions;
    const accepted = ro.acceptPatterns ?? ['IK', 'XX'];
    if (!accepted.includes(header.suite.pattern)) {
      fail('UNSUPPORTED_SUITE', `pattern pq${header.suite.pattern} not accepted`, 'suite', 2);
    }
    const macKey = mac1Key(header.suite.pattern === 'IK' ? this.#responderStatic : undefined);
    const { mac1 } = initiationMacs(message);
    const signed = message.subarray(0, message.length - 2 * MAC_LENGTH);
    const expected = mac(macKey, signed, this.#sha256);
    if (!equalBytes(mac1, expected)) {
      fail('BAD_MAC', 'mac1 does not verify', 'mac1', message.length - 2 * MAC_LENGTH);
    }
    this.#eksKeyId = header.eksKeyId;
    let psk: Uint8Array | undefined;
    if (header.eksKeyId !== undefined) {
      psk = ro.eksKeys?.(header.eksKeyId);
      if (psk === undefined)
        fail('EKS_KEY_UNKNOWN', `no EKS key "${header.eksKeyId}"`, 'eksKeyId', 4);
    } else if (ro.requireEks === true) {
      fail('EKS_KEY_REQUIRED', 'this responder requires an EKS key', 'eksKeyId', 3);
    }
    this.#start(header.suite, header.bytes, psk, undefined);
    return noise;
  }

  /**
   * Initiator: takes the responder's cookie reply and returns message 1 again with a
   * valid mac2, to be sent instead of the original. Fails with BAD_MAC if the reply is
   * not for this message.
   */
  applyCookieReply(reply: Uint8Array): Uint8Array {
    this.#expectActive();
    const sent = this.#initiation;
    if (this.role !== 'initiator' || sent === undefined || this.#hs?.messageIndex !== 1) {
      return fail('HANDSHAKE_STATE', 'no initiation waiting for a cookie');
    }
    const { mac1 } = initiationMacs(sent);
    const cookie = decodeCookieReply(reply, this.#responderStatic, mac1);
    const out = sealInitiation(
      this.#initiationBody as Uint8Array,
      this.#mac1Key as Uint8Array,
      cookie,
      this.#sha256,
    );
    this.#initiation = out;
    return out;
  }

  /** The finished session (the same object on every call). */
  split(): SecureSession {
    if (this.#session === undefined) return fail('HANDSHAKE_STATE', 'handshake not complete');
    return this.#session;
  }

  #expectActive(): void {
    if (this.#phase === 'failed') fail('HANDSHAKE_STATE', 'handshake already failed');
    if (this.#phase === 'complete') fail('HANDSHAKE_STATE', 'handshake already complete');
  }

  #finish(): void {
    const hs = this.#hs as HandshakeState;
    const [c1, c2] = hs.split();
    const [send, recv] = this.role === 'initiator' ? [c1, c2] : [c2, c1];
    const peer = this.#peer ?? fail('HANDSHAKE_STATE', 'peer identity never arrived');
    const info = {
      role: this.role,
      peer,
      scope: this.#scope as string,
      suite: this.#protocolName as string,
      handshakeHash: hs.handshakeHash,
      eksKeyId: this.#eksKeyId,
    };
    const exporter = {
      hash: hs.protocol.hash,
      masterSecret: hs.exporterSecret(utf8(EXPORTER_MASTER_LABEL)),
    };
    this.#session = new SecureSession(send, recv, info, this.#o.record, exporter);
    this.#phase = 'complete';
    this.#o.onEvent?.({
      kind: 'session-created',
      role: this.role,
      at: this.#o.now,
      peer: peer.quid,
      peerSubject: peer.subject,
      peerHardwareId: toHex(peer.attestation.hardwareId),
      scope: info.scope,
      suite: info.suite,
      eksKeyId: info.eksKeyId,
    });
  }

  /** Any failure ends the handshake, is logged as session-rejected, and is a TransportError. */
  #guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      const err = isTransportError(e)
        ? e
        : new TransportError('MALFORMED_MESSAGE', e instanceof Error ? e.message : String(e));
      this.#phase = 'failed';
      this.#o.onEvent?.({
        kind: 'session-rejected',
        role: this.role,
        at: this.#o.now,
        code: err.code,
        reason: err.message,
        peer: this.#peer?.quid,
        scope: this.#scope,
        suite: this.#protocolName,
      });
      throw err;
    }
  }
}

export function createInitiator(options: InitiatorOptions): PqHandshake {
  return new PqHandshake('initiator', options);
}

export function createResponder(options: ResponderOptions): PqHandshake {
  return new PqHandshake('responder', options);
}
