import type { NodeId, PacketId } from '@qcos/chips-codec';
import type { RegistryState } from '@qcos/registry-core';
import {
  type BlockLog,
  type Logger,
  type Packet,
  type SecureConnection,
  systemRandom,
} from '@qcos/runtime';
import type { KnownPeer } from './peer-directory.js';
import type { SessionHub } from './session-hub.js';

export interface RelayFeedOptions {
  readonly qanId: string;
  readonly sessions: SessionHub;
  /** The registry whose blocks are fed (its Lamport clock stamps each packet). */
  readonly registry: { readonly state: RegistryState };
  /** The registry's block log. */
  readonly log: BlockLog;
  readonly logger: Logger;
}

/** Feeds the block log to relay sessions, whose registry replicas fold every committed block. */
export interface RelayFeed {
  /** A relay's replica folds from genesis: hands a new relay session the whole log. */
  sendLog(peer: KnownPeer, connection: SecureConnection<Packet>): void;
  /** Sends one newly committed block to every relay session. */
  sendBlock(height: number, bytes: Uint8Array): void;
}

export function createRelayFeed(options: RelayFeedOptions): RelayFeed {
  const { qanId, sessions, registry, log, logger } = options;
  let blockSeq = 0;
  const registryBlockPacket = (destination: string, height: number, block: Uint8Array): Packet => ({
    type: 'REGISTRY_BLOCK',
    header: {
      destination,
      source: qanId as unknown as NodeId,
      packetId: Buffer.from(systemRandom(16)).toString('hex') as PacketId,
      lamport: Math.max(1, registry.state.lamport),
      seq: blockSeq++ % 2 ** 32,
      scope: 'registry:block',
      hopLimit: 1,
      reroute: 'deny',
    },
    body: { height, block },
  });
  return {
    sendLog(peer, connection) {
      for (const stored of log.range(1))
        connection.send(registryBlockPacket(peer.name, stored.height, stored.bytes));
    },
    sendBlock(height, bytes) {
      for (const relay of sessions.relays()) {
        try {
          relay.connection.send(registryBlockPacket(relay.peer.name, height, bytes));
        } catch (error) {
          // A block over the packet limit cannot be forwarded; the relay's replica then lags.
          logger.warn(
            { relay: relay.peer.name, height, err: String(error) },
            'block not forwarded',
          );
        }
      }
    },
  };
}
