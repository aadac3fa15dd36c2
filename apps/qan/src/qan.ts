import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HeaderStamper } from '@qcos/chips-codec';
import { type HybridSigningKey, hybridQuid, type Quid } from '@qcos/identity';
import type { RecordBody, RegistryState } from '@qcos/registry-core';
import {
  type Clock,
  type Database,
  EksRoundPool,
  type Logger,
  openDatabase,
  parseHostPort,
  RuntimeError,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteKeyPoolStore,
  sqliteSnapshotStore,
  systemRandom,
} from '@qcos/runtime';
import type { FastifyInstance } from 'fastify';
import type { QanApi } from './api/qan-api.js';
import { createQanApi } from './api/qan-api-service.js';
import { QAN_VERSION, qanInfo } from './api/qan-info.js';
import type { QanConfig } from './config.js';
import { ContractDesk } from './contracts/contract-desk.js';
import { ContractKeeper } from './contracts/contract-keeper.js';
import { ContractRuns } from './contracts/contract-runs.js';
import { configuredResources, ResourceAdverts } from './contracts/resource-adverts.js';
import { WindowCoordinator } from './contracts/window-coordinator.js';
import { feedSources } from './dashboard/feed-sources.js';
import { NetworkFeed } from './dashboard/network-feed.js';
import { ApiCredentials } from './http/api-credentials.js';
import { BrowserSessions } from './http/browser-sessions.js';
import { buildEtsi014Server, type Etsi014TlsFiles } from './http/etsi014-server.js';
import { qanRouteHandlers } from './http/route-handlers.js';
import { httpRoutes } from './http/routes.js';
import { buildHttpServer } from './http/server.js';
import { loadQanSeed, signingKeyOf } from './identity.js';
import { JobRouter } from './jobs/job-router.js';
import { EksKeyMirror } from './keys/eks-key-mirror.js';
import { KeyDelivery } from './keys/key-delivery.js';
import { QkdLinkStats } from './keys/qkd-link-stats.js';
import { bobRound, RelayHopKeys } from './keys/relay-hop-keys.js';
import { RelayKeyIntake } from './keys/relay-key-intake.js';
import { SaePairings } from './keys/sae-pairings.js';
import { startRegistryTimers } from './lifecycle/registry-timers.js';
import { stopQan } from './lifecycle/shutdown.js';
import { PeerDirectory } from './peers/peer-directory.js';
import { PeerQans } from './peers/peer-qans.js';
import { QanLinks } from './peers/qan-links.js';
import { createRelayFeed } from './peers/relay-feed.js';
import { SessionHub } from './peers/session-hub.js';
import { openTransportListener, qanLinkHandshake } from './peers/transport-listener.js';
import {
  createQanMetrics,
  type QanMetrics,
  QuarantineTransitions,
  registerScrapeGauges,
} from './qan-metrics.js';
import { BlockArchive } from './registry/block-archive.js';
import { openQanBlockLog, type QanBlockLog } from './registry/block-log-store.js';
import { LogRetention } from './registry/log-retention.js';
import { networkGenesis } from './registry/network-genesis.js';
import { NodeAttachments } from './registry/node-attachments.js';
import { NodeReports } from './registry/node-reports.js';
import { RegistryService } from './registry/registry-service.js';
import { readSnapshotFile } from './registry/starting-snapshot.js';

export { QAN_VERSION };

export interface RunningQan {
  readonly qanId: string;
  readonly transportPort: number;
  readonly httpPort: number;
  /** The ETSI 014 key delivery listener's port, when it is served. */
  readonly etsi014Port?: number;
  /** Re-reads the credentials file (token rotation); resolves with the principals loaded. */
  reloadCredentials(): number;
  stop(): Promise<void>;
}

/** Counts a committed block in the metrics. */
function countBlock(metrics: QanMetrics, state: RegistryState, records: readonly RecordBody[]) {
  metrics.blocks.inc();
  metrics.height.set(state.height);
  for (const r of records) metrics.records.inc({ kind: r.kind });
}

