import type { Packet } from '@qcos/chips-codec';
import { equalBytes } from '@qcos/identity';
import { type NodeIdentity, trustRoots } from '@qcos/pq-transport';
import type { HostPort } from '@qcos/runtime';
import {
  chipsPacketCodec,
  connectSecure,
  type Handshake,
  insecurePlaintextHandshake,
  listenSecure,
  type PeerIdentity,
  pqCookieGuard,
  pqInitiatorHandshake,
  pqResponderHandshake,
  RuntimeError,
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

/** Opens the session up to the QAN (initiator), pinned to the QAN's key when given. */
export function upstreamConnector(
  settings: RelayTransportSettings,
  qan: HostPort,
  qanPublicKey: Uint8Array | undefined,
): () => Promise<SecureConnection<Packet>> {
  const authorize = (peer: PeerIdentity): void => {
    if (qanPublicKey !== undefined && !equalBytes(peer.publicKey, qanPublicKey)) {
      throw new RuntimeError('PEER_REJECTED', `upstream ${peer.id} is not the configured QAN`, {
        reason: 'UNEXPECTED_UPSTREAM',
        peer: peer.id,
      });
    }
  };
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
  return () =>
    connectSecure<Packet>({ host: qan.host, port: qan.port, codec: chipsPacketCodec, handshake });
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
