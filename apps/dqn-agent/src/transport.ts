import type { Packet } from '@qcos/chips-codec';
import { type NodeIdentity, trustRoots } from '@qcos/pq-transport';
import type { HostPort, Logger } from '@qcos/runtime';
import {
  chipsPacketCodec,
  failoverConnectSecure,
  type Handshake,
  insecurePlaintextHandshake,
  pinnedUpstream,
  pqInitiatorHandshake,
  type SecureConnection,
} from '@qcos/runtime';

export interface UpstreamSettings {
  /** The upstreams in order of preference (the QANs of a cluster, or a relay). */
  readonly addresses: readonly HostPort[];
  readonly identity: NodeIdentity;
  readonly quid: string;
  readonly signingPublicKey: Uint8Array;
  /** Capability scope requested for the session: the node's Geographic-Scope. */
  readonly scope: string;
  /** Vendor roots whose attestation of the QAN (or relay) this node believes. */
  readonly trustRoots: readonly Uint8Array[];
  /** When not empty, the upstream must present one of these hybrid signing keys (pinning). */
  readonly upstreamPublicKeys: readonly Uint8Array[];
  /** Plaintext framing for local debugging only (identities claimed, not proven). */
  readonly insecure: boolean;
}

function handshakeFor(settings: UpstreamSettings): Handshake {
  if (settings.insecure) {
    return insecurePlaintextHandshake(
      { id: settings.quid, publicKey: settings.signingPublicKey, scope: settings.scope },
      'initiator',
      pinnedUpstream(settings.upstreamPublicKeys),
    );
  }
  return pqInitiatorHandshake({
    identity: settings.identity,
    trustRoots: trustRoots(settings.trustRoots),
    scope: settings.scope,
    authorize: pinnedUpstream(settings.upstreamPublicKeys),
  });
}

/**
 * Opens one CHIPS session to the QAN (or the relay in front of it) as
 * initiator of the post-quantum hybrid handshake: the session is bound to the
 * node's attested identity and to its scope. With several upstreams, a call
 * tries the one that worked last, then the others (`failoverConnectSecure`).
 */
export function upstreamConnector(
  settings: UpstreamSettings,
  logger: Pick<Logger, 'warn'>,
): () => Promise<SecureConnection<Packet>> {
  return failoverConnectSecure<Packet>(
    settings.addresses,
    { codec: chipsPacketCodec, handshake: handshakeFor(settings) },
    logger,
  );
}