/** The registry, recovered from the block log; `onBlock` hears of every block it commits. */
function openRegistry(
  config: QanConfig,
  db: Database,
  blockLog: QanBlockLog,
  archive: BlockArchive | undefined,
  signingKey: HybridSigningKey,
  logger: Logger,
  onBlock: (
    state: RegistryState,
    records: readonly RecordBody[],
    origin: Quid | undefined,
    bytes: Uint8Array,
  ) => void,
  onAppended: (seconds: number) => void,
): Promise<RegistryService> {
  return RegistryService.open({
    genesis: networkGenesis(config, hybridQuid(signingKey.publicKey), signingKey.publicKey),
    signingKey,
    log: blockLog.log,
    ...(blockLog.maxBlockBytes !== undefined ? { maxBlockBytes: blockLog.maxBlockBytes } : {}),
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: config.snapshotEvery,
    ...(config.snapshotFile === undefined
      ? {}
      : { handedOverSnapshot: readSnapshotFile(config.snapshotFile) }),
    ...(archive === undefined ? {} : { archive }),
    logger: logger.child({ component: 'registry' }),
    onBlock: (state, records, bytes, origin) => onBlock(state, records, origin, bytes),
    onAppended,
  });
}

/**
 * A shared log's local archive and its retention (none for the embedded log, which is the
 * archive itself).
 */
function openArchive(
  config: QanConfig,
  db: Database,
  blockLog: QanBlockLog,
  qanId: Quid,
  logger: Logger,
) {
  if (blockLog.retention === undefined) return {};
  const archive = new BlockArchive(
    sqliteBlockLog(db),
    blockLog.log,
    logger.child({ component: 'archive' }),
  );
  const retention = new LogRetention({
    shared: blockLog.retention,
    archive,
    retainBlocks: config.etcdRetainBlocks,
    everyBlocks: config.snapshotEvery,
    self: qanId,
    logger: logger.child({ component: 'retention' }),
  });
  return { archive, retention };
}

/** Regional failover: from each scope, the other configured scopes in the configured order. */
function failoverOf(order: readonly string[]): Record<string, string[]> {
  const failover: Record<string, string[]> = {};
  for (const scope of order) failover[scope] = order.filter((s) => s !== scope);
  return failover;
}

/** The QAN's identity, registry and relay feed; the registry is recovered from `db`'s block log. */
async function openQanRegistry(config: QanConfig, db: Database, logger: Logger) {
  const seed = loadQanSeed(config.dataDir, config.identitySeed);
  const signingKey = signingKeyOf(seed);
  const qanId = hybridQuid(signingKey.publicKey);
  const metrics = createQanMetrics();
  const sessions = new SessionHub();
  // One Lamport clock and one seq per destination for every packet the QAN sends.
  const stamper = new HeaderStamper(qanId, systemRandom);
  // One block log: the registry appends to it, the API and the relay feed read it. In a
  // cluster it is shared: the registry also folds the blocks other QANs append.
  const blockLog = openQanBlockLog(config, db);
  const { archive, retention } = openArchive(config, db, blockLog, qanId, logger);
  // Reads (API, relay feeds) come from the archive where it has the block: etcd may be pruned.
  const log = archive?.reads() ?? blockLog.log;
  // Which QAN holds each node's session, from the origins of the blocks with its heartbeats.
  const attachments = new NodeAttachments();
  // Who else hears of each signed block (the dashboard's feed, once it is built).
  const blockObservers: Array<
    (state: RegistryState, records: readonly RecordBody[], bytes: Uint8Array) => void
  > = [];
  // Transitions are counted from the state the registry recovers to; set once it is open.
  let transitions: QuarantineTransitions | undefined;
  const registry = await openRegistry(
    config,
    db,
    blockLog,
    archive,
    signingKey,
    logger,
    (s, r, origin, bytes) => {
      countBlock(metrics, s, r);
      transitions?.observe(s);
      // A void block (no origin) holds nothing to observe and is no QAN's snapshot height.
      if (origin === undefined) return;
      attachments.observe(r, origin);
      for (const observe of blockObservers) observe(s, r, bytes);
      retention?.onBlock(s, origin);
    },
    (seconds) => metrics.commitSeconds.observe(seconds),
  );
  transitions = new QuarantineTransitions(metrics.quarantines, registry.state);
  registry.startFollowing();
  const relayFeed = createRelayFeed({ stamper, registry, log, logger });
  metrics.height.set(registry.state.height);
  return {
    seed,
    signingKey,
    qanId,
    stamper,
    metrics,
    sessions,
    log,
    blockLog,
    registry,
    relayFeed,
    attachments,
    blockObservers,
  };
}

/**
 * The gauges computed at scrape time (node status, heartbeat age, key pools, QKD links) over the
 * registry, the key pools and the QKD link samples; returns where those samples are recorded.
 */
function registerStateGauges(
  metrics: QanMetrics,
  registry: RegistryService,
  keys: KeyDelivery,
  clock: Clock,
): QkdLinkStats {
  const linkStats = new QkdLinkStats();
  registerScrapeGauges(metrics.registry, {
    state: () => registry.state,
    nowMs: () => clock.now(),
    poolKeys: (alias) => keys.deliverable(alias),
    links: linkStats,
  });
  return linkStats;
}

