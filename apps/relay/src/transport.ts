import type { Packet } from '@qcos/chips-codec';
import { type NodeIdentity, trustRoots } from '@qcos/pq-transport';
import type { HostPort, Logger } from '@qcos/runtime';
import {
  chipsPacketCodec,
  failoverConnectSecure,
  type Handshake,
  insecurePlaintextHandshake,
  listenSecure,
  type PeerIdentity,
  pinnedUpstream,
  pqCookieGuard,
  pqInitiatorHandshake,
  pqResponderHandshake,
  type RuntimeError,
  type SecureConnection,
  type SecureListener,
} from '@qcos/runtime';

/** The relay's identity and the roots it believes, shared by both sides. */
export interface RelayTransportSettings {
  readonly identity: NodeIdentity;
  readonly quid: string;
  readonly signingPublicKey: Uint8Array;
  readonly scope: string;
  readonly trustRoots: readonly Uint8Array[];
  /** Plaintext framing for local debugging only (identities claimed, not proven). */
  readonly insecure: boolean;
}

/**
 * Opens the session up to a QAN (initiator), pinned to the QANs' keys when given. With several
 * QANs, a call tries the one that worked last, then the others (`failoverConnectSecure`); the
 * relay's replica verifies every block whichever QAN sends it.
 */
export function upstreamConnector(
  settings: RelayTransportSettings,
  qans: readonly HostPort[],
  qanPublicKeys: readonly Uint8Array[],
  logger: Pick<Logger, 'warn'>,
): () => Promise<SecureConnection<Packet>> {
  const authorize = pinnedUpstream(qanPublicKeys);
  const handshake: Handshake = settings.insecure
    ? insecurePlaintextHandshake(
        { id: settings.quid, publicKey: settings.signingPublicKey, scope: settings.scope },
        'initiator',
        authorize,
      )
    : pqInitiatorHandshake({
        identity: settings.identity,
        trustRoots: trustRoots(settings.trustRoots),
        scope: settings.scope,
        authorize,
      });
  return failoverConnectSecure<Packet>(qans, { codec: chipsPacketCodec, handshake }, logger);
}

/** Listens for DQN agents (responder); `authorize` decides who may stay. */
export function listenDownstream(
  settings: RelayTransportSettings,
  listen: HostPort,
  authorize: (peer: PeerIdentity) => void,
  handlers: {
    /** Each node the handshake authenticated, with the alias its certificate names. */
    readonly onAttested: (nodeId: string, subject: string) => void;
    readonly onConnection: (connection: SecureConnection<Packet>) => void;
    readonly onReject: (error: RuntimeError, remote: string) => void;
    readonly onBadPacket: (error: Error, peer: { id: string }) => void;
  },
): Promise<SecureListener> {
  const handshake: Handshake = settings.insecure
    ? insecurePlaintextHandshake(
        { id: settings.quid, publicKey: settings.signingPublicKey, scope: settings.scope },
        'responder',
        authorize,
      )
    : pqResponderHandshake({
        identity: settings.identity,
        trustRoots: trustRoots(settings.trustRoots),
        authorize,
        onEvent: (event) => {
          if (event.kind === 'session-created') handlers.onAttested(event.peer, event.peerSubject);
        },
      });
  return listenSecure<Packet>({
    host: listen.host,
    port: listen.port,
    codec: chipsPacketCodec,
    handshake,
    // mac1 on every message 1, and a cookie round trip before any KEM work under load.
    ...(settings.insecure
      ? {}
      : { firstMessageGuard: pqCookieGuard({ identity: settings.identity }) }),
    onConnection: handlers.onConnection,
    onReject: handlers.onReject,
    onBadPacket: handlers.onBadPacket,
  });
}
