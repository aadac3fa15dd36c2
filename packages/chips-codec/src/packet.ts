import type { EksLossReason, HealthReport } from './health-report.js';
import type { KeyId, NodeId, PacketId } from './ids.js';

/**
 * CHIPS packets (docs/spec/chips.md §4–5). A packet is a fixed header plus a body whose shape
 * is fixed by `type`. No type has a field for amplitudes or state vectors (XDV-040 §4.2):
 * quantum states are never copied or sent; only classical measurement results move. Strict
 * decoding refuses any field a type does not define, so none can be smuggled in either.
 */

/** The protocol version of every packet type whose layout has not changed since version 1. */
export const CHIPS_VERSION = 1;
/** The version of the EKS_SYNC layout that carries its round and link (docs/spec/chips.md §9). */
export const CHIPS_EKS_SYNC_VERSION = 2;
/** The version that added EKS_RELAY, the trusted-node key announcements (docs/spec/chips.md §9). */
export const CHIPS_EKS_RELAY_VERSION = 3;
/** The version that added CONTRACT_RUN, a run over a resource contract (docs/spec/chips.md §9). */
export const CHIPS_CONTRACT_RUN_VERSION = 4;
/** The version that added WINDOW, the steps of a coherence window (docs/spec/chips.md §9). */
export const CHIPS_WINDOW_VERSION = 5;

/** The header version a packet of `type` carries: the version of that type's current layout. */
export function chipsVersionOf(type: PacketType): number {
  if (type === 'EKS_SYNC') return CHIPS_EKS_SYNC_VERSION;
  if (type === 'EKS_RELAY') return CHIPS_EKS_RELAY_VERSION;
  if (type === 'CONTRACT_RUN') return CHIPS_CONTRACT_RUN_VERSION;
  if (type === 'WINDOW') return CHIPS_WINDOW_VERSION;
  return CHIPS_VERSION;
}

/** What the QNH may do when the destination is quarantined (the Q-URI's `reroute`). */
export type ReroutePolicy = 'allow' | 'deny';

export interface PacketHeader {
  /** DQN-Alias of the destination node (DNS-label rules). */
  readonly destination: string;
  /** Quid of the sending node. */
  readonly source: NodeId;
  /** Unique per packet; for JOB_SUBMIT it is the job id. */
  readonly packetId: PacketId;
  /** Lamport logical timestamp L of the sender when it sent the packet. */
  readonly lamport: number;
  /** Per-(source, destination) sequence number, 0..2^32-1. */
  readonly seq: number;
  /** Capability scope the packet acts under, e.g. `job:submit` (docs/spec/chips.md §4.1). */
  readonly scope: string;
  /** Forwarding hops left, 0..255; a relay drops (NACK HOP_LIMIT) a packet arriving with 0. */
  readonly hopLimit: number;
  readonly reroute: ReroutePolicy;
}

/** Typed job parameters, the same ranges as a `/run` Q-URI's query. */
export interface JobParams {
  /** 1..1_000_000. */
  readonly shots: number;
  /** Least average gate fidelity in ppm, 0..1_000_000. */
  readonly minFidelityPpm: number;
  /** Least qubit capacity, 1..32_767, or null for no requirement. */
  readonly qubits: number | null;
  /** Time budget from submission in ms, 1..86_400_000, or null for none. */
  readonly deadlineMs: number | null;
  /** 0 (best effort) .. 7 (most urgent). */
  readonly priority: number;
}

export interface JobSubmitBody {
  /** The client's Q-URI (`q://…`), as text; parse it with @qcos/q-uri. */
  readonly quri: string;
  /** OpenQASM program text. */
  readonly program: string;
  readonly params: JobParams;
}

/** How often one classical outcome was measured. */
export interface MeasurementCount {
  /** Measured classical bits, '0'/'1', most significant first; same length in one result. */
  readonly bits: string;
  /** ≥ 1 (outcomes never seen are left out). */
  readonly count: number;
}

export interface JobResultBody {
  readonly jobId: PacketId;
  readonly shots: number;
  /** Sorted ascending by `bits`, unique; counts sum to `shots`. */
  readonly counts: readonly MeasurementCount[];
}

