import {
  forwardedPacket,
  type HeaderStamper,
  type MeasurementResultBody,
  type NackBody,
  type NackCode,
  nackDetail,
  type Packet,
  type WindowBody,
} from '@qcos/chips-codec';
import type { Clock, Logger, SecureConnection } from '@qcos/runtime';
import type { ForwardedJobs } from '../jobs/forwarded-jobs.js';
import type { JobRouter } from '../jobs/job-router.js';
import type { EksKeyMirror } from '../keys/eks-key-mirror.js';
import type { QkdLinkStats } from '../keys/qkd-link-stats.js';
import type { RelayKeyIntake, RelaySession } from '../keys/relay-key-intake.js';
import type { NodeReports } from '../registry/node-reports.js';
import { toNetworkAddress } from './network-address.js';
import {
  type PacketRateLimits,
  type RateRefusal,
  SessionRateLimiter,
} from './packet-rate-limit.js';
import { type KnownPeer, PeerDirectory } from './peer-directory.js';
import type { PeerQans } from './peer-qans.js';
import type { SessionHub } from './session-hub.js';

/** The per-peer packet limits, and how many refusals a DQN session may earn before it is closed. */
export interface PeerPacketLimits extends PacketRateLimits {
  /** Packets refused for a rate limit on one DQN's own session before it is closed (0: never). */
  readonly refusalsBeforeDisconnect: number;
}

export interface PacketDispatchOptions {
  /** Stamps the QAN's packet headers (its one Lamport clock, seq per destination). */
  readonly stamper: HeaderStamper;
  readonly directory: PeerDirectory;
  readonly sessions: SessionHub;
  readonly reports: NodeReports;
  readonly jobs: JobRouter;
  /** Runs over link contracts waiting for their participants' reports (none: every report refused). */
  readonly runs?: {
    onMeasurements(alias: string, body: MeasurementResultBody): boolean;
    onNack(alias: string, body: NackBody): boolean;
  };
  /** Coherence windows waiting for their participants' steps (none: every step refused). */
  readonly windows?: { onWindow(alias: string, body: WindowBody): boolean };
  /** The other QANs this QAN believes (the registry's trust), and the jobs it passes on for them. */
  readonly peerQans: PeerQans;
  readonly forwarded: ForwardedJobs<SecureConnection<Packet>>;
  readonly keys: EksKeyMirror;
  /** Each node's QKD link as its EKS_SYNCs report it (the link metrics); none: not recorded. */
  readonly links?: QkdLinkStats;
  /** Trusted-node relays' hop rounds and key announcements (EKS_SYNC / EKS_RELAY of a relay). */
  readonly relayKeys: RelayKeyIntake;
  readonly logger: Logger;
  /** The QAN's clock: the rate limits refill from it. */
  readonly clock: Clock;
  readonly limits: PeerPacketLimits;
  readonly onPacket?: (type: string) => void;
  /**
   * A packet refused: `rate_packets`, `rate_registry`, `unauthorised` or `unsupported`; or a
   * node's or a relay's own EKS_SYNC whose round came faster than its link time passes
   * (`eks_round_too_fast`, eks-qkd-sim spec §9.3: recorded, not mirrored).
   */
  readonly onRefused?: (reason: string) => void;
  /** Seconds from a heartbeat packet's arrival to the commit of the block holding it. */
  readonly onHeartbeatCommitted?: (seconds: number) => void;
  /** Node keys stored from relay announcements (`stored`), or announcements refused (the code). */
  readonly onRelayKeys?: (outcome: string, count: number) => void;
}

/** What a relay may send as itself (source = the relay): its own hop's EKS rounds and announcements. */
const RELAY_OWN_TYPES: ReadonlySet<Packet['type']> = new Set(['EKS_SYNC', 'EKS_RELAY']);

/** Hops the QAN's answers may take (QAN → relay → DQN needs 2). */
const REPLY_HOP_LIMIT = 8;

type PacketOf<T extends Packet['type']> = Extract<Packet, { type: T }>;
type Refusal = { readonly code: NackCode; readonly detail: string };

/** What a peer QAN may send: jobs for nodes attached here, and acknowledgements. */
const QAN_TYPES: ReadonlySet<Packet['type']> = new Set(['JOB_SUBMIT', 'ACK']);

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
  const session = new SessionDispatcher(peer, connection, options);
  if (peer.role === 'dqn') options.reports.ensureRegistered(peer, session.address);
  connection.onPacket((packet) => session.dispatch(packet));
}

