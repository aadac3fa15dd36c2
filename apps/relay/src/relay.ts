import { HeaderStamper, type NackCode, type NodeId, type Packet } from '@qcos/chips-codec';
import { toHex } from '@qcos/identity';
import {
  type Logger,
  type ReconnectingConnection,
  reconnecting,
  type SecureConnection,
} from '@qcos/runtime';
import type { AttestedSubjects } from './attested-subjects.js';
import type { EksHopRelay, HopRoundReport, KeyAnnouncement } from './eks-hop-relay.js';
import { hopSyncBody, RELAY_EKS, relayBodies } from './eks-upstream.js';
import {
  type ForwardDecision,
  relayNack,
  routeFromDownstream,
  routeFromUpstream,
} from './forwarding.js';
import type { ServedNode } from './options.js';
import type { RegistryReplica } from './registry-replica.js';
import type { RelayMetrics } from './relay-metrics.js';

export interface RelaySettings {
  readonly alias: string;
  readonly scope: string;
  /** Destination alias of packets for the QAN itself. */
  readonly qanAlias: string;
  readonly served: readonly ServedNode[];
}

export interface RelayDeps {
  readonly nodeId: NodeId;
  readonly logger: Logger;
  readonly metrics: RelayMetrics;
  readonly randomBytes: (length: number) => Uint8Array;
  /** The verified registry replica, when a genesis is configured. */
  readonly replica: RegistryReplica | undefined;
  /** Aliases the nodes' certificates named in their handshakes. */
  readonly subjects: AttestedSubjects;
  readonly connectUpstream: () => Promise<SecureConnection<Packet>>;
  readonly backoff?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** The trusted-node EKS relay, when enabled. */
  readonly eks?: EksHopRelay;
  /** Period of the relay's own QKD rounds on its QAN hop. */
  readonly eksIntervalMs?: number;
}

/**
 * A relay node: one session up to the QAN, sessions down to the DQNs of its
 * scope, and CHIPS packets forwarded between them by destination alias (one
 * hop spent per pass). Registry blocks from the QAN feed the verified
 * replica instead of being forwarded.
 */
