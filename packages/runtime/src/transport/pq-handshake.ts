import type { RandomBytes } from '@qcos/identity';
import {
  createInitiator,
  createResponder,
  isTransportError,
  type NodeIdentity,
  type PqHandshake,
  type SessionEvent,
  type TrustRoots,
  TYPE_COOKIE_REPLY,
  VerificationCache,
} from '@qcos/pq-transport';
import { nodePrimitives } from '@qcos/pq-transport/node';
import { type Clock, systemClock, systemRandom } from '../clock.js';
import { RuntimeError } from '../errors.js';
import type { EstablishedSession, FrameChannel, Handshake, PeerIdentity } from './handshake.js';

/** Exporter label of the EKS session binding (PeerIdentity.eksBinding): 32 bytes, empty context. */
export const EKS_BINDING_LABEL = 'qcos eks round binding';
export const EKS_BINDING_LENGTH = 32;

/** Largest record plaintext the sessions use: one CHIPS packet per record (pq-transport's maximum). */
export const MAX_RECORD_PLAINTEXT = 65_519;

export interface PqEndpointOptions {
  /** This node's provisioned identity (static X-Wing key, signing key, certificate, attestation). */
  readonly identity: NodeIdentity;
  /** Vendor roots whose attestation documents are believed. */
  readonly trustRoots: TrustRoots;
  /**
   * The authorisation policy, run once the peer's certificate and attestation have verified:
   * throw a RuntimeError (code PEER_REJECTED, details.reason) to refuse the peer.
   */
  readonly authorize?: (peer: PeerIdentity) => void;
  /** Session-created / session-rejected events, for the caller's audit log. */
  readonly onEvent?: (event: SessionEvent) => void;
  readonly clock?: Clock;
  readonly random?: RandomBytes;
  /** Shared across sessions so a known peer's documents are verified (ML-DSA) only once. */
  readonly verificationCache?: VerificationCache;
}

export interface PqInitiatorOptions extends PqEndpointOptions {
  /** The capability scope this session asks for. */
  readonly scope: string;
  /** The responder's static X-Wing public key, when known (one round trip instead of two). */
  readonly responderStaticPublicKey?: Uint8Array;
}

/** Converts pq-transport's session state into the runtime's EstablishedSession. */
function established(hs: PqHandshake): EstablishedSession {
  const session = hs.split();
  const info = session.info;
  const peer: PeerIdentity = {
    id: info.peer.quid,
    publicKey: info.peer.certificate.signingPublicKey,
    scope: info.scope,
    handshakeHash: info.handshakeHash,
    eksBinding: session.exportSecret(EKS_BINDING_LABEL, new Uint8Array(0), EKS_BINDING_LENGTH),
  };
  return {
    peer,
    seal: (plaintext) => session.seal(plaintext),
    open: (record) => {
      const opened = session.openRecord(record);
      if (opened.kind === 'close')
        throw new RuntimeError('CONNECTION_CLOSED', 'peer closed the session');
      return opened.kind === 'data' ? opened.data : undefined;
    },
  };
}

/** Runs a handshake to completion over framed messages, mapping failures to RuntimeErrors. */
async function drive(
  hs: PqHandshake,
  channel: FrameChannel,
  refusal: { error?: RuntimeError },
): Promise<EstablishedSession> {
  try {
    while (!hs.isComplete) {
      if (hs.wantsWrite) {
        channel.send(hs.writeMessage());
        continue;
      }
      const message = await channel.receive();
      if (hs.role === 'initiator' && message[0] === TYPE_COOKIE_REPLY) {
        channel.send(hs.applyCookieReply(message));
        continue;
      }
      hs.readMessage(message);
    }
    return established(hs);
  } catch (error) {
    if (refusal.error !== undefined) throw refusal.error;
    if (isTransportError(error)) {
      const rejected = [
        'BAD_CERTIFICATE',
        'BAD_ATTESTATION',
        'UNTRUSTED_ROOT',
        'EXPIRED',
        'KEY_MISMATCH',
        'PEER_REJECTED',
      ];
      throw new RuntimeError(
        rejected.includes(error.code) ? 'PEER_REJECTED' : 'HANDSHAKE_FAILED',
        `${error.code}: ${error.message}`,
        { reason: error.code, remoteAddress: channel.remoteAddress },
      );
    }
    throw error;
  }
}

/** Adapts a throwing authorize callback to pq-transport's accept/refuse policy, keeping the error. */
function policyOf(options: PqEndpointOptions, refusal: { error?: RuntimeError }) {
  return ({
    peer,
    scope,
  }: {
    peer: { quid: string; certificate: { signingPublicKey: Uint8Array } };
    scope: string;
  }) => {
    try {
      options.authorize?.({
        id: peer.quid,
        publicKey: peer.certificate.signingPublicKey,
        scope,
        handshakeHash: new Uint8Array(0),
        eksBinding: new Uint8Array(0),
      });
      return { accept: true as const };
    } catch (error) {
      refusal.error =
        error instanceof RuntimeError
          ? error
          : new RuntimeError('PEER_REJECTED', String(error), { reason: 'POLICY' });
      return { accept: false as const, reason: refusal.error.message };
    }
  };
}

/** What both ends hand pq-transport: identity, roots, policy, the real clock and RNG, node primitives. */
function endpointOptions(
  options: PqEndpointOptions,
  cache: VerificationCache,
  refusal: { error?: RuntimeError },
) {
  return {
    identity: options.identity,
    trustRoots: options.trustRoots,
    policy: policyOf(options, refusal),
    now: (options.clock ?? systemClock).now(),
    random: options.random ?? systemRandom,
    primitives: nodePrimitives,
    verificationCache: cache,
    record: { maxRecordPlaintext: MAX_RECORD_PLAINTEXT },
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  };
}

/**
 * The responder side of the post-quantum hybrid handshake (pq-transport's pqIK / pqXX over
 * X-Wing, identities bound by certificate + vendor attestation), with node:crypto primitives.
 */
export function pqResponderHandshake(options: PqEndpointOptions): Handshake {
  const cache = options.verificationCache ?? new VerificationCache();
  return (channel) => {
    const refusal: { error?: RuntimeError } = {};
    const hs = createResponder(endpointOptions(options, cache, refusal));
    return drive(hs, channel, refusal);
  };
}

/** The initiator side; see pqResponderHandshake. */
export function pqInitiatorHandshake(options: PqInitiatorOptions): Handshake {
  const cache = options.verificationCache ?? new VerificationCache();
  return (channel) => {
    const refusal: { error?: RuntimeError } = {};
    const hs = createInitiator({
      ...endpointOptions(options, cache, refusal),
      scope: options.scope,
      ...(options.responderStaticPublicKey === undefined
        ? {}
        : { responderStaticPublicKey: options.responderStaticPublicKey }),
    });
    return drive(hs, channel, refusal);
  };
}
