import { randomBytes } from 'node:crypto';
import { fromHex, hybridKeyFromSeed, toHex } from '@qcos/identity';

/** One identity of the devnet: a fresh seed per run and its hybrid public key. */
export interface DevnetIdentity {
  readonly seedHex: string;
  readonly publicKeyHex: string;
}

/** One DQN of the devnet. */
export interface DevnetNode extends DevnetIdentity {
  readonly alias: string;
  readonly scope: string;
  readonly qubits: number;
  /** Reached through the relay (when one runs) rather than directly. */
  readonly behindRelay: boolean;
  /** The QANs (indexes into `qans`) it connects to, first choice first; it fails over in order. */
  readonly qans: readonly number[];
}

export interface DevnetTopology {
  readonly vendorSeedHex: string;
  readonly vendorPublicKeyHex: string;
  /** The QANs: one for the embedded default, three for a cluster sharing one registry in etcd. */
  readonly qans: readonly DevnetIdentity[];
  readonly relay: DevnetIdentity & {
    readonly name: string;
    readonly scope: string;
    /** The QANs the relay connects to, first choice first. */
    readonly qans: readonly number[];
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

function newIdentity(): DevnetIdentity {
  const seedHex = randomBytes(32).toString('hex');
  return { seedHex, publicKeyHex: toHex(hybridKeyFromSeed(fromHex(seedHex)).publicKey) };
}

/** Where one DQN attaches: the QANs it lists, and whether it sits behind the relay. */
type Attachment = Pick<DevnetNode, 'qans' | 'behindRelay'>;

/** Every identity gets a fresh seed per run; the attachments say who connects to which QAN. */
function topology(
  qanCount: number,
  relayQans: readonly number[],
  attach: Readonly<Record<'rigel' | 'sirius' | 'vega' | 'altair', Attachment>>,
): DevnetTopology {
  const vendor = newIdentity();
  const node = (alias: keyof typeof attach, scope: string, qubits: number): DevnetNode => ({
    alias,
    scope,
    qubits,
    ...attach[alias],
    ...newIdentity(),
  });
  return {
    vendorSeedHex: vendor.seedHex,
    vendorPublicKeyHex: vendor.publicKeyHex,
    qans: Array.from({ length: qanCount }, newIdentity),
    relay: { name: 'relay-us-east', scope: 'us-east', qans: relayQans, ...newIdentity() },
    nodes: [
      node('rigel', 'eu-west', 20),
      node('sirius', 'eu-west', 20),
      node('vega', 'us-east', 16),
      node('altair', 'us-east', 16),
    ],
  };
}

/**
 * The devnet: one QAN; rigel and sirius in eu-west connect to it directly; vega and altair in
 * us-east sit behind the relay for that scope. The attestation documents are signed by a devnet
 * vendor root the QAN is told to trust.
 */
export function createTopology(): DevnetTopology {
  const direct = { qans: [0], behindRelay: false };
  const relayed = { qans: [0], behindRelay: true };
  return topology(1, [0], { rigel: direct, sirius: direct, vega: relayed, altair: relayed });
}

/**
 * The cluster devnet: three QANs on one registry in etcd. sirius is attached to QAN-1, rigel to
 * QAN-2; the relay (with vega behind it) and altair (direct) to QAN-3. Everyone lists a second
 * QAN to fail over to, so killing QAN-3 moves the relay and altair to QAN-1.
 */
export function createClusterTopology(): DevnetTopology {
  return topology(3, [2, 0], {
    sirius: { qans: [0, 1], behindRelay: false },
    rigel: { qans: [1, 0], behindRelay: false },
    vega: { qans: [2, 0], behindRelay: true },
    altair: { qans: [2, 0], behindRelay: false },
  });
}

/** One quantum link of a devnet node (the units of docs/spec/contracts.md §3). */
function fibreLink(peer: string) {
  return {
    peer,
    // 10 km of fibre at 0.2 dB/km; a 1 MHz source; pairs at F = 0.97, memories with T = 1 s.
    lengthM: 10_000,
    lossMdbPerKm: 200,
    attemptRateHz: 1_000_000,
    emissionPpm: 500_000,
    detectorPpm: 800_000,
    initialFidelityPpm: 970_000,
    memoryTimeMs: 1_000,
    capacityPairsPerS: 500,
  };
}

/** The pairs of devnet nodes joined by a quantum link: one per scope. */
export const DEVNET_LINKS: readonly (readonly [string, string])[] = [
  ['rigel', 'sirius'],
  ['altair', 'vega'],
];

/**
 * The quantum resources of a devnet node, as its QAN advertises them: two memory slots, its
 * links, and a coherence-window envelope on the GPS clock domain.
 */
export function devnetResources(alias: string): Record<string, unknown> {
  const peers = DEVNET_LINKS.flatMap(([x, y]) => (x === alias ? [y] : y === alias ? [x] : []));
  return {
    memorySlots: 2,
    links: peers.sort().map(fibreLink),
    window: { maxLengthMs: 10_000, toleranceMrad: 50, clockDomain: 'gps' },
  };
}