export class SessionDispatcher {
  readonly address: string;
  private readonly log: Logger;
  private readonly limiter: SessionRateLimiter;
  /** Packets refused for a rate limit on this session. */
  private rateRefusals = 0;

  constructor(
    private readonly peer: KnownPeer,
    private readonly connection: SecureConnection<Packet>,
    private readonly options: PacketDispatchOptions,
  ) {
    this.log = options.logger.child({ peer: peer.name, role: peer.role });
    this.address = toNetworkAddress(connection.peer.remoteAddress);
    this.limiter = new SessionRateLimiter(options.limits);
  }

  dispatch(packet: Packet): void {
    this.options.stamper.received(packet.header);
    this.options.onPacket?.(packet.type);
    const node = this.speaksFor(packet);
    // Refused packets spend the session peer's allowance; the others that of the node they speak for.
    const spender = 'code' in node ? this.peer : node;
    const limited = this.limiter.admit(spender.id, packet.type, this.options.clock.now());
    if (limited !== undefined) {
      this.refuseOverLimit(packet, spender.name, limited);
      return;
    }
    if ('code' in node) {
      this.nack(packet, this.peer.name, node);
      return;
    }
    if (node !== this.peer) this.relaying(node);
    const alias = node.name;
    const own = node === this.peer && this.peer.role === 'relay';
    switch (packet.type) {
      case 'HEARTBEAT':
        this.heartbeat(alias, packet);
        break;
      case 'EKS_SYNC':
        if (own) this.relayHopSync(packet);
        else this.eksSync(alias, packet);
        break;
      case 'EKS_RELAY':
        this.relayAnnouncements(packet);
        break;
      case 'JOB_SUBMIT':
        if (this.peer.role === 'qan') this.passOn(packet);
        else this.nack(packet, alias, { code: 'UNSUPPORTED', detail: 'only a QAN sends jobs' });
        break;
      case 'JOB_RESULT':
        if (!this.answerForPeerQan(alias, packet.body.jobId, packet))
          this.options.jobs.onResult(alias, packet.body);
        break;
      case 'NACK':
        if (
          !this.answerForPeerQan(alias, packet.body.nackOf, packet) &&
          this.options.runs?.onNack(alias, packet.body) !== true
        )
          this.options.jobs.onNack(alias, packet.body);
        break;
      case 'WINDOW':
        if (this.options.windows?.onWindow(alias, packet.body) !== true)
          this.nack(packet, alias, {
            code: 'UNSUPPORTED',
            detail: 'no coherence window of this QAN waits for this step from this node',
          });
        break;
      case 'MEASUREMENT_RESULT':
        if (this.options.runs?.onMeasurements(alias, packet.body) !== true)
          this.nack(packet, alias, {
            code: 'UNSUPPORTED',
            detail: 'no contract run waits for these measurements from this node',
          });
        break;
      case 'ACK':
        break;
      default:
        this.nack(packet, alias, {
          code: 'UNSUPPORTED',
          detail: `the QAN does not accept ${packet.type} here`,
        });
    }
  }

  /** The configured DQN a packet speaks for, or why the session may not send it. */
  private speaksFor(packet: Packet): KnownPeer | Refusal {
    const { peer, options } = this;
    if (peer.role === 'dqn') {
      if ((packet.header.source as string) === peer.id) return peer;
      return { code: 'UNAUTHORISED', detail: 'source is not the session peer' };
    }
    if (peer.role === 'qan') return this.peerQanMaySend(packet);
    if ((packet.header.source as string) === peer.id && RELAY_OWN_TYPES.has(packet.type))
      return peer;
    const claimed = options.directory.byQuid(packet.header.source);
    if (!PeerDirectory.relayMaySpeakFor(peer, claimed))
      return { code: 'UNAUTHORISED', detail: 'relay may not speak for this source' };
    if (packet.type === 'EKS_RELAY')
      return { code: 'UNSUPPORTED', detail: 'EKS_RELAY comes from a relay as itself' };
    return claimed;
  }

  /**
   * A peer QAN speaks as itself, sends only jobs (and ACKs), and only while the registry still
   * trusts it: a revocation folded since the session opened takes effect at its next packet.
   */
  private peerQanMaySend(packet: Packet): KnownPeer | Refusal {
    const { peer, options } = this;
    if ((packet.header.source as string) !== peer.id)
      return { code: 'UNAUTHORISED', detail: 'source is not the session peer' };
    if (!options.peerQans.trusted(peer.id, peer.publicKey))
      return { code: 'UNAUTHORISED', detail: 'the registry no longer trusts this QAN' };
    if (!QAN_TYPES.has(packet.type))
      return { code: 'UNSUPPORTED', detail: `a peer QAN does not send ${packet.type}` };
    return peer;
  }

