import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HeaderStamper } from '@qcos/chips-codec';
import { hybridQuid, type Quid, toHex } from '@qcos/identity';
import { trustRoots } from '@qcos/pq-transport';
import {
  DEFAULT_POLICY,
  defaultTierOf,
  merkleRoot,
  proveEntry,
  relationalTrustPpm,
  verifyEntryProof,
} from '@qcos/registry-core';
import {
  bytesFromHex,
  type Clock,
  chipsPacketCodec,
  insecurePlaintextHandshake,
  type Logger,
  listenSecure,
  openDatabase,
  type Packet,
  parseHostPort,
  pqResponderHandshake,
  type StoredBlock,
  sqliteBlockLog,
  sqliteKeyPoolStore,
  sqliteSnapshotStore,
  systemRandom,
} from '@qcos/runtime';
import type { QanConfig } from './config.js';
import { ApiError } from './http/api-error.js';
import { buildHttpServer } from './http/server.js';
import { loadQanSeed, provisionQanIdentity, signingKeyOf } from './identity.js';
import { JobRouter } from './jobs/job-router.js';
import { EksKeyMirror } from './keys/eks-key-mirror.js';
import { KeyDelivery } from './keys/key-delivery.js';
import { dispatchSession } from './peers/packet-dispatch.js';
import { PeerDirectory } from './peers/peer-directory.js';
import { SessionHub } from './peers/session-hub.js';
import { createQanMetrics } from './qan-metrics.js';
import { storedBlockView } from './registry/block-view.js';
import { NodeReports } from './registry/node-reports.js';
import { nodeView } from './registry/node-view.js';
import { RegistryService } from './registry/registry-service.js';
import type { QanApi } from './views.js';

export const QAN_VERSION = '0.1.0';

export interface RunningQan {
  readonly qanId: string;
  readonly transportPort: number;
  readonly httpPort: number;
  stop(): Promise<void>;
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
  const seed = loadQanSeed(config.dataDir, config.identitySeed);
  const signingKey = signingKeyOf(seed);
  const qanId = hybridQuid(signingKey.publicKey);
  const metrics = createQanMetrics();
  const directory = new PeerDirectory(config.peers);
  const sessions = new SessionHub();
  // One Lamport clock and one seq per destination for every packet the QAN sends.
  const stamper = new HeaderStamper(qanId, systemRandom);
  const keyPools = sqliteKeyPoolStore(db);
  const log = sqliteBlockLog(db);

  const registry = await RegistryService.open({
    networkId: config.networkId,
    signingKey,
    policy: {
      ...DEFAULT_POLICY,
      heartbeatIntervalMs: config.heartbeatTimeoutMs,
      minFidelityPpm: Math.round(config.minFidelity * 1_000_000),
      hysteresisHeartbeats: config.hysteresisHeartbeats,
      fidelityWindow: config.fidelityWindow,
    },
    log,
    snapshots: sqliteSnapshotStore(db),
    snapshotEvery: config.snapshotEvery,
    logger: logger.child({ component: 'registry' }),
    onBlock: (state, records) => {
      metrics.blocks.inc();
      metrics.height.set(state.height);
      for (const r of records) metrics.records.inc({ kind: r.kind });
    },
  });
  metrics.height.set(registry.state.height);
  const reports = new NodeReports(registry, clock, logger.child({ component: 'reports' }));
  const failover: Record<string, string[]> = {};
  for (const scope of config.failoverOrder)
    failover[scope] = config.failoverOrder.filter((s) => s !== scope);
  const jobs = new JobRouter({
    stamper,
    sessions,
    state: () => registry.state,
    clock,
    logger: logger.child({ component: 'qnh' }),
    jobTimeoutMs: config.jobTimeoutMs,
    failover,
    onDecision: (outcome) => metrics.routes.inc({ outcome }),
  });
  const keyMirror = new EksKeyMirror(keyPools);
  const keys = new KeyDelivery(
    keyPools,
    qanId,
    (sae) => directory.dqn(sae) !== undefined,
    (sae) => keyMirror.materialise(sae, clock.now()),
  );

