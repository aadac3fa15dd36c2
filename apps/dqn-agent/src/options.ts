import { EKS_ROUND_PERIOD_LIMITS_MS } from '@qcos/eks-qkd-sim';
import {
  bytesFromHex,
  HEX_PATTERN,
  type HostPort,
  LABEL_PATTERN,
  loadConfig,
  parseHostPortList,
  type RawServiceOptions,
  SERVICE_OPTION_PROPERTIES,
  type ServiceOptions,
  serviceOptionsOf,
} from '@qcos/runtime';
import type { AgentSettings } from './agent.js';
import { AgentError } from './errors.js';
import { MAX_OPERATIONS, MAX_SIMULATED_QUBITS } from './qem/index.js';

/**
 * Flags of `dqn-agent` (also settable as QCOS_<UPPER_SNAKE> environment
 * variables or a JSON `--config` file). Documented in the README.
 */
export const AGENT_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['alias', 'scope', 'connect', 'identitySeed'],
  properties: {
    ...SERVICE_OPTION_PROPERTIES,
    alias: {
      type: 'string',
      pattern: LABEL_PATTERN,
      description: 'DQN-Alias (DNS label); also the certificate subject',
    },
    scope: {
      type: 'string',
      pattern: LABEL_PATTERN,
      description: 'Geographic-Scope; the capability scope the session is bound to',
    },
    qubits: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_SIMULATED_QUBITS,
      default: 20,
      description: 'qubit capacity',
    },
    connect: {
      type: 'string',
      minLength: 3,
      maxLength: 4_096,
      description: 'host:port of the QAN or relay; several, comma-separated, for failover',
    },
    heartbeatIntervalMs: {
      type: 'integer',
      minimum: 50,
      maximum: 600_000,
      default: 5_000,
      description: 'heartbeat period',
    },
    eksIntervalMs: {
      type: 'integer',
      minimum: 50,
      maximum: EKS_ROUND_PERIOD_LIMITS_MS.max,
      default: 1_000,
      description: 'QKD round period; a round is the pulses the 1 MHz source sends in it',
    },
    fidelity1q: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0.999,
      description: 'nominal average 1-qubit gate fidelity (reported and simulated)',
    },
    fidelity2q: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0.99,
      description: 'nominal average 2-qubit gate fidelity (reported and simulated)',
    },
    readoutError: {
      type: 'number',
      minimum: 0,
      maximum: 0.5,
      default: 0.01,
      description: 'probability that one measured bit is read wrong',
    },
    qkdDistanceKm: {
      type: 'number',
      minimum: 0,
      maximum: 500,
      default: 10,
      description: 'fibre length of the simulated QKD link',
    },
    phaseDriftMradPerS: {
      type: 'number',
      minimum: 0,
      maximum: 10_000,
      default: 2,
      description: 'drift of the local phase reference after calibration (coherence windows)',
    },
    phaseNoiseMrad: {
      type: 'number',
      minimum: 0,
      maximum: 10_000,
      default: 3,
      description: "standard deviation of one phase reading's noise",
    },
    eavesdropper: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0,
      description: 'fault: intercept-resend fraction on the QKD link',
    },
    cryostat: {
      type: 'boolean',
      default: false,
      description: 'fault: cryostat failure (reported as CRYOSTAT; circuits refused)',
    },
    fidelityDrift: {
      type: 'number',
      minimum: -1,
      maximum: 1,
      default: 0,
      description: 'fault: added to both gate fidelities',
    },
    heartbeats: {
      type: 'boolean',
      default: true,
      description: "fault: false stops heartbeating (the QAN's timeout must notice)",
    },
    jobWorkers: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 1,
      description: 'worker threads running circuits, one job each at a time',
    },
    maxJobGates: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_OPERATIONS,
      default: 1024,
      description: 'most gates per job after register broadcast; beyond: NACK UNSUPPORTED',
    },
    maxQueuedJobs: {
      type: 'integer',
      minimum: 0,
      maximum: 1024,
      default: 4,
      description: 'jobs that may wait for a worker; beyond: NACK OVERLOADED',
    },
    upstreamAlias: {
      type: 'string',
      pattern: LABEL_PATTERN,
      default: 'qan',
      description: 'destination alias of packets for the QAN itself',
    },
    upstreamPublicKey: {
      type: 'string',
      pattern: '^[0-9a-f]+(,[0-9a-f]+)*$',
      description: 'hybrid signing keys (hex, comma-separated) the upstream must present one of',
    },
    trustRoots: {
      type: 'array',
      items: { type: 'string', pattern: HEX_PATTERN },
      default: [],
      description:
        "JSON array of extra vendor root public keys (hex) believed for the upstream's attestation",
    },
  },
} as const;