/** The services on top of the registry: node reports, job routing and ETSI 014 key delivery. */
function openQanServices(
  config: QanConfig,
  db: Database,
  core: Awaited<ReturnType<typeof openQanRegistry>>,
  logger: Logger,
  clock: Clock,
) {
  const { qanId, stamper, registry, sessions, metrics, attachments } = core;
  const directory = new PeerDirectory(config.peers);
  const peerQans = new PeerQans(qanId, () => registry.state);
  const qanLinks = new QanLinks({
    addresses: config.qanPeers.map((a) => parseHostPort(a, 'qanPeers')),
    stamper,
    directory,
    logger: logger.child({ component: 'qan-links' }),
  });
  const keyPools = sqliteKeyPoolStore(db);
  const reports = new NodeReports(registry, clock, logger.child({ component: 'reports' }));
  const contractsLogger = logger.child({ component: 'contracts' });
  const contracts = new ContractDesk(registry, clock, contractsLogger);
  const runs = new ContractRuns({
    state: () => registry.state,
    sessions,
    stamper,
    desk: contracts,
    clock,
    randomBytes: systemRandom,
    logger: contractsLogger,
  });
  const keeper = new ContractKeeper(registry, sessions, clock, contractsLogger);
  const windows = new WindowCoordinator(registry, sessions, stamper, clock, contractsLogger);
  contracts.observeWindows((id) => windows.reportsOf(id));
  const adverts = new ResourceAdverts(
    registry,
    configuredResources(config.peers),
    clock,
    contractsLogger,
  );
  const jobs = new JobRouter({
    stamper,
    sessions,
    state: () => registry.state,
    clock,
    logger: logger.child({ component: 'qnh' }),
    jobTimeoutMs: config.jobTimeoutMs,
    failover: failoverOf(config.failoverOrder),
    onDecision: (outcome) => metrics.routes.inc({ outcome }),
    runLink: (link, alias, submitter) => runs.runLink(link, alias, submitter),
    peerRoute: (alias) => {
      const via = attachments.holderOf(alias);
      const connection = via === undefined ? undefined : qanLinks.session(via);
      return via === undefined || connection === undefined ? undefined : { via, connection };
    },
  });
  // Mirrored QKD rounds (0.1 s to over a second each) run in a worker thread, never on the
  // event loop: one bounded pool for the direct nodes' rounds and the relays' hop rounds.
  const eksRounds = new EksRoundPool();
  const now = () => clock.now();
  const keyMirror = new EksKeyMirror(keyPools, eksRounds, now);
  const relayKeys = new RelayKeyIntake(new RelayHopKeys(bobRound(eksRounds), now), keyPools, now);
  const keys = new KeyDelivery({
    pools: keyPools,
    kmeId: qanId,
    pairings: new SaePairings(config.saePairings),
    knownSae: (sae) => directory.dqn(sae) !== undefined,
    announced: (sae) => keyMirror.announcedKeyCount(sae),
    refill: (sae) => keyMirror.materialise(sae, clock.now()),
  });
  const linkStats = registerStateGauges(metrics, registry, keys, clock);
  return {
    ...{ directory, peerQans, qanLinks, reports, jobs, contracts, runs, keeper, windows, adverts },
    ...{ keyMirror, relayKeys, keys, eksRounds, linkStats },
  };
}

/** The limits every listener of the API shares, from the config. */
function apiServerOptions(config: QanConfig, logger: Logger) {
  return {
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimitMax: config.rateLimitMax,
    rateLimitWindowMs: config.rateLimitWindowMs,
    limits: {
      maxConnections: config.httpMaxConnections,
      headersTimeoutMs: config.httpHeadersTimeoutMs,
      requestTimeoutMs: config.httpRequestTimeoutMs,
      keepAliveTimeoutMs: config.httpKeepAliveTimeoutMs,
    },
  };
}

/** Listens on a `host:port` of the config; resolves with the port bound. */
async function listenOn(app: FastifyInstance, address: string, field: string): Promise<number> {
  const { host, port } = parseHostPort(address, field);
  await app.listen({ host, port });
  return (app.server.address() as { port: number }).port;
}

/**
 * Builds the HTTP API over `api` and listens on `config.http`; with the ETSI 014 TLS files also
 * the key delivery listener on `config.etsi014Listen`. Resolves with the servers and their ports.
 */