/** Why the QNH refused to deliver to the destination (its quarantine reason). */
export type SoftRejectReason =
  | 'EKS_LOSS'
  | 'HEARTBEAT_TIMEOUT'
  | 'CRITICAL_FAULT'
  | 'MAINTENANCE'
  | 'LOW_FIDELITY';

export interface SoftRejectBody {
  readonly jobId: PacketId;
  readonly reason: SoftRejectReason;
  /** Alias of the node the job was re-routed to, or null when it was not (reroute=deny, no candidate). */
  readonly reroutedTo: string | null;
}

export interface HeartbeatBody {
  readonly report: HealthReport;
}

/** EKS status as eks-qkd-sim reports it; key material itself never travels in CHIPS. */
export type EksSyncStatus =
  | { readonly state: 'stable'; readonly lastSyncMs: number; readonly keyBitsAvailable: number }
  | { readonly state: 'lost'; readonly lastSyncMs: number; readonly reason: EksLossReason };

/**
 * The QKD link a round ran over, in fixed point (no floats on the wire): everything the other end
 * needs, with eks-qkd-sim's default source and detector, to run the same round.
 */
export interface EksSyncLink {
  /** Fibre length in metres, 0..500_000. */
  readonly distanceM: number;
  /** Fibre loss in thousandths of a dB per km, 0..1000. */
  readonly fibreLossMilliDbPerKm: number;
  /** Pulses Alice sent, 1024..4_194_304. */
  readonly pulsesPerRound: number;
  /** Intercept-resend eavesdropper fraction in parts per million, 0..1_000_000. */
  readonly eavesdropperPpm: number;
}

export interface EksSyncBody {
  readonly status: EksSyncStatus;
  /** key_IDs both ends hold (sorted, unique); empty when the state is lost. Ids only, never keys. */
  readonly keyIds: readonly KeyId[];
  /** The session's round number this sync reports (0..2^32 - 1). */
  readonly round: number;
  /** The link the round ran over. */
  readonly link: EksSyncLink;
}

/**
 * One trusted-node announcement of a relay (docs/spec/eks-qkd-sim.md §9.2): the key `nodeKeyId`
 * of node `node`'s link to the relay, padded with the key `hopKeyId` of the relay's own link to
 * the receiver. `announcement` is M = K_node ⊕ K_hop, a one-time-pad ciphertext: only an end that
 * holds K_hop learns K_node from it.
 */
export interface EksRelayAnnouncement {
  /** Alias of the node the key belongs to (a node the relay serves). */
  readonly node: string;
  readonly nodeKeyId: KeyId;
  readonly hopKeyId: KeyId;
  /** M, exactly 32 bytes. */
  readonly announcement: Uint8Array;
}

export interface EksRelayBody {
  /** 1..64 announcements; node key ids unique, hop key ids unique. */
  readonly announcements: readonly EksRelayAnnouncement[];
}

export interface EntanglementRequestBody {
  /** Alias of the node at the other end of the requested pairs. */
  readonly peer: string;
  /** Number of entangled pairs, 1..1_048_576. */
  readonly pairs: number;
  readonly minFidelityPpm: number;
  /** 1..86_400_000. */
  readonly deadlineMs: number;
}

export interface MeasurementResultBody {
  /** packetId of the ENTANGLEMENT_REQUEST the pairs belong to. */
  readonly requestId: PacketId;
  /** Measurement basis index per pair, each 0..3. */
  readonly bases: Uint8Array;
  /** Outcome bit per pair, each 0 or 1; same length as `bases`. Packed 8 per byte on the wire. */
  readonly outcomes: Uint8Array;
}

/** What a contract run does with its pairs: a CHSH test, or teleporting one qubit per pair. */
export type ContractRunUse = 'CHSH' | 'TELEPORT';

/** Wire codes: the index in the list. */
export const CONTRACT_RUN_USES: readonly ContractRunUse[] = Object.freeze(['CHSH', 'TELEPORT']);