  /**
   * A job from a peer QAN for a node whose session is here: passed on to the node, one hop spent,
   * and remembered so the node's answer goes back to that QAN.
   */
  private passOn(packet: PacketOf<'JOB_SUBMIT'>): void {
    const { sessions, forwarded, clock } = this.options;
    const alias = packet.header.destination;
    const route = sessions.route(alias);
    const refusal: Refusal | undefined =
      route === undefined
        ? { code: 'UNKNOWN_DESTINATION', detail: `${alias} has no session with this QAN` }
        : packet.header.hopLimit === 0
          ? { code: 'HOP_LIMIT', detail: 'hop limit reached' }
          : !forwarded.add(packet.header.packetId, alias, this.connection, clock.now())
            ? { code: 'OVERLOADED', detail: 'job already in flight, or too many passed on' }
            : undefined;
    if (refusal !== undefined) {
      this.nack(packet, this.peer.name, refusal);
      return;
    }
    route?.connection.send(forwardedPacket(packet));
    this.log.info(
      { event: 'job_passed_on', alias, jobId: packet.header.packetId },
      'job passed on',
    );
  }

  /** A node's answer to a job a peer QAN sent: back to that QAN, one hop spent. False if not one. */
  private answerForPeerQan(alias: string, jobId: string, packet: Packet): boolean {
    const to = this.options.forwarded.take(jobId, alias, this.options.clock.now());
    if (to === undefined) return false;
    if (!to.closed && packet.header.hopLimit > 0) to.send(forwardedPacket(packet));
    return true;
  }

  /** This relay session, whose hop keys pad the relay's announcements. */
  private get relaySession(): RelaySession {
    return { relay: this.peer.id, sessionBinding: this.connection.peer.eksBinding };
  }

  /** A round of the relay's own hop to this QAN: mirrored (off the packet path) for its keys. */
  private relayHopSync(packet: PacketOf<'EKS_SYNC'>): void {
    // A lost hop round leaves nothing to mirror: the relay holds no key of it either.
    if (packet.body.status.state !== 'stable') return;
    const round = packet.body.round;
    this.options.relayKeys.hopRound(this.relaySession, packet.body).then(
      (kept) => {
        if (kept === 'too-fast') this.options.onRefused?.('eks_round_too_fast');
        this.log.debug(
          { round, kept },
          typeof kept === 'number' ? 'hop round mirrored' : 'hop round ignored',
        );
      },
      (error: unknown) => this.log.warn({ round, err: String(error) }, 'hop round not mirrored'),
    );
  }

  /**
   * The relay's announcements M = K_node ⊕ K_hop: each must name a node configured behind this
   * relay whose packets come through this session, and an unused hop key of this session.
   */
  private relayAnnouncements(packet: PacketOf<'EKS_RELAY'>): void {
    if (this.peer.role !== 'relay') {
      this.nack(packet, this.peer.name, {
        code: 'UNSUPPORTED',
        detail: 'only a relay announces keys',
      });
      return;
    }
    const { directory, sessions, relayKeys, onRelayKeys } = this.options;
    const serves = (alias: string) =>
      PeerDirectory.relayMaySpeakFor(this.peer, directory.dqn(alias)) &&
      sessions.isBehind(alias, this.peer.id, this.connection);
    const count = packet.body.announcements.length;
    relayKeys.announce(this.relaySession, packet.body.announcements, serves).then(
      (outcome) => {
        onRelayKeys?.(outcome.ok ? 'stored' : outcome.code, outcome.ok ? outcome.stored : count);
        if (outcome.ok) this.log.debug({ stored: outcome.stored }, 'relayed keys stored');
        else this.nack(packet, this.peer.name, { code: 'UNAUTHORISED', detail: outcome.detail });
      },
      (error: unknown) => this.log.warn({ err: String(error) }, 'relayed keys not stored'),
    );
  }

  /** A relayed node's packet was admitted: its jobs go via this relay, and it is registered. */
  private relaying(node: KnownPeer): void {
    this.options.sessions.routeViaRelay(node.name, this.peer.id, this.connection);
    this.options.reports.ensureRegistered(node, this.address);
  }

