import { type HeaderStamper, nackDetail, type Packet } from '@qcos/chips-codec';
import type { Logger, SecureConnection } from '@qcos/runtime';
import type { JobRouter } from '../jobs/job-router.js';
import type { EksKeyMirror } from '../keys/eks-key-mirror.js';
import type { NodeReports } from '../registry/node-reports.js';
import { toNetworkAddress } from './network-address.js';
import type { KnownPeer, PeerDirectory } from './peer-directory.js';
import type { SessionHub } from './session-hub.js';

export interface PacketDispatchOptions {
  /** Stamps the QAN's packet headers (its one Lamport clock, seq per destination). */
  readonly stamper: HeaderStamper;
  readonly directory: PeerDirectory;
  readonly sessions: SessionHub;
  readonly reports: NodeReports;
  readonly jobs: JobRouter;
  readonly keys: EksKeyMirror;
  readonly logger: Logger;
  readonly onPacket?: (type: string) => void;
  /** Seconds from a heartbeat packet's arrival to the commit of the block holding it. */
  readonly onHeartbeatCommitted?: (seconds: number) => void;
}

/** Hops the QAN's answers may take (QAN → relay → DQN needs 2). */
const REPLY_HOP_LIMIT = 8;

/**
 * Handles the packets of one authenticated session. A DQN speaks for itself; a relay speaks for
 * the DQNs it serves, and only for configured DQNs whose scope the relay is allowed. Anything
 * else is answered with a NACK and logged — never trusted.
 */
export function dispatchSession(
  peer: KnownPeer,
  connection: SecureConnection<Packet>,
  options: PacketDispatchOptions,
): void {
  const log = options.logger.child({ peer: peer.name, role: peer.role });
  // The EKS round contract numbers a session's rounds by its EKS_SYNC packets: the n-th
  // EKS_SYNC on this session reports round n (from 0).
  let nextEksRound = 0;
  const reply = (destination: string, packet: Omit<Packet, 'header'>, scope: string): void => {
    connection.send({
      ...packet,
      header: options.stamper.stamp(destination, { scope, hopLimit: REPLY_HOP_LIMIT }),
    } as Packet);
  };
  const nack = (
    p: Packet,
    destination: string,
    code: 'UNAUTHORISED' | 'UNSUPPORTED',
    detail: string,
  ) => {
    log.warn(
      { event: 'packet_refused', type: p.type, code, detail, source: p.header.source },
      'packet refused',
    );
    reply(
      destination,
      {
        type: 'NACK',
        body: { nackOf: p.header.packetId, code, detail: nackDetail(detail) },
      } as Omit<Packet, 'header'>,
      'nack',
    );
  };

  const address = toNetworkAddress(connection.peer.remoteAddress);
  if (peer.role === 'dqn') options.reports.ensureRegistered(peer, address);
  connection.onPacket((packet) => {
    options.stamper.received(packet.header);
    options.onPacket?.(packet.type);
    // Who the packet speaks for.
    let node: KnownPeer | undefined;
    if (peer.role === 'dqn') {
      if ((packet.header.source as string) !== peer.id)
        return nack(packet, peer.name, 'UNAUTHORISED', 'source is not the session peer');
      node = peer;
    } else if (peer.role === 'relay') {
      const claimed = options.directory.byQuid(packet.header.source);
      if (
        claimed === undefined ||
        claimed.role !== 'dqn' ||
        !claimed.scopes.every((s) => peer.scopes.includes(s))
      ) {
        return nack(packet, peer.name, 'UNAUTHORISED', 'relay may not speak for this source');
      }
      node = claimed;
      options.sessions.routeViaRelay(claimed.name, peer.id, connection);
      options.reports.ensureRegistered(claimed, address);
    } else {
      return nack(packet, peer.name, 'UNSUPPORTED', 'peer QAN exchange is not supported yet');
    }
    const alias = node.name;
    switch (packet.type) {
      case 'HEARTBEAT': {
        const arrived = performance.now();
        options.reports.heartbeat(alias, packet.body.report).then(
          () => {
            options.onHeartbeatCommitted?.((performance.now() - arrived) / 1000);
            reply(alias, { type: 'ACK', body: { ackOf: packet.header.packetId } }, 'ack');
          },
          (error: unknown) => log.debug({ alias, err: String(error) }, 'heartbeat not recorded'),
        );
        return;
      }
      case 'EKS_SYNC': {
        const round = nextEksRound++;
        if (peer.role === 'dqn') {
          const status = packet.body.status;
          if (status.state === 'stable') {
            options.keys.stableRound(
              alias,
              connection.peer.handshakeHash,
              round,
              packet.body.keyIds,
            );
          } else
            options.keys
              .lost(alias)
              .catch((error: unknown) =>
                log.warn({ alias, err: String(error) }, 'key pool not cleared'),
              );
        }
        options.reports
          .eksSync(alias, packet.body)
          ?.catch((error: unknown) =>
            log.warn({ alias, err: String(error) }, 'EKS record refused'),
          );
        return;
      }
      case 'JOB_RESULT':
        options.jobs.onResult(alias, packet.body);
        return;
      case 'NACK':
        options.jobs.onNack(alias, packet.body);
        return;
      case 'ACK':
        return;
      default:
        return nack(packet, alias, 'UNSUPPORTED', `the QAN does not accept ${packet.type} here`);
    }
  });
}