/**
 * The physics of a contract's link, in the integer units of its RESOURCES advertisement
 * (docs/spec/contracts.md §3): what both ends need to simulate the same pairs.
 */
export interface ContractRunLink {
  /** 0..10_000_000. */
  readonly lengthM: number;
  /** 0..10_000. */
  readonly lossMdbPerKm: number;
  /** 1..10_000_000_000. */
  readonly attemptRateHz: number;
  /** 1..1_000_000. */
  readonly emissionPpm: number;
  /** 1..1_000_000. */
  readonly detectorPpm: number;
  /** 250_000..1_000_000. */
  readonly initialFidelityPpm: number;
  /** 1..2^53 − 1. */
  readonly memoryTimeMs: number;
}

/** A direction on the Bloch sphere: polar angle θ and azimuth φ, in microradians. */
export interface BlochDirection {
  /** 0..3_141_593 (π). */
  readonly thetaUrad: number;
  /** 0..6_283_185 (below 2π). */
  readonly phiUrad: number;
}

/**
 * A QAN tells one participant of a link contract to run `pairs` pairs of it. Sent over the
 * participant's PQ session only: `secret` is the contract's pair secret, from which both ends
 * draw the same pairs (docs/spec/entanglement-sim.md §4), and nobody else may learn it.
 */
export interface ContractRunBody {
  /** The contract's id (the L of its CONTRACT_REQUEST), 1..2^53 − 1. */
  readonly contract: number;
  /** The run's id: the participants' MEASUREMENT_RESULT packets name it as `requestId`. */
  readonly run: PacketId;
  readonly use: ContractRunUse;
  /** 0: the contract's first participant (CHSH side A, the teleportation sender); 1: the second. */
  readonly role: 0 | 1;
  /** Alias of the other participant. */
  readonly peer: string;
  /** Exactly 32 bytes. */
  readonly secret: Uint8Array;
  readonly link: ContractRunLink;
  /** Sequence number of the run's first pair, 0..2^53 − 1 (pairs are never reused). */
  readonly firstPair: number;
  /** 1..65_536. */
  readonly pairs: number;
  /**
   * TELEPORT: the sender's input state, the receiver's measurement direction (both the state
   * the job names); null for CHSH.
   */
  readonly state: BlochDirection | null;
}

/** A step of a coherence window (ΦSL) between a QAN and one participant. */
export type WindowStep =
  | 'PREPARE'
  | 'READY'
  | 'ACTIVATE'
  | 'ACTIVE'
  | 'TERMINATE'
  | 'TERMINATED'
  | 'FAULT';

/** Wire codes: the index in the list. */
export const WINDOW_STEPS: readonly WindowStep[] = Object.freeze([
  'PREPARE',
  'READY',
  'ACTIVATE',
  'ACTIVE',
  'TERMINATE',
  'TERMINATED',
  'FAULT',
]);

/**
 * One step of a coherence window between a QAN and one participant of the window's contract: the
 * QAN sends PREPARE, ACTIVATE and TERMINATE; the participant answers READY or FAULT, ACTIVE and
 * TERMINATED. Every field is classical: a phase reference is described, never sent.
 */
export interface WindowBody {
  /** The window contract's id (the L of its CONTRACT_REQUEST), 1..2^53 − 1. */
  readonly contract: number;
  readonly step: WindowStep;
  /** The window's length, 1..86_400_000 ms. */
  readonly lengthMs: number;
  /** The phase stability the window needs, 1..6_283 mrad. */
  readonly toleranceMrad: number;
  /** The reference clock domain: a lower-case label (same rule as an alias). */
  readonly clockDomain: string;
  /** ACTIVATE and ACTIVE: the L at which the window became active (1..2^53 − 1); null otherwise. */
  readonly activatedL: number | null;
  /**
   * READY, ACTIVE and FAULT: the participant's phase error at that moment, 0..6_283 mrad; null
   * otherwise.
   */
  readonly phaseErrorMrad: number | null;
}

/** Whether a WINDOW at `step` carries `activatedL`: ACTIVATE names it, ACTIVE echoes it. */
export function windowHasActivatedL(step: WindowStep): boolean {
  return step === 'ACTIVATE' || step === 'ACTIVE';
}

