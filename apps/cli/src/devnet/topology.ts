import { randomBytes } from 'node:crypto';
import { fromHex, hybridKeyFromSeed, toHex } from '@qcos/identity';

/** One DQN of the devnet. */
export interface DevnetNode {
  readonly alias: string;
  readonly scope: string;
  readonly qubits: number;
  /** Reached through the relay (when one runs) rather than directly. */
  readonly behindRelay: boolean;
  readonly seedHex: string;
  readonly publicKeyHex: string;
}

export interface DevnetTopology {
  readonly vendorSeedHex: string;
  readonly vendorPublicKeyHex: string;
  readonly qanSeedHex: string;
  readonly qanPublicKeyHex: string;
  readonly relay: {
    readonly name: string;
    readonly scope: string;
    readonly seedHex: string;
    readonly publicKeyHex: string;
  };
  readonly nodes: readonly DevnetNode[];
}

/** Timings of the devnet; short enough to watch the scenario unfold in well under a minute. */
export interface DevnetTimings {
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly hysteresisHeartbeats: number;
  readonly eksIntervalMs: number;
}

export const DEFAULT_TIMINGS: DevnetTimings = {
  heartbeatIntervalMs: 500,
  heartbeatTimeoutMs: 3_000,
  hysteresisHeartbeats: 3,
  eksIntervalMs: 1_000,
};

const newSeed = () => randomBytes(32).toString('hex');
const publicKeyOf = (seedHex: string) => toHex(hybridKeyFromSeed(fromHex(seedHex)).publicKey);

/**
 * The devnet: one QAN; rigel and sirius in eu-west connect to it directly; vega and altair in
 * us-east sit behind the relay for that scope. Every identity gets a fresh seed per run; the
 * attestation documents are signed by a devnet vendor root the QAN is told to trust.
 */
export function createTopology(): DevnetTopology {
  const vendorSeedHex = newSeed();
  const relaySeed = newSeed();
  const qanSeedHex = newSeed();
  const node = (alias: string, scope: string, qubits: number, behindRelay: boolean): DevnetNode => {
    const seedHex = newSeed();
    return { alias, scope, qubits, behindRelay, seedHex, publicKeyHex: publicKeyOf(seedHex) };
  };
  return {
    vendorSeedHex,
    vendorPublicKeyHex: publicKeyOf(vendorSeedHex),
    qanSeedHex,
    qanPublicKeyHex: publicKeyOf(qanSeedHex),
    relay: {
      name: 'relay-us-east',
      scope: 'us-east',
      seedHex: relaySeed,
      publicKeyHex: publicKeyOf(relaySeed),
    },
    nodes: [
      node('rigel', 'eu-west', 20, false),
      node('sirius', 'eu-west', 20, false),
      node('vega', 'us-east', 16, true),
      node('altair', 'us-east', 16, true),
    ],
  };
}
