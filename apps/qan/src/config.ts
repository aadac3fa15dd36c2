import { loadConfig } from '@qcos/runtime';
import schema from '../../../schemas/config/qan.schema.json' with { type: 'json' };
import type { SaePairing } from './keys/sae-pairings.js';

export type PeerRole = 'dqn' | 'relay' | 'qan';

export interface PeerConfig {
  readonly role: PeerRole;
  readonly name: string;
  readonly publicKey: string;
  readonly scopes: readonly string[];
  readonly qubits?: number;
  /**
   * A dqn's quantum resources (memory slots, links, coherence-window envelope) as the RESOURCES
   * record of docs/spec/contracts.md §3 holds them; checked with the registry's record rules.
   */
  readonly resources?: Record<string, unknown>;
}

/** The validated QAN configuration (schemas/config/qan.schema.json). */
export interface QanConfig {
  readonly dataDir: string;
  readonly listen: string;
  readonly http: string;
  readonly credentialsFile?: string;
  readonly anonymousRead: boolean;
  readonly etsi014Listen: string;
  readonly etsi014CaFile?: string;
  readonly etsi014CertFile?: string;
  readonly etsi014KeyFile?: string;
  readonly saePairings: readonly SaePairing[];
  readonly networkId: string;
  /** The network's genesis document; without it the QAN runs a standalone registry. */
  readonly genesisFile?: string;
  /** A snapshot another QAN made, to start from if the log vouches for it. */
  readonly snapshotFile?: string;
  readonly etcdEndpoints: readonly string[];
  readonly etcdPrefix?: string;
  /** Blocks kept in etcd behind each snapshot height (0: never prune). */
  readonly etcdRetainBlocks: number;
  /** Transport addresses of the other QANs (who answers is checked against the registry). */
  readonly qanPeers: readonly string[];
  readonly etcdCaFile?: string;
  readonly etcdCertFile?: string;
  readonly etcdKeyFile?: string;
  readonly identitySeed?: string;
  readonly vendorSeed?: string;
  readonly vendorRoots: readonly string[];
  readonly peers: readonly PeerConfig[];
  readonly heartbeatTimeoutMs: number;
  readonly hysteresisHeartbeats: number;
  readonly minFidelity: number;
  readonly fidelityWindow: number;
  /** The protocol of a standalone registry's genesis (from its first block). */
  readonly protocol: number;
  readonly blockIntervalMs: number;
  readonly snapshotEvery: number;
  readonly jobTimeoutMs: number;
  readonly failoverOrder: readonly string[];
  readonly bodyLimitBytes: number;
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  readonly peerPacketBurst: number;
  readonly peerPacketsPerSecond: number;
  readonly peerRegistryBurst: number;
  readonly peerRegistryPerSecond: number;
  readonly peerRefusalsBeforeDisconnect: number;
  readonly httpMaxConnections: number;
  readonly httpHeadersTimeoutMs: number;
  readonly httpRequestTimeoutMs: number;
  readonly httpKeepAliveTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly logFile?: string;
  readonly insecureTransport: boolean;
}

export const QAN_CONFIG_SCHEMA: object = schema;

/** Layers the `--config FILE` (if any) < env < flags. */
export function loadQanConfig(argv: readonly string[], env: NodeJS.ProcessEnv): QanConfig {
  return loadConfig<QanConfig>(schema, { env, argv });
}