/** Whether a WINDOW at `step` carries `phaseErrorMrad`: the participant's measured answers. */
export function windowHasPhaseError(step: WindowStep): boolean {
  return step === 'READY' || step === 'ACTIVE' || step === 'FAULT';
}

export interface RegistryBlockBody {
  readonly height: number;
  /** Canonical bytes of one registry block, opaque here (registry-core defines and checks them). */
  readonly block: Uint8Array;
}

export interface AckBody {
  readonly ackOf: PacketId;
}

export type NackCode =
  | 'MALFORMED'
  | 'UNAUTHORISED'
  | 'UNKNOWN_DESTINATION'
  | 'HOP_LIMIT'
  | 'OVERLOADED'
  | 'DEADLINE_EXCEEDED'
  | 'EXECUTION_FAILED'
  | 'UNSUPPORTED';

export interface NackBody {
  readonly nackOf: PacketId;
  readonly code: NackCode;
  /** Human-readable detail, at most 256 UTF-8 bytes, may be empty. */
  readonly detail: string;
}

interface Of<T extends string, B> {
  readonly type: T;
  readonly header: PacketHeader;
  readonly body: B;
}

export type JobSubmitPacket = Of<'JOB_SUBMIT', JobSubmitBody>;
export type JobResultPacket = Of<'JOB_RESULT', JobResultBody>;
export type SoftRejectPacket = Of<'SOFT_REJECT', SoftRejectBody>;
export type HeartbeatPacket = Of<'HEARTBEAT', HeartbeatBody>;
export type EksSyncPacket = Of<'EKS_SYNC', EksSyncBody>;
export type EntanglementRequestPacket = Of<'ENTANGLEMENT_REQUEST', EntanglementRequestBody>;
export type MeasurementResultPacket = Of<'MEASUREMENT_RESULT', MeasurementResultBody>;
export type RegistryBlockPacket = Of<'REGISTRY_BLOCK', RegistryBlockBody>;
export type AckPacket = Of<'ACK', AckBody>;
export type NackPacket = Of<'NACK', NackBody>;
export type EksRelayPacket = Of<'EKS_RELAY', EksRelayBody>;
export type ContractRunPacket = Of<'CONTRACT_RUN', ContractRunBody>;
export type WindowPacket = Of<'WINDOW', WindowBody>;

export type Packet =
  | JobSubmitPacket
  | JobResultPacket
  | SoftRejectPacket
  | HeartbeatPacket
  | EksSyncPacket
  | EntanglementRequestPacket
  | MeasurementResultPacket
  | RegistryBlockPacket
  | AckPacket
  | NackPacket
  | EksRelayPacket
  | ContractRunPacket
  | WindowPacket;

export type PacketType = Packet['type'];

/** Wire codes: PACKET_TYPES[code - 1] (code 0 is reserved). */
export const PACKET_TYPES: readonly PacketType[] = Object.freeze([
  'JOB_SUBMIT',
  'JOB_RESULT',
  'SOFT_REJECT',
  'HEARTBEAT',
  'EKS_SYNC',
  'ENTANGLEMENT_REQUEST',
  'MEASUREMENT_RESULT',
  'REGISTRY_BLOCK',
  'ACK',
  'NACK',
  'EKS_RELAY',
  'CONTRACT_RUN',
  'WINDOW',
]);

/** Wire codes: the index in the list. */
export const SOFT_REJECT_REASONS: readonly SoftRejectReason[] = Object.freeze([
  'EKS_LOSS',
  'HEARTBEAT_TIMEOUT',
  'CRITICAL_FAULT',
  'MAINTENANCE',
  'LOW_FIDELITY',
]);

/** Wire codes: the index in the list. */
export const NACK_CODES: readonly NackCode[] = Object.freeze([
  'MALFORMED',
  'UNAUTHORISED',
  'UNKNOWN_DESTINATION',
  'HOP_LIMIT',
  'OVERLOADED',
  'DEADLINE_EXCEEDED',
  'EXECUTION_FAILED',
  'UNSUPPORTED',
]);
