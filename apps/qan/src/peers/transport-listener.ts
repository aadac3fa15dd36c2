import type { HeaderStamper } from '@qcos/chips-codec';
import type { HybridSigningKey } from '@qcos/identity';
import { type NodeIdentity, trustRoots } from '@qcos/pq-transport';
import {
  type Clock,
  chipsPacketCodec,
  type Handshake,
  insecurePlaintextHandshake,
  type Logger,
  listenSecure,
  type Packet,
  type PeerIdentity,
  parseHostPort,
  pqCookieGuard,
  pqInitiatorHandshake,
  pqResponderHandshake,
  type SecureConnection,
  type SecureListener,
} from '@qcos/runtime';
import type { QanConfig } from '../config.js';
import type { ContractRuns } from '../contracts/contract-runs.js';
import type { WindowCoordinator } from '../contracts/window-coordinator.js';
import { provisionQanIdentity } from '../identity.js';
import { ForwardedJobs } from '../jobs/forwarded-jobs.js';
import type { JobRouter } from '../jobs/job-router.js';
import type { EksKeyMirror } from '../keys/eks-key-mirror.js';
import type { QkdLinkStats } from '../keys/qkd-link-stats.js';
import type { RelayKeyIntake } from '../keys/relay-key-intake.js';
import type { QanMetrics } from '../qan-metrics.js';
import type { NodeReports } from '../registry/node-reports.js';
import { dispatchSession, type PeerPacketLimits } from './packet-dispatch.js';
import type { KnownPeer, PeerDirectory } from './peer-directory.js';
import { type PeerQans, QAN_SCOPE } from './peer-qans.js';
import type { RelayFeed } from './relay-feed.js';
import type { SessionHub } from './session-hub.js';

/** Everything the transport listener hands sessions to. */
export interface TransportParts {
  readonly config: QanConfig;
  readonly seed: Uint8Array;
  readonly signingKey: HybridSigningKey;
  readonly qanId: string;
  readonly stamper: HeaderStamper;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: QanMetrics;
  readonly directory: PeerDirectory;
  readonly sessions: SessionHub;
  readonly relayFeed: RelayFeed;
  readonly reports: NodeReports;
  readonly jobs: JobRouter;
  readonly runs: ContractRuns;
  readonly windows: WindowCoordinator;
  readonly peerQans: PeerQans;
  readonly keyMirror: EksKeyMirror;
  readonly linkStats?: QkdLinkStats;
  readonly relayKeys: RelayKeyIntake;
  /** Nodes that became unreachable when a session closed (their contracts are rolled back). */
  readonly onNodesLost?: (aliases: readonly string[]) => void;
}

/** Jobs passed on for peer QANs that may be in flight at once, per QAN process. */
const MAX_FORWARDED_JOBS = 4_096;

/** The QAN's transport identity (static X-Wing key, certificate, attestation). */
function transportIdentity(parts: TransportParts): NodeIdentity {
  const { config, seed, clock } = parts;
  return provisionQanIdentity(seed, config.vendorSeed, clock.now()).identity;
}

/** Who may open a session: a configured DQN or relay, or (scope `qan`) a QAN the registry trusts. */
function authorizePeer(parts: TransportParts): (peer: PeerIdentity) => KnownPeer {
  return (peer) =>
    peer.scope === QAN_SCOPE ? parts.peerQans.authorize(peer) : parts.directory.authorize(peer);
}

/** The vendor roots whose attestations this QAN believes. */
function vendorRoots(config: QanConfig): Uint8Array[] {
  return config.vendorRoots.map((k) => new Uint8Array(Buffer.from(k, 'hex')));
}

/** The responder handshake: pq-hybrid with attestation, or plaintext (no identity) when insecure. */
function responderHandshake(parts: TransportParts, identity: NodeIdentity | undefined): Handshake {
  const { config, qanId, signingKey, clock } = parts;
  const transportLog = parts.logger;
  return identity === undefined
    ? insecurePlaintextHandshake(
        { id: qanId, publicKey: signingKey.publicKey, scope: QAN_SCOPE },
        'responder',
        authorizePeer(parts),
      )
    : pqResponderHandshake({
        identity,
        trustRoots: trustRoots(vendorRoots(config)),
        authorize: authorizePeer(parts),
        clock,
        onEvent: (event) => transportLog.info({ event: event.kind, ...event }, 'session event'),
      });
}

/** The per-peer packet rate limits from the config. */
function peerPacketLimits(config: QanConfig): PeerPacketLimits {
  return {
    packetBurst: config.peerPacketBurst,
    packetsPerSecond: config.peerPacketsPerSecond,
    registryBurst: config.peerRegistryBurst,
    registryPerSecond: config.peerRegistryPerSecond,
    refusalsBeforeDisconnect: config.peerRefusalsBeforeDisconnect,
  };
}

