import type { Packet } from '@qcos/chips-codec';
import { equalBytes } from '@qcos/identity';
import { type NodeIdentity, trustRoots } from '@qcos/pq-transport';
import type { HostPort } from '@qcos/runtime';
import {
  chipsPacketCodec,
  connectSecure,
  type Handshake,
  insecurePlaintextHandshake,
  type PeerIdentity,
  pqInitiatorHandshake,
  RuntimeError,
  type SecureConnection,
} from '@qcos/runtime';

export interface UpstreamSettings {
  readonly address: HostPort;
  readonly identity: NodeIdentity;
  readonly quid: string;
  readonly signingPublicKey: Uint8Array;
  /** Capability scope requested for the session: the node's Geographic-Scope. */
  readonly scope: string;
  /** Vendor roots whose attestation of the QAN (or relay) this node believes. */
  readonly trustRoots: readonly Uint8Array[];
  /** When set, the upstream must present exactly this hybrid signing key (pinning). */
  readonly upstreamPublicKey?: Uint8Array;
  /** Plaintext framing for local debugging only (identities claimed, not proven). */
  readonly insecure: boolean;
}

function pin(expected: Uint8Array | undefined): (peer: PeerIdentity) => void {
  return (peer) => {
    if (expected !== undefined && !equalBytes(peer.publicKey, expected)) {
      throw new RuntimeError('PEER_REJECTED', `upstream ${peer.id} is not the configured one`, {
        reason: 'UNEXPECTED_UPSTREAM',
        peer: peer.id,
      });
    }
  };
}

function handshakeFor(settings: UpstreamSettings): Handshake {
  if (settings.insecure) {
    return insecurePlaintextHandshake(
      { id: settings.quid, publicKey: settings.signingPublicKey, scope: settings.scope },
      'initiator',
      pin(settings.upstreamPublicKey),
    );
  }
  return pqInitiatorHandshake({
    identity: settings.identity,
    trustRoots: trustRoots(settings.trustRoots),
    scope: settings.scope,
    authorize: pin(settings.upstreamPublicKey),
  });
}

/**
 * Opens one CHIPS session to the QAN (or the relay in front of it) as
 * initiator of the post-quantum hybrid handshake: the session is bound to the
 * node's attested identity and to its scope.
 */
export function upstreamConnector(
  settings: UpstreamSettings,
): () => Promise<SecureConnection<Packet>> {
  const handshake = handshakeFor(settings);
  return () =>
    connectSecure<Packet>({
      host: settings.address.host,
      port: settings.address.port,
      codec: chipsPacketCodec,
      handshake,
    });
}