  /**
   * A packet over a rate limit: NACK OVERLOADED naming the limit, nothing else done. The first
   * refusal is logged; a DQN session that earns `refusalsBeforeDisconnect` of them is closed (a
   * relay's is not: the other nodes it serves would lose their route).
   */
  private refuseOverLimit(packet: Packet, destination: string, limit: RateRefusal): void {
    const { options } = this;
    options.onRefused?.(`rate_${limit}`);
    this.rateRefusals++;
    if (this.rateRefusals === 1)
      this.log.warn({ event: 'peer_rate_limited', type: packet.type, limit }, 'peer over its rate');
    const detail =
      limit === 'registry'
        ? `RATE_LIMIT registry: over ${options.limits.registryBurst} HEARTBEAT/EKS_SYNC/EKS_RELAY at once or ${options.limits.registryPerSecond}/s`
        : `RATE_LIMIT packets: over ${options.limits.packetBurst} packets at once or ${options.limits.packetsPerSecond}/s`;
    this.reply(
      destination,
      {
        type: 'NACK',
        body: { nackOf: packet.header.packetId, code: 'OVERLOADED', detail: nackDetail(detail) },
      } as Omit<Packet, 'header'>,
      'nack',
    );
    const cap = options.limits.refusalsBeforeDisconnect;
    if (this.peer.role === 'dqn' && cap > 0 && this.rateRefusals === cap) {
      this.log.warn({ event: 'peer_flood_disconnect', refused: cap }, 'flooding peer disconnected');
      void this.connection.close().catch(() => {});
    }
  }

  /** Records the heartbeat; the ACK goes out only once the block holding it has committed. */
  private heartbeat(alias: string, packet: PacketOf<'HEARTBEAT'>): void {
    const arrived = performance.now();
    this.options.reports.heartbeat(alias, packet.body.report).then(
      () => {
        this.options.onHeartbeatCommitted?.((performance.now() - arrived) / 1000);
        this.reply(alias, { type: 'ACK', body: { ackOf: packet.header.packetId } }, 'ack');
      },
      (error: unknown) => this.log.debug({ alias, err: String(error) }, 'heartbeat not recorded'),
    );
  }

  private eksSync(alias: string, packet: PacketOf<'EKS_SYNC'>): void {
    // Only a node's own session carries its QKD link; the QAN mirrors those rounds for its pools,
    // each over the round number and link the packet names (a round that does not move forward
    // is ignored by the mirror, and by the link metrics).
    if (this.peer.role === 'dqn') {
      const { round, link, keyIds, status } = packet.body;
      const binding = this.connection.peer.eksBinding;
      if (this.options.keys.movesForward(alias, binding, round)) this.recordLink(alias, packet);
      if (status.state === 'stable') {
        const mirrored = this.options.keys.stableRound(alias, binding, round, link, keyIds);
        if (mirrored === 'too-fast') this.options.onRefused?.('eks_round_too_fast');
        if (mirrored !== 'mirrored')
          this.log.debug({ alias, round, mirrored }, 'EKS round ignored');
      } else {
        this.options.keys
          .lost(alias, binding, round)
          .catch((error: unknown) =>
            this.log.warn({ alias, err: String(error) }, 'key pool not cleared'),
          );
      }
    } else {
      // A relay forwards its node's own EKS_SYNC unchanged: the node's link to the relay.
      this.recordLink(alias, packet);
    }
    this.options.reports
      .eksSync(alias, packet.body)
      ?.catch((error: unknown) =>
        this.log.warn({ alias, err: String(error) }, 'EKS record refused'),
      );
  }

  /** Records a node's EKS_SYNC in the link metrics; one they cannot read is logged, not fatal. */
  private recordLink(alias: string, packet: PacketOf<'EKS_SYNC'>): void {
    try {
      this.options.links?.record(alias, this.options.clock.now(), packet.body);
    } catch (error) {
      this.log.warn({ alias, err: String(error) }, 'EKS_SYNC not recorded in the link metrics');
    }
  }

  private reply(destination: string, packet: Omit<Packet, 'header'>, scope: string): void {
    this.connection.send({
      ...packet,
      header: this.options.stamper.stamp(destination, { scope, hopLimit: REPLY_HOP_LIMIT }),
    } as Packet);
  }

  private nack(packet: Packet, destination: string, refusal: Refusal): void {
    const { code, detail } = refusal;
    this.options.onRefused?.(code.toLowerCase());
    this.log.warn(
      { event: 'packet_refused', type: packet.type, code, detail, source: packet.header.source },
      'packet refused',
    );
    const body = { nackOf: packet.header.packetId, code, detail: nackDetail(detail) };
    this.reply(destination, { type: 'NACK', body } as Omit<Packet, 'header'>, 'nack');
  }
}
