import type { Packet } from '@qcos/chips-codec';
import {
  type BuiltService,
  type Logger,
  nodeKeysFromSeed,
  provisionNodeIdentity,
  runService,
  type SecureConnection,
  serviceInfoRequest,
  systemClock,
  systemRandom,
} from '@qcos/runtime';
import { DqnAgent } from './agent.js';
import { createAgentMetrics } from './agent-metrics.js';
import { agentControlRoutes } from './control-routes.js';
import { WorkerPool } from './job-pool.js';
import { AGENT_CONFIG_SCHEMA, type AgentOptions, loadAgentOptions } from './options.js';
import { decoyBb84Round } from './qkd-round.js';
import { upstreamConnector } from './transport.js';

/** What the attestation document measures: the software this node runs. */
export const AGENT_MEASUREMENT = 'qcos-dqn-agent/0.1.0';

/** A devnet-only fallback vendor root when none is configured (insecure transport only). */
const UNATTESTED_VENDOR_SEED = new Uint8Array(32);

/**
 * Starts the agent process: options → identity → control endpoint → session
 * to the QAN. Prints one JSON line `{"event":"ready","control":PORT,...}` on
 * stdout when the control endpoint listens; logs go to stderr.
 */
export function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  // `dqn-agent --help` lists every option of the config schema; `dqn-agent --version` names this build.
  const info = serviceInfoRequest(argv, {
    name: 'dqn-agent',
    summary: 'a DQN agent: one simulated quantum node, its QKD link and heartbeats to its QAN',
    schema: AGENT_CONFIG_SCHEMA,
    packageJson: new URL('../package.json', import.meta.url),
  });
  if (info !== undefined) {
    process.stdout.write(info);
    return Promise.resolve();
  }
  return runService(
    {
      name: 'dqn-agent',
      noun: 'agent',
      attests: 'this node',
      loadOptions: loadAgentOptions,
      build: buildAgent,
    },
    argv,
    env,
  );
}

/** The agent's parts from its options: identity, session factory, agent and control routes. */
function buildAgent(options: AgentOptions, logger: Logger): BuiltService {
  const { identity, quid, vendorPublicKey } = provisionNodeIdentity({
    subject: options.alias,
    identitySeed: options.identitySeed,
    vendorSeed: options.vendorSeed ?? UNATTESTED_VENDOR_SEED,
    hardwareId: `qpu:${options.alias}`,
    measurement: AGENT_MEASUREMENT,
    now: systemClock.now(),
  });
  const signingPublicKey = nodeKeysFromSeed(options.identitySeed).signingKey.publicKey;
  const metrics = createAgentMetrics();
  const connect: () => Promise<SecureConnection<Packet>> = upstreamConnector(
    {
      addresses: options.connect,
      identity,
      quid,
      signingPublicKey,
      scope: options.scope,
      trustRoots: [vendorPublicKey, ...options.trustRoots],
      upstreamPublicKeys: options.upstreamPublicKeys,
      insecure: options.insecureTransport,
    },
    logger,
  );
  const agent = new DqnAgent(
    {
      alias: options.alias,
      scope: options.scope,
      qubits: options.qubits,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      eksIntervalMs: options.eksIntervalMs,
      nominal: options.nominal,
      readoutError: options.readoutError,
      qkdDistanceKm: options.qkdDistanceKm,
      phase: options.phase,
      faults: options.faults,
      upstreamAlias: options.upstreamAlias,
      maxJobGates: options.maxJobGates,
    },
    {
      nodeId: quid,
      clock: systemClock,
      randomBytes: systemRandom,
      logger,
      metrics,
      qkdRound: decoyBb84Round(),
      executor: new WorkerPool({ size: options.jobs.workers, maxQueued: options.jobs.maxQueued }),
      connect,
    },
  );
  return {
    nodeId: quid,
    routes: agentControlRoutes({
      health: () => agent.health(),
      setFaults: (patch) => agent.setFaults(patch),
      metrics: () => metrics.registry.metrics(),
    }),
    start: () => agent.start(),
    stops: [() => agent.stop()],
    startedFields: {
      connect: options.connect,
      faults: options.faults,
      jobs: { ...options.jobs, maxGates: options.maxJobGates, maxQubits: options.qubits },
    },
  };
}