/**
 * The initiator handshake of this QAN's links to the other QANs: scope `qan`, and the QAN that
 * answers must be one the registry trusts (checked like an inbound QAN session).
 */
export function qanLinkHandshake(parts: TransportParts): Handshake {
  const { config, qanId, signingKey, clock } = parts;
  const authorize = (peer: PeerIdentity) => {
    parts.peerQans.authorize({ ...peer, scope: QAN_SCOPE });
  };
  return config.insecureTransport
    ? insecurePlaintextHandshake(
        { id: qanId, publicKey: signingKey.publicKey, scope: QAN_SCOPE },
        'initiator',
        authorize,
      )
    : pqInitiatorHandshake({
        identity: transportIdentity(parts),
        trustRoots: trustRoots(vendorRoots(config)),
        scope: QAN_SCOPE,
        authorize,
        clock,
      });
}

/** A new authenticated session: registers it, feeds a relay the log, and dispatches its packets. */
function onSession(
  parts: TransportParts,
  connection: SecureConnection<Packet>,
  forwarded: ForwardedJobs<SecureConnection<Packet>>,
): void {
  const { directory, sessions, metrics, relayFeed, stamper } = parts;
  const transportLog = parts.logger;
  const peer = directory.byQuid(connection.peer.id) ?? parts.peerQans.byQuid(connection.peer.id);
  if (peer === undefined) {
    void connection.close();
    return;
  }
  sessions.attach(peer, connection);
  if (peer.role === 'relay') relayFeed.follow(peer, connection);
  metrics.sessions.set(sessions.sessionCount);
  transportLog.info(
    {
      event: 'session',
      peer: peer.name,
      role: peer.role,
      id: peer.id,
      remote: connection.peer.remoteAddress,
    },
    'peer session established',
  );
  dispatchSession(peer, connection, {
    stamper,
    directory,
    sessions,
    reports: parts.reports,
    jobs: parts.jobs,
    runs: parts.runs,
    windows: parts.windows,
    peerQans: parts.peerQans,
    forwarded,
    keys: parts.keyMirror,
    ...(parts.linkStats === undefined ? {} : { links: parts.linkStats }),
    relayKeys: parts.relayKeys,
    logger: transportLog,
    clock: parts.clock,
    limits: peerPacketLimits(parts.config),
    onPacket: (type) => metrics.packets.inc({ type }),
    onRefused: (reason) => metrics.packetsRefused.inc({ reason }),
    onHeartbeatCommitted: (seconds) => metrics.heartbeatLatency.observe(seconds),
    onRelayKeys: (outcome, count) => metrics.relayKeys.inc({ outcome }, count),
  });
  connection.onClose((err) => {
    forwarded.dropFrom(connection);
    const lost = sessions.detach(connection);
    metrics.sessions.set(sessions.sessionCount);
    if (lost.length > 0) parts.onNodesLost?.(lost);
    transportLog.info(
      { event: 'session_closed', peer: peer.name, lost, err: err?.message },
      'peer session closed',
    );
  });
}

/** Opens the peer transport on `config.listen`; `parts.logger` is the transport's logger. */
export function openTransportListener(parts: TransportParts): Promise<SecureListener> {
  const { metrics } = parts;
  const transportLog = parts.logger;
  const listen = parseHostPort(parts.config.listen, 'listen');
  const identity = parts.config.insecureTransport ? undefined : transportIdentity(parts);
  const forwarded = new ForwardedJobs<SecureConnection<Packet>>(
    MAX_FORWARDED_JOBS,
    parts.config.jobTimeoutMs,
  );
  return listenSecure<Packet>({
    host: listen.host,
    port: listen.port,
    codec: chipsPacketCodec,
    handshake: responderHandshake(parts, identity),
    // mac1 on every message 1, and a cookie round trip before any KEM work under load.
    ...(identity === undefined
      ? {}
      : { firstMessageGuard: pqCookieGuard({ identity, clock: parts.clock }) }),
    onReject: (error, remote) => {
      const reason = String(error.details['reason'] ?? error.code);
      metrics.peersRejected.inc({ reason });
      transportLog.warn(
        { event: 'peer_rejected', reason, code: error.code, remote, message: error.message },
        'peer rejected',
      );
    },
    onBadPacket: (error, peer) => {
      transportLog.warn(
        { event: 'bad_packet', peer: peer.id, err: error.message },
        'malformed packet; session closed',
      );
    },
    onConnection: (connection) => onSession(parts, connection, forwarded),
  });
}