interface RawAgentConfig extends RawServiceOptions {
  readonly alias: string;
  readonly scope: string;
  readonly qubits: number;
  readonly connect: string;
  readonly heartbeatIntervalMs: number;
  readonly eksIntervalMs: number;
  readonly fidelity1q: number;
  readonly fidelity2q: number;
  readonly readoutError: number;
  readonly qkdDistanceKm: number;
  readonly phaseDriftMradPerS: number;
  readonly phaseNoiseMrad: number;
  readonly eavesdropper: number;
  readonly cryostat: boolean;
  readonly fidelityDrift: number;
  readonly heartbeats: boolean;
  readonly jobWorkers: number;
  readonly maxJobGates: number;
  readonly maxQueuedJobs: number;
  readonly upstreamAlias: string;
  readonly upstreamPublicKey?: string;
  readonly trustRoots: readonly string[];
}

/** The agent's validated settings: what the agent itself needs, plus how the process runs. */
export interface AgentOptions extends AgentSettings, ServiceOptions {
  /** The QANs (or relays) to connect to, in order of preference: a dead one fails over. */
  readonly connect: readonly HostPort[];
  /** Pinned hybrid signing keys: the upstream must present one of them (empty: no pinning). */
  readonly upstreamPublicKeys: readonly Uint8Array[];
  /** Extra vendor roots to believe besides the vendor seed's own root. */
  readonly trustRoots: readonly Uint8Array[];
  /** Worker threads that run circuits, and jobs that may wait for one. */
  readonly jobs: { readonly workers: number; readonly maxQueued: number };
}

/**
 * Reads flags (and env, and an optional `--config FILE`); throws the runtime's
 * CONFIG_* or INVALID_ADDRESS RuntimeErrors or AgentError, with every problem named.
 */
export function loadAgentOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): AgentOptions {
  const raw = loadConfig<RawAgentConfig>(AGENT_CONFIG_SCHEMA, { argv, env });
  if (raw.alias.length > 63 || raw.scope.length > 63) {
    throw new AgentError('INVALID_OPTION', 'alias', 'labels are at most 63 characters');
  }
  return {
    alias: raw.alias,
    scope: raw.scope,
    qubits: raw.qubits,
    connect: parseHostPortList(raw.connect, 'connect'),
    ...serviceOptionsOf(raw),
    heartbeatIntervalMs: raw.heartbeatIntervalMs,
    eksIntervalMs: raw.eksIntervalMs,
    nominal: { fidelity1q: raw.fidelity1q, fidelity2q: raw.fidelity2q },
    readoutError: raw.readoutError,
    qkdDistanceKm: raw.qkdDistanceKm,
    phase: { driftMradPerS: raw.phaseDriftMradPerS, noiseMrad: raw.phaseNoiseMrad },
    faults: {
      cryostat: raw.cryostat,
      eavesdropper: raw.eavesdropper,
      fidelityDrift: raw.fidelityDrift,
      heartbeats: raw.heartbeats,
    },
    upstreamAlias: raw.upstreamAlias,
    maxJobGates: raw.maxJobGates,
    jobs: { workers: raw.jobWorkers, maxQueued: raw.maxQueuedJobs },
    upstreamPublicKeys: (raw.upstreamPublicKey?.split(',') ?? []).map((hex) => bytesFromHex(hex)),
    trustRoots: raw.trustRoots.map((hex) => bytesFromHex(hex)),
  };
}
