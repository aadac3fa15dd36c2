import type { NodeId, Packet } from '@qcos/chips-codec';
import {
  createLogger,
  installGracefulShutdown,
  nodeKeysFromSeed,
  provisionNodeIdentity,
  type SecureConnection,
  systemClock,
  systemRandom,
} from '@qcos/runtime';
import { DqnAgent } from './agent.js';
import { createAgentMetrics } from './agent-metrics.js';
import { startControlServer } from './control-server.js';
import { type AgentOptions, loadAgentOptions } from './options.js';
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
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  let options: AgentOptions;
  try {
    options = loadAgentOptions(argv, env);
  } catch (error) {
    process.stderr.write(`dqn-agent: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = createLogger({ name: 'dqn-agent', level: options.logLevel }).child({
    alias: options.alias,
  });
  if (options.vendorSeed === undefined && !options.insecureTransport) {
    logger.fatal({ event: 'config_error' }, '--vendor-seed is required to attest this node');
    process.exitCode = 2;
    return;
  }
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
  const connect: () => Promise<SecureConnection<Packet>> = upstreamConnector({
    address: options.connect,
    identity,
    quid,
    signingPublicKey,
    scope: options.scope,
    trustRoots: [vendorPublicKey, ...options.trustRoots],
    upstreamPublicKey: options.upstreamPublicKey,
    insecure: options.insecureTransport,
  });
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
      faults: options.faults,
      upstreamAlias: options.upstreamAlias,
    },
    {
      nodeId: quid as string as NodeId,
      clock: systemClock,
      randomBytes: systemRandom,
      logger,
      metrics,
      qkdRound: decoyBb84Round(),
      connect,
    },
  );
  const control = await startControlServer({
    host: options.control.host,
    port: options.control.port,
    handlers: {
      health: () => agent.health(),
      setFaults: (patch) => agent.setFaults(patch),
      metrics: () => metrics.registry.metrics(),
    },
  });
  const shutdown = installGracefulShutdown({
    onStep: (error) =>
      logger.error({ event: 'shutdown_error', err: String(error) }, 'shutdown step failed'),
  });
  shutdown.add(() => logger.info({ event: 'stopped' }, 'agent stopped'));
  shutdown.add(() => control.close());
  shutdown.add(() => agent.stop());
  agent.start();
  logger.info(
    {
      event: 'started',
      nodeId: quid,
      connect: options.connect,
      control: control.port,
      faults: options.faults,
    },
    'agent started',
  );
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', control: control.port, alias: options.alias, nodeId: quid })}\n`,
  );
}
