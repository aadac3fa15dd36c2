import { eksPulsesPerPeriod } from '@qcos/eks-qkd-sim';
import {
  type BuiltService,
  EksRoundPool,
  type Logger,
  nodeKeysFromSeed,
  provisionNodeIdentity,
  runService,
  serviceInfoRequest,
  systemClock,
  systemRandom,
} from '@qcos/runtime';
import { AttestedSubjects } from './attested-subjects.js';
import { relayRoutes } from './control-routes.js';
import { downstreamPolicy } from './downstream-policy.js';
import { EksHopRelay } from './eks-hop-relay.js';
import { loadRelayOptions, RELAY_CONFIG_SCHEMA, type RelayOptions } from './options.js';
import { honestRound } from './qkd-round.js';
import { RegistryReplica } from './registry-replica.js';
import { Relay } from './relay.js';
import { createRelayMetrics } from './relay-metrics.js';
import { listenDownstream, upstreamConnector } from './transport.js';

/** What the relay's attestation document measures. */
export const RELAY_MEASUREMENT = 'qcos-relay/0.1.0';

/**
 * Starts the relay process: options → identity → listener for DQNs → session
 * to the QAN → control endpoint. Prints `{"event":"ready","transport":P,
 * "control":P}` on stdout; logs go to stderr.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  // `relay --help` lists every option of the config schema; `relay --version` names this build.
  const info = serviceInfoRequest(argv, {
    name: 'relay',
    summary:
      'a relay: carries the DQN sessions and keys of a scope to its QAN, with a registry replica',
    schema: RELAY_CONFIG_SCHEMA,
    packageJson: new URL('../package.json', import.meta.url),
  });
  if (info !== undefined) {
    process.stdout.write(info);
    return Promise.resolve();
  }
  return runService(
    {
      name: 'relay',
      noun: 'relay',
      attests: 'this relay',
      loadOptions: loadRelayOptions,
      build: buildRelay,
    },
    argv,
    env,
  );
}

/** The relay's parts from its options: identity, replica, EKS relay, DQN listener, control routes. */
async function buildRelay(options: RelayOptions, logger: Logger): Promise<BuiltService> {
  const { identity, quid, vendorPublicKey } = provisionNodeIdentity({
    subject: options.alias,
    identitySeed: options.identitySeed,
    vendorSeed: options.vendorSeed ?? options.identitySeed,
    hardwareId: `relay:${options.alias}`,
    measurement: RELAY_MEASUREMENT,
    now: systemClock.now(),
  });
  const transport = {
    identity,
    quid,
    signingPublicKey: nodeKeysFromSeed(options.identitySeed).signingKey.publicKey,
    scope: options.scope,
    trustRoots: [vendorPublicKey, ...options.vendorRoots],
    insecure: options.insecureTransport,
  };
  const metrics = createRelayMetrics();
  const replica = options.genesis === undefined ? undefined : new RegistryReplica(options.genesis);
  const subjects = new AttestedSubjects();
  // The relay's own hop rounds and its nodes' mirrored rounds run in a worker thread, never on
  // the event loop (a round costs 0.1 s to over a second; handshakes must keep their timing).
  const eksRounds = options.eksRelay ? new EksRoundPool() : undefined;
  const eks =
    eksRounds === undefined
      ? undefined
      : new EksHopRelay(
          honestRound(eksRounds),
          options.qkdDistanceKm,
          eksPulsesPerPeriod(options.eksIntervalMs),
        );
  const relay = new Relay(
    {
      alias: options.alias,
      scope: options.scope,
      qanAlias: options.qanAlias,
      served: options.peers,
    },
    {
      nodeId: quid,
      logger,
      metrics,
      randomBytes: systemRandom,
      replica,
      subjects,
      eks,
      eksIntervalMs: options.eksIntervalMs,
      connectUpstream: upstreamConnector(transport, options.qan, options.qanPublicKeys, logger),
    },
  );
  const listener = await listenDownstream(
    transport,
    options.listen,
    downstreamPolicy(options.scope, options.peers),
    downstreamHooks(relay, subjects, logger),
  );
  return {
    nodeId: quid,
    routes: relayRoutes(relay, replica, metrics, eks),
    readOnly: true,
    start: () => relay.start(),
    stops: [async () => eksRounds?.close(), () => relay.stop(), () => listener.close()],
    startedFields: {
      qan: options.qan,
      transport: listener.port,
      served: options.peers.map((p) => p.alias),
      replica: replica !== undefined,
    },
    readyFields: { transport: listener.port },
  };
}

/** What the DQN listener does with attested, accepted, refused and misbehaving sessions. */
function downstreamHooks(
  relay: Relay,
  subjects: AttestedSubjects,
  logger: Logger,
): Parameters<typeof listenDownstream>[3] {
  return {
    onAttested: (nodeId, subject) => {
      subjects.record(nodeId, subject);
      logger.debug({ event: 'attested', node: nodeId, subject }, 'node attested');
    },
    onConnection: (connection) => relay.attachDownstream(connection),
    onReject: (error, remote) =>
      logger.warn(
        {
          event: 'peer_rejected',
          code: error.code,
          reason: error.details['reason'] ?? error.code,
          remote,
          err: error.message,
        },
        'DQN rejected',
      ),
    onBadPacket: (error, peer) =>
      logger.warn(
        { event: 'bad_packet', peer: peer.id, err: error.message },
        'malformed packet; session closed',
      ),
  };
}