  // Block production: seal pending records on a fixed cadence; every block is committed before
  // anything it holds is acknowledged.
  // A tick while a block is still committing is skipped: seals never overlap.
  const sealTimer = setInterval(() => {
    if (registry.sealInProgress) return;
    const end = metrics.sealSeconds.startTimer();
    registry.seal().then(
      (height) => {
        if (height !== undefined) end();
      },
      (error: unknown) => logger.error({ err: error }, 'block production failed'),
    );
  }, config.blockIntervalMs);
  const timeoutTimer = setInterval(
    () => reports.checkTimeouts(),
    Math.max(50, Math.min(500, Math.floor(config.heartbeatTimeoutMs / 10))),
  );

  const registryBlockPacket = (destination: string, height: number, block: Uint8Array): Packet => {
    // A block carries registry Lamport times: the QAN's clock moves past them before stamping.
    stamper.clock.observe(registry.state.lamport);
    return {
      type: 'REGISTRY_BLOCK',
      header: stamper.stamp(destination, { scope: 'registry:block', hopLimit: 1 }),
      body: { height, block },
    };
  };
  const transportLog = logger.child({ component: 'transport' });
  const listen = parseHostPort(config.listen, 'listen');
  const listener = await listenSecure<Packet>({
    host: listen.host,
    port: listen.port,
    codec: chipsPacketCodec,
    handshake: config.insecureTransport
      ? insecurePlaintextHandshake(
          { id: qanId, publicKey: signingKey.publicKey, scope: 'qan' },
          'responder',
          (peer) => directory.authorize(peer),
        )
      : pqResponderHandshake({
          identity: provisionQanIdentity(seed, config.vendorSeed, clock.now()).identity,
          trustRoots: trustRoots(config.vendorRoots.map((k) => bytesFromHex(k, 'vendorRoots'))),
          authorize: (peer) => directory.authorize(peer),
          clock,
          onEvent: (event) => transportLog.info({ event: event.kind, ...event }, 'session event'),
        }),
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
    onConnection: (connection) => {
      const peer = directory.byQuid(connection.peer.id);
      if (peer === undefined) {
        void connection.close();
        return;
      }
      sessions.attach(peer, connection);
      // A relay's replica folds from genesis: hand it the whole log, then every new block, in
      // order, from one feed of the log (it ends when the session closes or the log is closed).
      if (peer.role === 'relay') {
        const feed = log.follow(1);
        connection.onClose(() => feed.close());
        void (async () => {
          for await (const stored of feed) {
            try {
              connection.send(registryBlockPacket(peer.name, stored.height, stored.bytes));
            } catch (error) {
              // A block over the packet limit cannot be forwarded; the relay's replica then lags.
              transportLog.warn(
                { relay: peer.name, height: stored.height, err: String(error) },
                'block not forwarded',
              );
            }
          }
        })().catch((error: unknown) =>
          transportLog.error({ relay: peer.name, err: String(error) }, 'relay block feed failed'),
        );
      }
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
        reports,
        jobs,
        keys: keyMirror,
        logger: transportLog,
        onPacket: (type) => metrics.packets.inc({ type }),
        onHeartbeatCommitted: (seconds) => metrics.heartbeatLatency.observe(seconds),
      });
      connection.onClose((err) => {
        const lost = sessions.detach(connection);
        metrics.sessions.set(sessions.sessionCount);
        transportLog.info(
          { event: 'session_closed', peer: peer.name, lost, err: err?.message },
          'peer session closed',
        );
      });
    },
  });

  const api: QanApi = {
    info: () => ({
      service: 'qcos-qan',
      version: QAN_VERSION,
      qanId,
      networkId: config.networkId,
      transportPort: listener.port,
      secureTransport: config.insecureTransport
        ? 'insecure-plaintext'
        : 'pq-hybrid (X-Wing pqIK/pqXX, ML-DSA-65 attestation)',
      policy: {
        heartbeatTimeoutMs: registry.state.policy.heartbeatIntervalMs,
        minFidelity: registry.state.policy.minFidelityPpm / 1_000_000,
        hysteresisHeartbeats: registry.state.policy.hysteresisHeartbeats,
      },
    }),
    height: () => registry.state.height,
    listNodes: () => registry.state.entries.map((e) => nodeView(e, sessions.route(e.alias))),
    getNode: (alias) => {
      const e = registry.entry(alias);
      if (e === undefined)
        throw new ApiError(404, 'NODE_NOT_FOUND', `no node ${alias} in the registry`, { alias });
      return nodeView(e, sessions.route(alias));
    },
    resolve: (uri) => jobs.resolve(uri),
    submitJob: (uri, program) => jobs.submit(uri, program),
    getJob: (jobId) => jobs.get(jobId),
    blocks: async (from, limit) => {
      const views = [];
      for await (const b of log.range(Math.max(1, from), Math.max(1, from) + limit))
        views.push(storedBlockView(b.bytes));
      return views;
    },
    block: async (height) => {
      let stored: StoredBlock | undefined;
      for await (const b of log.range(height, height + 1)) stored = b;
      if (stored === undefined)
        throw new ApiError(404, 'BLOCK_NOT_FOUND', `no block at height ${height}`, { height });
      return storedBlockView(stored.bytes);
    },
    merkleRoot: async (height) => {
      const state = height === undefined ? registry.state : await registry.stateAt(height);
      if (state === undefined)
        throw new ApiError(404, 'BLOCK_NOT_FOUND', `no block at height ${height}`, { height });
      return {
        height: state.height,
        root: toHex(merkleRoot(state)),
        nodeCount: state.entries.length,
      };
    },
    merkleProof: (alias) => {
      const state = registry.state;
      const proof = proveEntry(state, alias);
      if (proof === null)
        throw new ApiError(404, 'NODE_NOT_FOUND', `no node ${alias} in the registry`, { alias });
      const root = merkleRoot(state);
      return {
        alias,
        height: state.height,
        root: toHex(root),
        proof: {
          entry: toHex(proof.entry),
          index: proof.index,
          treeSize: proof.treeSize,
          path: proof.path.map(toHex),
        },
        valid: verifyEntryProof(root, proof),
      };
    },
    trust: (target, observer) => {
      const state = registry.state;
      const from = (observer ?? state.anchor) as Quid;
      return {
        observer: from,
        target,
        trustLevel: relationalTrustPpm(state, from, target as Quid) / 1_000_000,
        tier: defaultTierOf()(target as Quid, state),
      };
    },
    keyStatus: (sae) => keys.status(sae),
    encKeys: (sae, n, size) => keys.encKeys(sae, n, size),
    decKeys: (sae, ids) => keys.decKeys(sae, ids),
  };

  const http = await buildHttpServer({
    api,
    metrics: metrics.registry,
    logger,
    startedAtMs,
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimitMax: config.rateLimitMax,
    rateLimitWindowMs: config.rateLimitWindowMs,
    version: QAN_VERSION,
  });
  const httpAddress = parseHostPort(config.http, 'http');
  await http.listen({ host: httpAddress.host, port: httpAddress.port });
  const httpPort = (http.server.address() as { port: number }).port;
  logger.info(
    {
      event: 'started',
      qanId,
      transport: listener.port,
      http: httpPort,
      height: registry.state.height,
    },
    'QAN started',
  );

  return {
    qanId,
    transportPort: listener.port,
    httpPort,
    async stop() {
      clearInterval(timeoutTimer);
      await http.close();
      await listener.close();
      clearInterval(sealTimer);
      // Commit what is pending (after any seal in flight) so nothing already received is
      // silently dropped.
      try {
        await registry.seal();
      } catch (error) {
        logger.warn({ err: error }, 'final block not committed');
      }
      registry.abandonPending();
      await log.close();
      db.close();
    },
  };
}
