import { readFileSync } from 'node:fs';
import { EKS_ROUND_PERIOD_LIMITS_MS } from '@qcos/eks-qkd-sim';
import { hybridQuid, type Quid } from '@qcos/identity';
import {
  createGenesis,
  decodeGenesisDocument,
  genesisFromDocument,
  type RegistryState,
  type StatusPolicy,
} from '@qcos/registry-core';
import {
  bytesFromHex,
  HEX_PATTERN as HEX,
  type HostPort,
  LABEL_PATTERN as LABEL,
  loadConfig,
  parseHostPort,
  parseHostPortList,
  type RawServiceOptions,
  SERVICE_OPTION_PROPERTIES,
  type ServiceOptions,
  serviceOptionsOf,
} from '@qcos/runtime';
import { RelayError } from './errors.js';

/**
 * Flags of `relay` (also QCOS_<UPPER_SNAKE> environment variables or a JSON
 * `--config` file). Documented in the README.
 */
export const RELAY_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['qan', 'scope', 'identitySeed'],
  properties: {
    ...SERVICE_OPTION_PROPERTIES,
    qan: {
      type: 'string',
      minLength: 3,
      maxLength: 4_096,
      description: 'host:port of the QAN; several, comma-separated, for failover',
    },
    listen: {
      type: 'string',
      default: '127.0.0.1:0',
      description: 'host:port where DQN agents connect',
    },
    scope: {
      type: 'string',
      pattern: LABEL,
      description: 'the Geographic-Scope served (and the scope of the QAN session)',
    },
    name: {
      type: 'string',
      pattern: LABEL,
      description: "the relay's name, its certificate subject (default relay-<scope>)",
    },
    alias: { type: 'string', pattern: LABEL, description: 'the same as --name' },
    vendorRoots: {
      type: 'array',
      items: { type: 'string', pattern: HEX },
      default: [],
      description: 'JSON array of extra vendor root public keys (hex)',
    },
    qanPublicKey: {
      type: 'string',
      pattern: '^[0-9a-f]+(,[0-9a-f]+)*$',
      description: "the QAN's hybrid signing key (hex); several, comma-separated, for a cluster",
    },
    qanAlias: {
      type: 'string',
      pattern: LABEL,
      default: 'qan',
      description: "destination alias of the relay's own NACKs to the QAN",
    },
    peers: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: true,
        required: ['name', 'publicKey'],
        properties: {
          role: { type: 'string' },
          name: { type: 'string', pattern: LABEL },
          publicKey: { type: 'string', pattern: HEX },
          scopes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    networkId: {
      type: 'string',
      pattern: LABEL,
      default: 'devnet',
      description: 'registry network id (genesis)',
    },
    genesisFile: {
      type: 'string',
      minLength: 1,
      description:
        "the network's genesis document (the QAN's file): the replica's genesis and policy",
    },
    heartbeatTimeoutMs: {
      type: 'integer',
      minimum: 100,
      maximum: 86_400_000,
      default: 60_000,
      description: "genesis policy, as the QAN's flag of that name",
    },
    hysteresisHeartbeats: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 3,
      description: "genesis policy, as the QAN's flag of that name",
    },
    minFidelity: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0.95,
      description: "genesis policy, as the QAN's flag of that name",
    },
    fidelityWindow: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 8,
      description: "genesis policy, as the QAN's flag of that name",
    },
    eksRelay: {
      type: 'boolean',
      default: false,
      description: 'relay EKS keys hop by hop (trusted-node relay)',
    },
    eksIntervalMs: {
      type: 'integer',
      minimum: 50,
      maximum: EKS_ROUND_PERIOD_LIMITS_MS.max,
      default: 1_000,
      description:
        'period of the QAN-hop QKD round (with --eks-relay); a round is the pulses the 1 MHz source sends in it',
    },
    qkdDistanceKm: {
      type: 'number',
      minimum: 0,
      maximum: 500,
      default: 10,
      description: 'fibre length of each hop (with --eks-relay)',
    },
  },
} as const;

interface RawRelayConfig extends RawServiceOptions {
  readonly qan: string;
  readonly listen: string;
  readonly scope: string;
  readonly name?: string;
  readonly alias?: string;
  readonly vendorRoots: readonly string[];
  readonly qanPublicKey?: string;
  readonly qanAlias: string;
  readonly peers: readonly { name: string; publicKey: string; role?: string; scopes?: string[] }[];
  readonly networkId: string;
  readonly genesisFile?: string;
  readonly heartbeatTimeoutMs: number;
  readonly hysteresisHeartbeats: number;
  readonly minFidelity: number;
  readonly fidelityWindow: number;
  readonly eksRelay: boolean;
  readonly eksIntervalMs: number;
  readonly qkdDistanceKm: number;
}