async function serveHttpApi(
  config: QanConfig,
  api: QanApi,
  metrics: QanMetrics,
  logger: Logger,
  startedAtMs: number,
  dashboard: { readonly feed: NetworkFeed; readonly now: () => number },
) {
  const routes = httpRoutes(qanRouteHandlers(api, startedAtMs));
  const credentials = new ApiCredentials(config.credentialsFile);
  const sessions = new BrowserSessions(credentials, dashboard.now);
  if (config.credentialsFile === undefined) {
    logger.warn(
      { event: 'no-credentials' },
      'no credentialsFile: every API route but /api/health (and reader routes with anonymousRead) answers 401',
    );
  }
  const http = await buildHttpServer({
    ...apiServerOptions(config, logger),
    routes,
    metrics: metrics.registry,
    version: QAN_VERSION,
    access: { credentials, anonymousRead: config.anonymousRead, sessions },
    dashboard,
  });
  const tls = etsi014TlsFiles(config);
  const etsi014 =
    tls === undefined
      ? undefined
      : await buildEtsi014Server({
          ...apiServerOptions(config, logger),
          routes: routes.filter((r) => r.access === 'sae'),
          tls,
        });
  const httpPort = await listenOn(http, config.http, 'http');
  const etsi014Port =
    etsi014 === undefined
      ? undefined
      : await listenOn(etsi014, config.etsi014Listen, 'etsi014Listen');
  return { http, httpPort, etsi014, etsi014Port, credentials };
}

/** The ETSI 014 listener's TLS files: all three, or none (no key delivery). */
function etsi014TlsFiles(config: QanConfig): Etsi014TlsFiles | undefined {
  const { etsi014CaFile: caFile, etsi014CertFile: certFile, etsi014KeyFile: keyFile } = config;
  if (caFile === undefined && certFile === undefined && keyFile === undefined) return undefined;
  if (caFile === undefined || certFile === undefined || keyFile === undefined) {
    throw new RuntimeError(
      'CONFIG_INVALID',
      'key delivery needs etsi014CaFile, etsi014CertFile and etsi014KeyFile together',
      { field: 'etsi014CaFile' },
    );
  }
  return { caFile, certFile, keyFile };
}

/** Starts a QAN: recovers the registry from its data directory, then opens the transport and the API. */
export async function startQan(
  config: QanConfig,
  logger: Logger,
  clock: Clock,
): Promise<RunningQan> {
  const startedAtMs = clock.now();
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, 'qan.db'));
  const core = await openQanRegistry(config, db, logger);
  const services = openQanServices(config, db, core, logger, clock);
  const { qanId, registry, metrics } = core;
  const timers = startRegistryTimers(registry, services.reports, metrics, config, logger, () => {
    services.contracts.expireDue();
    services.keeper.keep();
    services.windows.tick();
    services.adverts.advertiseChanged();
  });
  const transportLogger = logger.child({ component: 'transport' });
  const transportParts = {
    ...core,
    ...services,
    config,
    clock,
    logger: transportLogger,
    onNodesLost: (lost: readonly string[]) => {
      services.runs.participantsLost(lost);
      services.keeper.revokeLost(lost);
    },
  };
  const listener = await openTransportListener(transportParts);
  services.qanLinks.start(qanLinkHandshake(transportParts), services.jobs);
  const api = createQanApi({
    ...core,
    ...services,
    info: () => qanInfo(config, qanId, listener.port, registry.state.policy),
  });
  const feed = new NetworkFeed(
    feedSources({
      ...services,
      attachments: core.attachments,
      qkd: services.linkStats,
      qanId,
      networkId: config.networkId,
      state: () => registry.state,
      nodes: () => api.listNodes(),
    }),
  );
  core.blockObservers.push((state, records, bytes) => feed.onBlock(state, records, bytes));
  const served = await serveHttpApi(config, api, metrics, logger, startedAtMs, {
    feed,
    now: () => clock.now(),
  });
  const { http, httpPort, etsi014, etsi014Port } = served;
  logger.info(
    {
      event: 'started',
      qanId,
      transport: listener.port,
      http: httpPort,
      etsi014: etsi014Port,
      height: registry.state.height,
    },
    'QAN started',
  );
  return {
    qanId,
    transportPort: listener.port,
    httpPort,
    ...(etsi014Port === undefined ? {} : { etsi014Port }),
    reloadCredentials: () => served.credentials.reload(),
    stop: async () => {
      await etsi014?.close();
      await services.qanLinks.close();
      await stopQan({ timers, http, listener, registry, log: core.blockLog, db, logger });
      await services.eksRounds.close();
    },
  };
}