export class Relay {
  private upstream: ReconnectingConnection<Packet> | undefined;
  /** Live DQN sessions by the node id (quid) their handshake authenticated. */
  private readonly downstream = new Map<string, SecureConnection<Packet>>();
  /** Stamps the relay's own packets (its NACKs); forwarded packets keep their sender's header. */
  private readonly stamper: HeaderStamper;
  private eksTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: RelaySettings,
    private readonly deps: RelayDeps,
  ) {
    this.stamper = new HeaderStamper(deps.nodeId, deps.randomBytes);
  }

  start(): void {
    const log = this.deps.logger;
    this.upstream = reconnecting<Packet>({
      connect: this.deps.connectUpstream,
      initialDelayMs: this.deps.backoff?.initialDelayMs ?? 200,
      maxDelayMs: this.deps.backoff?.maxDelayMs ?? 5_000,
      onConnect: (connection) => {
        log.info({ event: 'upstream_connected', peer: connection.peer.id }, 'QAN session up');
        this.deps.metrics.upstream.set(1);
        this.deps.eks?.openUpstream(connection.peer.eksBinding);
        connection.onPacket((packet) => this.fromUpstream(packet));
      },
      onDisconnect: (error) => {
        log.warn({ event: 'upstream_lost', err: error?.message }, 'QAN session lost');
        this.deps.metrics.upstream.set(0);
        this.deps.eks?.closeUpstream();
      },
      onAttemptFailed: (error, attempt, nextDelayMs) => {
        log.warn(
          { event: 'upstream_connect_failed', attempt, nextDelayMs, err: String(error) },
          'connect failed',
        );
      },
    });
    const eks = this.deps.eks;
    if (eks !== undefined) {
      eks.listen({
        hopRound: (report) => this.sendHopSync(report),
        announced: (announcements) => this.sendAnnouncements(announcements),
      });
      this.eksTimer = setInterval(
        () => void eks.upstreamRound().catch((error: unknown) => this.eksFailed(error)),
        this.deps.eksIntervalMs ?? 1_000,
      );
    }
  }

  private eksFailed(error: unknown): void {
    this.deps.logger.warn({ event: 'eks_round_failed', err: String(error) }, 'EKS round failed');
  }

  /** Announces a round of the relay's own hop in an EKS_SYNC of its own, so the QAN mirrors it. */
  private sendHopSync(report: HopRoundReport): void {
    this.sendOwn({ type: 'EKS_SYNC', body: hopSyncBody(report, Date.now()) }, RELAY_EKS.syncScope);
  }

  /** Sends new announcements M = K_node ⊕ K_hop to the QAN, which holds K_hop (EKS_RELAY). */
  private sendAnnouncements(announcements: readonly KeyAnnouncement[]): void {
    const { bodies, unnamed } = relayBodies(announcements, (id) => this.aliasOfNode(id));
    if (unnamed > 0)
      this.deps.logger.warn({ event: 'eks_relay_unnamed', unnamed }, 'node key without an alias');
    for (const body of bodies) this.sendOwn({ type: 'EKS_RELAY', body }, RELAY_EKS.relayScope);
  }

  /** Sends a packet of the relay's own (source: the relay) to the QAN, if the session is up. */
  private sendOwn(packet: Pick<Packet, 'type' | 'body'>, scope: string): void {
    const header = this.stamper.stamp(this.settings.qanAlias, {
      scope,
      hopLimit: RELAY_EKS.hopLimit,
    });
    const sent = this.upstream?.send({ ...packet, header } as Packet) ?? false;
    this.deps.metrics[sent ? 'forwarded' : 'dropped'].inc(
      sent ? { direction: 'up', type: packet.type } : { direction: 'up' },
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.eksTimer);
    await this.upstream?.close();
    this.upstream = undefined;
    await Promise.all([...this.downstream.values()].map((c) => c.close()));
  }

  /** Takes a DQN session that passed the handshake and the downstream policy. */
  attachDownstream(connection: SecureConnection<Packet>): void {
    const id = connection.peer.id;
    const previous = this.downstream.get(id);
    this.downstream.set(id, connection);
    if (previous !== undefined && previous !== connection) void previous.close();
    this.deps.metrics.downstream.set(this.downstream.size);
    this.deps.logger.info(
      {
        event: 'downstream_connected',
        node: id,
        alias: this.aliasOfNode(id),
        remote: connection.peer.remoteAddress,
      },
      'DQN session up',
    );
    this.deps.eks?.openNodeSession(id, connection.peer.eksBinding);
    connection.onPacket((packet) => this.fromDownstream(packet, connection));
    connection.onClose((error) => {
      if (this.downstream.get(id) === connection) {
        this.downstream.delete(id);
        this.deps.eks?.closeNodeSession(id);
      }
      this.deps.metrics.downstream.set(this.downstream.size);
      this.deps.logger.info(
        { event: 'downstream_closed', node: id, err: error?.message },
        'DQN session closed',
      );
    });
  }

  /**
   * The node id of the node called `alias`: from configuration first, then
   * the verified registry replica, then the alias its certificate presented.
   */
  nodeIdOfAlias(alias: string): string | undefined {
    return (
      this.settings.served.find((n) => n.alias === alias)?.quid ??
      this.deps.replica?.entry(alias)?.nodeId ??
      this.deps.subjects.nodeIdOf(alias)
    );
  }

  aliasOfNode(nodeId: string): string | undefined {
    return (
      this.settings.served.find((n) => n.quid === nodeId)?.alias ??
      this.deps.replica?.aliasOf(nodeId) ??
      this.deps.subjects.aliasOf(nodeId)
    );
  }

  health(): Record<string, unknown> {
    const up = this.upstream?.current;
    const replica = this.deps.replica;
    return {
      alias: this.settings.alias,
      nodeId: this.deps.nodeId,
      scope: this.settings.scope,
      upstreamConnected: up !== undefined && !up.closed,
      downstream: [...this.downstream.keys()].map((id) => ({
        nodeId: id,
        alias: this.aliasOfNode(id) ?? null,
      })),
      eksRelay: this.deps.eks === undefined ? null : this.deps.eks.stock,
      registry:
        replica === undefined
          ? null
          : {
              height: replica.height,
              root: toHex(replica.root()),
              nodeCount: replica.current.entries.length,
            },
    };
  }

  private fromDownstream(packet: Packet, connection: SecureConnection<Packet>): void {
    this.stamper.received(packet.header);
    const decision = routeFromDownstream(packet, connection.peer.id);
    this.apply(decision, packet, connection);
    const eks = this.deps.eks;
    if (eks !== undefined && packet.type === 'EKS_SYNC' && decision.kind === 'upstream') {
      // Mirroring the node's round costs a QKD simulation: after forwarding, in a worker thread.
      eks.nodeSynced(connection.peer.id, packet.body).then(
        (outcome) => this.deps.metrics.eksNodeRounds.inc({ outcome: outcome.replaceAll('-', '_') }),
        (error: unknown) => this.eksFailed(error),
      );
    }
  }

  private fromUpstream(packet: Packet): void {
    this.stamper.received(packet.header);
    if (packet.type === 'NACK' && packet.header.destination === this.settings.alias) {
      // The QAN refused a packet of the relay's own (an EKS_SYNC of its hop, an EKS_RELAY).
      this.deps.logger.warn(
        { event: 'qan_refused', code: packet.body.code, detail: packet.body.detail },
        'the QAN refused a relay packet',
      );
      return;
    }
    this.apply(
      routeFromUpstream(packet, (alias) => {
        const id = this.nodeIdOfAlias(alias);
        return id !== undefined && this.downstream.has(id) ? id : undefined;
      }),
      packet,
      undefined,
    );
  }

  private apply(
    decision: ForwardDecision,
    packet: Packet,
    from: SecureConnection<Packet> | undefined,
  ): void {
    const { metrics, logger } = this.deps;
    switch (decision.kind) {
      case 'upstream':
        if (this.upstream?.send(decision.packet)) {
          metrics.forwarded.inc({ direction: 'up', type: packet.type });
        } else {
          metrics.dropped.inc({ direction: 'up' });
          logger.debug({ event: 'dropped', type: packet.type }, 'QAN session down; packet dropped');
        }
        return;
      case 'downstream': {
        const connection = this.downstream.get(decision.nodeId);
        if (connection === undefined || connection.closed) {
          metrics.dropped.inc({ direction: 'down' });
          return;
        }
        connection.send(decision.packet);
        metrics.forwarded.inc({ direction: 'down', type: packet.type });
        return;
      }
      case 'registry':
        this.foldBlock(decision.height, decision.block);
        return;
      case 'refuse-upstream':
        this.refuse(packet, decision.code, decision.detail, this.settings.qanAlias, (p) =>
          this.upstream?.send(p),
        );
        return;
      case 'refuse-downstream':
        this.refuse(
          packet,
          decision.code,
          decision.detail,
          this.aliasOfNode(decision.nodeId) ?? this.settings.alias,
          (p) => from?.send(p),
        );
    }
  }

  private refuse(
    packet: Packet,
    code: NackCode,
    detail: string,
    destination: string,
    send: (p: Packet) => unknown,
  ): void {
    this.deps.metrics.refused.inc({ code });
    const answer = packet.type === 'NACK' || packet.type === 'ACK';
    this.deps.logger[answer ? 'debug' : 'warn'](
      { event: 'packet_refused', type: packet.type, code, detail, source: packet.header.source },
      'packet refused',
    );
    if (answer) return; // never answer an answer
    send(relayNack(packet, code, detail, this.stamper, destination));
  }

  private foldBlock(height: number, block: Uint8Array): void {
    const replica = this.deps.replica;
    if (replica === undefined) {
      this.deps.metrics.blocks.inc({ outcome: 'ignored' });
      return;
    }
    for (const update of replica.push(height, block)) {
      this.deps.metrics.blocks.inc({ outcome: update.kind });
      if (update.kind === 'applied') {
        this.deps.metrics.height.set(update.height);
        this.deps.logger.debug(
          { event: 'registry_block', height: update.height, root: toHex(update.root) },
          'block folded',
        );
      } else if (update.kind === 'voided') {
        this.deps.logger.warn(
          {
            event: 'registry_block_void',
            height: update.height,
            code: update.code,
            err: update.message,
          },
          'registry block void: it does not fold, and changes nothing',
        );
      }
    }
  }
}