/** A DQN this relay serves: its alias and the quid of its identity key. */
export interface ServedNode {
  readonly alias: string;
  readonly quid: Quid;
  readonly publicKey: Uint8Array;
}

export interface RelayOptions extends ServiceOptions {
  /** The QANs to connect to, in order of preference: a dead one fails over. */
  readonly qan: readonly HostPort[];
  readonly listen: HostPort;
  readonly scope: string;
  readonly alias: string;
  readonly vendorRoots: readonly Uint8Array[];
  /**
   * The QANs' hybrid signing keys: the upstream must present one of them. Without a genesis file,
   * the one key also anchors the registry replica.
   */
  readonly qanPublicKeys: readonly Uint8Array[];
  readonly qanAlias: string;
  /** DQNs allowed behind this relay; empty = any attested node that binds the relay's scope. */
  readonly peers: readonly ServedNode[];
  /**
   * The registry's genesis: the network's genesis document (genesisFile), else a standalone
   * genesis anchored on qanPublicKey; undefined when the replica is off.
   */
  readonly genesis: RegistryState | undefined;
  /** Trusted-node EKS relay on, its QAN-hop round period, and the fibre length of both hops. */
  readonly eksRelay: boolean;
  readonly eksIntervalMs: number;
  readonly qkdDistanceKm: number;
}

/**
 * The genesis policy from the same settings (and defaults) the QAN takes, so
 * the replica's genesis hash is the QAN's.
 */
function policyOf(raw: RawRelayConfig): StatusPolicy {
  return {
    version: 1,
    heartbeatIntervalMs: raw.heartbeatTimeoutMs,
    minFidelityPpm: Math.round(raw.minFidelity * 1_000_000),
    hysteresisHeartbeats: raw.hysteresisHeartbeats,
    fidelityWindow: raw.fidelityWindow,
  };
}

/** The replica's genesis: the network's document when configured, else the QAN-anchored one. */
function replicaGenesis(
  raw: RawRelayConfig,
  qanPublicKeys: readonly Uint8Array[],
): RegistryState | undefined {
  const field = raw.genesisFile !== undefined ? 'genesisFile' : 'qanPublicKey';
  try {
    if (raw.genesisFile !== undefined) {
      const state = genesisFromDocument(decodeGenesisDocument(readFileSync(raw.genesisFile)));
      if (state.networkId !== raw.networkId)
        throw new Error(`the document is for network ${state.networkId}, not ${raw.networkId}`);
      return state;
    }
    const [qanPublicKey, ...others] = qanPublicKeys;
    if (qanPublicKey === undefined) return undefined;
    if (others.length > 0) throw new Error('several QANs share a network: give its genesisFile');
    return createGenesis({
      networkId: raw.networkId,
      anchorPublicKey: qanPublicKey,
      policy: policyOf(raw),
    });
  } catch (error) {
    throw new RelayError(
      'INVALID_GENESIS',
      field,
      `cannot build the genesis: ${(error as Error).message}`,
    );
  }
}

export function loadRelayOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): RelayOptions {
  const raw = loadConfig<RawRelayConfig>(RELAY_CONFIG_SCHEMA, { argv, env });
  const qanPublicKeys = (raw.qanPublicKey?.split(',') ?? []).map((hex) => bytesFromHex(hex));
  const genesis = replicaGenesis(raw, qanPublicKeys);
  const peers = raw.peers
    .filter((p) => p.role === undefined || p.role === 'dqn')
    .filter((p) => p.scopes === undefined || p.scopes.includes(raw.scope))
    .map((p) => {
      const publicKey = bytesFromHex(p.publicKey);
      return { alias: p.name, publicKey, quid: hybridQuid(publicKey) };
    });
  return {
    qan: parseHostPortList(raw.qan, 'qan'),
    listen: parseHostPort(raw.listen, 'listen'),
    ...serviceOptionsOf(raw),
    scope: raw.scope,
    alias: raw.name ?? raw.alias ?? `relay-${raw.scope}`.slice(0, 63),
    vendorRoots: raw.vendorRoots.map((hex) => bytesFromHex(hex)),
    qanPublicKeys,
    qanAlias: raw.qanAlias,
    peers,
    genesis,
    eksRelay: raw.eksRelay,
    eksIntervalMs: raw.eksIntervalMs,
    qkdDistanceKm: raw.qkdDistanceKm,
  };
}
