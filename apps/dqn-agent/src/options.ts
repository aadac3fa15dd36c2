import { bytesFromHex, type HostPort, loadConfig, parseHostPort } from '@qcos/runtime';
import { AgentError } from './errors.js';
import type { FaultState } from './faults.js';
import type { NodeFidelity } from './health.js';
import { MAX_SIMULATED_QUBITS } from './qem/index.js';

const LABEL = '^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$';
const HEX32 = '^[0-9a-fA-F]{64}$';

/**
 * Flags of `dqn-agent` (also settable as QCOS_<UPPER_SNAKE> environment
 * variables or a JSON `--config` file). Documented in the README.
 */
export const AGENT_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['alias', 'scope', 'connect', 'identitySeed'],
  properties: {
    config: { type: 'string' },
    alias: { type: 'string', pattern: LABEL },
    scope: { type: 'string', pattern: LABEL },
    qubits: { type: 'integer', minimum: 1, maximum: MAX_SIMULATED_QUBITS, default: 20 },
    connect: { type: 'string', minLength: 3 },
    control: { type: 'string', default: '127.0.0.1:0' },
    identitySeed: { type: 'string', pattern: HEX32 },
    vendorSeed: { type: 'string', pattern: HEX32 },
    heartbeatIntervalMs: { type: 'integer', minimum: 50, maximum: 600_000, default: 5_000 },
    eksIntervalMs: { type: 'integer', minimum: 50, maximum: 3_600_000, default: 10_000 },
    fidelity1q: { type: 'number', minimum: 0, maximum: 1, default: 0.999 },
    fidelity2q: { type: 'number', minimum: 0, maximum: 1, default: 0.99 },
    readoutError: { type: 'number', minimum: 0, maximum: 0.5, default: 0.01 },
    qkdDistanceKm: { type: 'number', minimum: 0, maximum: 500, default: 10 },
    eavesdropper: { type: 'number', minimum: 0, maximum: 1, default: 0 },
    cryostat: { type: 'boolean', default: false },
    fidelityDrift: { type: 'number', minimum: -1, maximum: 1, default: 0 },
    heartbeats: { type: 'boolean', default: true },
    upstreamAlias: { type: 'string', pattern: LABEL, default: 'qan' },
    upstreamPublicKey: { type: 'string', pattern: '^([0-9a-fA-F]{2})+$' },
    trustRoots: {
      type: 'array',
      items: { type: 'string', pattern: '^([0-9a-fA-F]{2})+$' },
      default: [],
    },
    insecureTransport: { type: 'boolean', default: false },
    logLevel: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
    },
  },
} as const;

interface RawAgentConfig {
  readonly config?: string;
  readonly alias: string;
  readonly scope: string;
  readonly qubits: number;
  readonly connect: string;
  readonly control: string;
  readonly identitySeed: string;
  readonly vendorSeed?: string;
  readonly heartbeatIntervalMs: number;
  readonly eksIntervalMs: number;
  readonly fidelity1q: number;
  readonly fidelity2q: number;
  readonly readoutError: number;
  readonly qkdDistanceKm: number;
  readonly eavesdropper: number;
  readonly cryostat: boolean;
  readonly fidelityDrift: number;
  readonly heartbeats: boolean;
  readonly upstreamAlias: string;
  readonly upstreamPublicKey?: string;
  readonly trustRoots: readonly string[];
  readonly insecureTransport: boolean;
  readonly logLevel: string;
}

/** The agent's validated settings. */
export interface AgentOptions {
  readonly alias: string;
  readonly scope: string;
  readonly qubits: number;
  readonly connect: HostPort;
  readonly control: HostPort;
  readonly identitySeed: Uint8Array;
  /** Seed of the vendor root that signs this node's attestation document (devnet). */
  readonly vendorSeed: Uint8Array | undefined;
  readonly heartbeatIntervalMs: number;
  readonly eksIntervalMs: number;
  readonly nominal: NodeFidelity;
  readonly readoutError: number;
  readonly qkdDistanceKm: number;
  readonly faults: FaultState;
  readonly upstreamAlias: string;
  /** Pinned hybrid signing key of the upstream, if configured. */
  readonly upstreamPublicKey: Uint8Array | undefined;
  /** Extra vendor roots to believe besides the vendor seed's own root. */
  readonly trustRoots: readonly Uint8Array[];
  readonly insecureTransport: boolean;
  readonly logLevel: string;
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
    connect: parseHostPort(raw.connect, 'connect'),
    control: parseHostPort(raw.control, 'control'),
    identitySeed: bytesFromHex(raw.identitySeed),
    vendorSeed: raw.vendorSeed === undefined ? undefined : bytesFromHex(raw.vendorSeed),
    heartbeatIntervalMs: raw.heartbeatIntervalMs,
    eksIntervalMs: raw.eksIntervalMs,
    nominal: { fidelity1q: raw.fidelity1q, fidelity2q: raw.fidelity2q },
    readoutError: raw.readoutError,
    qkdDistanceKm: raw.qkdDistanceKm,
    faults: {
      cryostat: raw.cryostat,
      eavesdropper: raw.eavesdropper,
      fidelityDrift: raw.fidelityDrift,
      heartbeats: raw.heartbeats,
    },
    upstreamAlias: raw.upstreamAlias,
    upstreamPublicKey:
      raw.upstreamPublicKey === undefined ? undefined : bytesFromHex(raw.upstreamPublicKey),
    trustRoots: raw.trustRoots.map((hex) => bytesFromHex(hex)),
    insecureTransport: raw.insecureTransport,
    logLevel: raw.logLevel,
  };
}
