import type { HeaderStamper, Packet } from '@qcos/chips-codec';
import type { Quid } from '@qcos/identity';
import {
  chipsPacketCodec,
  connectSecure,
  type Handshake,
  type HostPort,
  type Logger,
  type ReconnectingConnection,
  reconnecting,
  type SecureConnection,
} from '@qcos/runtime';
import type { JobRouter } from '../jobs/job-router.js';
import type { PeerDirectory } from './peer-directory.js';

export interface QanLinksOptions {
  /** Where the other QANs listen (`qanPeers` in the config). */
  readonly addresses: readonly HostPort[];
  readonly stamper: HeaderStamper;
  readonly directory: PeerDirectory;
  readonly logger: Logger;
}

/**
 * This QAN's sessions to the other QANs, one per configured address, each kept up with backoff.
 * A link carries jobs this QAN sends for nodes attached to that QAN, and brings back their
 * answers; nothing else is taken from it.
 */
export class QanLinks {
  private readonly byQuid = new Map<Quid, SecureConnection<Packet>>();
  private readonly links: ReconnectingConnection<Packet>[] = [];
  private jobs: JobRouter | undefined;

  constructor(private readonly options: QanLinksOptions) {}

  /**
   * Dials every address with `handshake` (scope `qan`; its authorize accepts only QANs the
   * registry trusts); answers coming back go to `jobs`.
   */
  start(handshake: Handshake, jobs: JobRouter): void {
    const { addresses, logger } = this.options;
    this.jobs = jobs;
    for (const address of addresses) {
      const peer = `${address.host}:${address.port}`;
      this.links.push(
        reconnecting<Packet>({
          connect: () => connectSecure<Packet>({ ...address, codec: chipsPacketCodec, handshake }),
          initialDelayMs: 200,
          maxDelayMs: 5_000,
          onConnect: (connection) => this.up(connection, peer),
          onAttemptFailed: (error, attempt) => {
            if (attempt === 1)
              logger.warn(
                { event: 'qan_link_failed', peer, err: String(error) },
                'QAN unreachable',
              );
          },
        }),
      );
    }
  }

  /** The open session to the QAN `id`, if there is one. */
  session(id: string): SecureConnection<Packet> | undefined {
    const connection = this.byQuid.get(id as Quid);
    return connection === undefined || connection.closed ? undefined : connection;
  }

  async close(): Promise<void> {
    await Promise.all(this.links.splice(0).map((link) => link.close()));
  }

  private up(connection: SecureConnection<Packet>, address: string): void {
    const id = connection.peer.id as Quid;
    this.byQuid.set(id, connection);
    this.options.logger.info({ event: 'qan_link', peer: id, address }, 'QAN link up');
    connection.onPacket((packet) => this.onPacket(id, packet));
    connection.onClose(() => {
      if (this.byQuid.get(id) === connection) this.byQuid.delete(id);
    });
  }

  /**
   * An answer coming back over the link to QAN `via`: a node's JOB_RESULT or NACK (its source a
   * configured DQN) or the QAN's own NACK of a job it could not pass on. The job router takes it
   * only for a job it sent through that QAN to that node.
   */
  private onPacket(via: Quid, packet: Packet): void {
    const { stamper, directory, logger } = this.options;
    const jobs = this.jobs;
    if (jobs === undefined) return;
    stamper.received(packet.header);
    const source = packet.header.source as string;
    const node = directory.byQuid(source);
    const alias = node?.role === 'dqn' ? node.name : undefined;
    if (packet.type === 'NACK' && source === via) jobs.onPeerQanNack(via, packet.body);
    else if (packet.type === 'NACK' && alias !== undefined) jobs.onNack(alias, packet.body, via);
    else if (packet.type === 'JOB_RESULT' && alias !== undefined)
      jobs.onResult(alias, packet.body, via);
    else if (packet.type !== 'ACK')
      logger.warn({ event: 'qan_link_packet_ignored', via, type: packet.type, source }, 'ignored');
  }
}
