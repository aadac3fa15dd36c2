import type { HeaderStamper } from '@qcos/chips-codec';
import type { BlockLog } from '@qcos/interface';
import type { RegistryState } from '@qcos/registry-core';
import type { Logger, Packet, SecureConnection } from '@qcos/runtime';
import type { KnownPeer } from './peer-directory.js';

export interface RelayFeedOptions {
  /** Stamps every REGISTRY_BLOCK packet (the QAN's one Lamport clock). */
  readonly stamper: HeaderStamper;
  /** The registry whose blocks are fed (its Lamport time moves the QAN's clock first). */
  readonly registry: { readonly state: RegistryState };
  /** The registry's block log. */
  readonly log: BlockLog;
  readonly logger: Logger;
}

/** Feeds the block log to relay sessions, whose registry replicas fold every committed block. */
export interface RelayFeed {
  /**
   * A relay's replica folds from genesis: hands a relay session the whole log, then every new
   * block, in order, from one feed of the log (it ends when the session closes or the log does).
   */
  follow(peer: KnownPeer, connection: SecureConnection<Packet>): void;
}

export function createRelayFeed(options: RelayFeedOptions): RelayFeed {
  const { stamper, registry, log, logger } = options;
  const registryBlockPacket = (destination: string, height: number, block: Uint8Array): Packet => {
    // A block carries registry Lamport times: the QAN's clock moves past them before stamping.
    stamper.clock.observe(registry.state.lamport);
    return {
      type: 'REGISTRY_BLOCK',
      header: stamper.stamp(destination, { scope: 'registry:block', hopLimit: 1 }),
      body: { height, block },
    };
  };
  const send = (
    peer: KnownPeer,
    connection: SecureConnection<Packet>,
    height: number,
    bytes: Uint8Array,
  ) => {
    try {
      connection.send(registryBlockPacket(peer.name, height, bytes));
    } catch (error) {
      // A block over the packet limit cannot be forwarded; the relay's replica then lags.
      logger.warn({ relay: peer.name, height, err: String(error) }, 'block not forwarded');
    }
  };
  return {
    follow(peer, connection) {
      const feed = log.follow(log.firstHeight);
      connection.onClose(() => feed.close());
      void (async () => {
        for await (const stored of feed) send(peer, connection, stored.height, stored.bytes);
      })().catch((error: unknown) =>
        logger.error({ relay: peer.name, err: String(error) }, 'relay block feed failed'),
      );
    },
  };
}
