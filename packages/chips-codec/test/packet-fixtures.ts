import {
  type CanonicalValue,
  ChipsError,
  decodeCanonical,
  encodeCanonical,
  encodePacket,
  type KeyId,
  type NodeId,
  type Packet,
  type PacketHeader,
  type PacketId,
} from '../src/index.js';

/** One valid packet of every type, for tests that break one field at a time. */

export const header: PacketHeader = {
  destination: 'rigel',
  source: '0011223344556677' as NodeId,
  packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
  lamport: 42,
  seq: 7,
  scope: 'job:submit',
  hopLimit: 8,
  reroute: 'allow',
};
export const ID = 'ffeeddccbbaa99887766554433221100' as PacketId;
export const KEY_A = '00000000-0000-0000-0000-000000000001' as KeyId;
export const KEY_B = '00000000-0000-0000-0000-000000000002' as KeyId;

const link = {
  distanceM: 1_000,
  fibreLossMilliDbPerKm: 200,
  pulsesPerRound: 1_024,
  eavesdropperPpm: 0,
};

const runLink = {
  lengthM: 25_000,
  lossMdbPerKm: 200,
  attemptRateHz: 1_000_000,
  emissionPpm: 500_000,
  detectorPpm: 900_000,
  initialFidelityPpm: 990_000,
  memoryTimeMs: 10_000,
};

export const fixtures = {
  submit: {
    type: 'JOB_SUBMIT',
    header,
    body: {
      quri: 'q://rigel/run',
      program: 'OPENQASM 3;',
      params: { shots: 1024, minFidelityPpm: 0, qubits: 5, deadlineMs: 100, priority: 0 },
    },
  },
  result: {
    type: 'JOB_RESULT',
    header,
    body: {
      jobId: ID,
      shots: 3,
      counts: [
        { bits: '00', count: 1 },
        { bits: '11', count: 2 },
      ],
    },
  },
  softReject: {
    type: 'SOFT_REJECT',
    header,
    body: { jobId: ID, reason: 'EKS_LOSS', reroutedTo: 'vega' },
  },
  heartbeat: {
    type: 'HEARTBEAT',
    header,
    body: {
      report: {
        eksOk: false,
        eksLastSyncMs: 5,
        eksLossReason: 'LINK_DOWN',
        fidelity1qPpm: 999_000,
        fidelity2qPpm: 990_000,
        utilisationPct: 40,
        faults: ['OTHER'],
      },
    },
  },
  eksSync: {
    type: 'EKS_SYNC',
    header,
    body: {
      status: { state: 'stable', lastSyncMs: 1, keyBitsAvailable: 256 },
      keyIds: [KEY_A, KEY_B],
      round: 1,
      link,
    },
  },
  eksLost: {
    type: 'EKS_SYNC',
    header,
    body: {
      status: { state: 'lost', lastSyncMs: 1, reason: 'LINK_DOWN' },
      keyIds: [],
      round: 1,
      link,
    },
  },
  entangle: {
    type: 'ENTANGLEMENT_REQUEST',
    header,
    body: { peer: 'vega', pairs: 10, minFidelityPpm: 900_000, deadlineMs: 1_000 },
  },
  measured: {
    type: 'MEASUREMENT_RESULT',
    header,
    body: { requestId: ID, bases: Uint8Array.of(0, 3), outcomes: Uint8Array.of(1, 1) },
  },
  block: {
    type: 'REGISTRY_BLOCK',
    header,
    body: { height: 9, block: Uint8Array.of(1, 2, 3) },
  },
  ack: { type: 'ACK', header, body: { ackOf: ID } },
  nack: { type: 'NACK', header, body: { nackOf: ID, code: 'MALFORMED', detail: 'bad' } },
  relay: {
    type: 'EKS_RELAY',
    header,
    body: {
      announcements: [
        { node: 'vega', nodeKeyId: KEY_A, hopKeyId: KEY_B, announcement: new Uint8Array(32) },
      ],
    },
  },
  contractRun: {
    type: 'CONTRACT_RUN',
    header,
    body: {
      contract: 70_000,
      run: ID,
      use: 'CHSH',
      role: 0,
      peer: 'vega',
      secret: new Uint8Array(32),
      link: runLink,
      firstPair: 0,
      pairs: 100,
      state: null,
    },
  },
  contractTeleport: {
    type: 'CONTRACT_RUN',
    header,
    body: {
      contract: 70_000,
      run: ID,
      use: 'TELEPORT',
      role: 1,
      peer: 'vega',
      secret: new Uint8Array(32),
      link: runLink,
      firstPair: 100,
      pairs: 100,
      state: { thetaUrad: 1_570_796, phiUrad: 0 },
    },
  },
  windowPrepare: {
    type: 'WINDOW',
    header,
    body: {
      contract: 70_000,
      step: 'PREPARE',
      lengthMs: 60_000,
      toleranceMrad: 100,
      clockDomain: 'utc-east',
      activatedL: null,
      phaseErrorMrad: null,
    },
  },
  windowActive: {
    type: 'WINDOW',
    header,
    body: {
      contract: 70_000,
      step: 'ACTIVE',
      lengthMs: 60_000,
      toleranceMrad: 100,
      clockDomain: 'utc-east',
      activatedL: 71_000,
      phaseErrorMrad: 12,
    },
  },
} satisfies Record<string, Packet>;

export type FixtureName = keyof typeof fixtures;

/** The code, offset and field of the ChipsError `f` throws; fails if it throws nothing. */
export function error(f: () => unknown): {
  code: string;
  offset: number | undefined;
  field: string | undefined;
} {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipsError) return { code: e.code, offset: e.offset, field: e.field };
    throw e;
  }
  throw new Error('no error');
}

/** A copy of `p` with the value at the dotted `path` (array indices included) replaced. */
export function withField(p: Packet, path: string, value: unknown): Packet {
  const copy = structuredClone(p) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return copy as unknown as Packet;
}

export type Wire = CanonicalValue[];

/** The packet's wire array (a fresh copy). */
export const wireOf = (p: Packet): Wire =>
  structuredClone(decodeCanonical(encodePacket(p)) as Wire);

/** Byte offset of the element at `path` (indices into nested arrays of fewer than 16 items). */
export function offsetOf(wire: Wire, path: readonly number[]): number {
  let at = 0;
  let node = wire;
  for (const i of path) {
    at += encodeCanonical(node.slice(0, i)).length; // the 1-byte head and the items before i
    node = node[i] as Wire;
  }
  return at;
}

/** `wire` with the element at `path` replaced by `value`. */
export function patched(wire: Wire, path: readonly number[], value: CanonicalValue): Wire {
  const copy = structuredClone(wire);
  let node = copy;
  for (const i of path.slice(0, -1)) node = node[i] as Wire;
  node[path.at(-1)!] = value;
  return copy;
}
