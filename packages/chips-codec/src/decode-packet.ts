import { ChipsError } from './errors.js';
import { isBitstring, isCapabilityScope, isDqnAlias, isQUriText } from './fields.js';
import {
  EKS_LOSS_REASONS,
  type FaultKind,
  faultsFromMask,
  type HealthReport,
  PPM_MAX,
  UTILISATION_MAX,
} from './health-report.js';
import {
  hexOf,
  KEY_ID_BYTES,
  type KeyId,
  NODE_ID_BYTES,
  type NodeId,
  PACKET_ID_BYTES,
  type PacketId,
  uuidOf,
} from './ids.js';
import {
  DEADLINE_MS_MAX,
  EKS_DISTANCE_M_MAX,
  EKS_FIBRE_LOSS_MDB_MAX,
  EKS_PULSES_MAX,
  EKS_PULSES_MIN,
  EKS_ROUND_MAX,
  HOP_LIMIT_MAX,
  MAX_BLOCK_BYTES,
  MAX_COUNT_ENTRIES,
  MAX_DETAIL_BYTES,
  MAX_KEY_IDS,
  MAX_MEASURED_BITS,
  MAX_PACKET_BYTES,
  MAX_PAIRS,
  MAX_PROGRAM_BYTES,
  MAX_QURI_BYTES,
  MAX_RELAY_ANNOUNCEMENTS,
  MAX_RUN_PAIRS,
  MAX_SCOPE_BYTES,
  PRIORITY_MAX,
  QUBITS_MAX,
  RELAY_ANNOUNCEMENT_BYTES,
  RUN_ATTEMPT_RATE_HZ_MAX,
  RUN_INITIAL_FIDELITY_PPM_MIN,
  RUN_LENGTH_M_MAX,
  RUN_LOSS_MDB_PER_KM_MAX,
  RUN_PHI_URAD_MAX,
  RUN_SECRET_BYTES,
  RUN_THETA_URAD_MAX,
  SEQ_MAX,
  SHOTS_MAX,
  WINDOW_LENGTH_MS_MAX,
  WINDOW_PHASE_MRAD_MAX,
} from './limits.js';
import {
  type BlochDirection,
  CHIPS_VERSION,
  CHIPS_WINDOW_VERSION,
  CONTRACT_RUN_USES,
  type ContractRunBody,
  type ContractRunLink,
  chipsVersionOf,
  type EksRelayAnnouncement,
  type EksSyncBody,
  type EksSyncLink,
  type EksSyncStatus,
  type JobParams,
  type MeasurementCount,
  NACK_CODES,
  PACKET_TYPES,
  type Packet,
  type PacketHeader,
  SOFT_REJECT_REASONS,
  WINDOW_STEPS,
  type WindowBody,
  windowHasActivatedL,
  windowHasPhaseError,
} from './packet.js';
import { CanonicalReader } from './reader.js';

const SAFE = Number.MAX_SAFE_INTEGER;

/** Wire layout: [version, type, destination, source, packetId, L, seq, scope, hopLimit, reroute, body]. */
export const PACKET_FIELDS = 11;

/** The newest layout version this codec reads; anything above is refused before the type. */
const MAX_VERSION = CHIPS_WINDOW_VERSION;

export interface DecodePacketOptions {
  /**
   * Largest accepted input; default and ceiling MAX_PACKET_BYTES. A larger value is clamped:
   * encodePacket refuses packets over MAX_PACKET_BYTES, so accepting them here would give a
   * packet more than one valid byte string.
   */
  readonly maxBytes?: number;
}

/**
 * Strict decode of one packet. Accepts exactly the bytes encodePacket writes: anything
 * non-canonical, truncated, followed by trailing bytes, oversize, of an unknown type or with
 * an unknown field, or breaking a field rule is refused with a ChipsError (code, offset, field).
 */
export function decodePacket(bytes: Uint8Array, options?: DecodePacketOptions): Packet {
  const max = Math.min(options?.maxBytes ?? MAX_PACKET_BYTES, MAX_PACKET_BYTES);
  if (bytes.length > max) {
    throw new ChipsError('TOO_LARGE', `${bytes.length} bytes over the limit ${max}`, 0);
  }
  const r = new CanonicalReader(bytes);
  const packet = readPacket(r);
  if (r.pos !== bytes.length) {
    throw new ChipsError('TRAILING_BYTES', `${bytes.length - r.pos} bytes after the packet`, r.pos);
  }
  return packet;
}

/** Reads an array head that must announce exactly `n` items. */
function fixedArray(r: CanonicalReader, n: number, field: string): void {
  const at = r.pos;
  const got = r.readArrayLength(field);
  if (got < n) r.fail('MISSING_FIELD', `${got} of ${n} fields`, at, field);
  if (got > n) r.fail('UNKNOWN_FIELD', `${got} fields, the type defines ${n}`, at, field);
}

function alias(r: CanonicalReader, field: string): string {
  const at = r.pos;
  const s = r.readString(63, field);
  if (!isDqnAlias(s)) r.fail('INVALID_FIELD', 'not a DQN-Alias', at, field);
  return s;
}

function packetId(r: CanonicalReader, field: string): PacketId {
  const p = r.readFixedBin(PACKET_ID_BYTES, field);
  return hexOf(r.bytes, p, p + PACKET_ID_BYTES) as PacketId;
}

function enumCode<T>(r: CanonicalReader, table: readonly T[], field: string): T {
  return table[r.readInt(0, table.length - 1, field)]!;
}

function readPacket(r: CanonicalReader): Packet {
  const at = r.pos;
  const n = r.readArrayLength('packet');
  if (n === 0) r.fail('MISSING_FIELD', 'empty packet', at, 'version');
  const versionAt = r.pos;
  const version = r.readInt(0, SAFE, 'version');
  if (version < CHIPS_VERSION || version > MAX_VERSION) {
    r.fail(
      'UNSUPPORTED_VERSION',
      `version ${version}; this codec reads ${CHIPS_VERSION} to ${MAX_VERSION}`,
      versionAt,
      'version',
    );
  }
  if (n === 1) r.fail('MISSING_FIELD', 'no packet type', at, 'type');
  const typeAt = r.pos;
  const code = r.readInt(0, SAFE, 'type');
  const type = PACKET_TYPES[code - 1];
  if (type === undefined) r.fail('UNKNOWN_PACKET_TYPE', `type code ${code}`, typeAt, 'type');
  // Each type has one current layout, named by its version: an older or newer one is refused.
  if (version !== chipsVersionOf(type)) {
    r.fail(
      'UNSUPPORTED_VERSION',
      `${type} is version ${chipsVersionOf(type)}, not ${version}`,
      versionAt,
      'version',
    );
  }
  if (n < PACKET_FIELDS) r.fail('MISSING_FIELD', `${n} of ${PACKET_FIELDS} fields`, at, 'packet');
  if (n > PACKET_FIELDS)
    r.fail('UNKNOWN_FIELD', `${n} fields, a packet has ${PACKET_FIELDS}`, at, 'packet');

  const destination = alias(r, 'destination');
  const src = r.readFixedBin(NODE_ID_BYTES, 'source');
  const source = hexOf(r.bytes, src, src + NODE_ID_BYTES) as NodeId;
  const id = packetId(r, 'packetId');
  const lamport = r.readInt(0, SAFE, 'lamport');
  const seq = r.readInt(0, SEQ_MAX, 'seq');
  const scopeAt = r.pos;
  const scope = r.readString(MAX_SCOPE_BYTES, 'scope');
  if (!isCapabilityScope(scope))
    r.fail('INVALID_FIELD', 'not a capability scope', scopeAt, 'scope');
  const hopLimit = r.readInt(0, HOP_LIMIT_MAX, 'hopLimit');
  const reroute = r.readInt(0, 1, 'reroute') === 0 ? 'allow' : 'deny';
  const header: PacketHeader = {
    destination,
    source,
    packetId: id,
    lamport,
    seq,
    scope,
    hopLimit,
    reroute,
  };

  switch (type) {
    case 'JOB_SUBMIT': {
      fixedArray(r, 3, 'body');
      const quriAt = r.pos;
      const quri = r.readString(MAX_QURI_BYTES, 'body.quri');
      if (!isQUriText(quri)) r.fail('INVALID_FIELD', 'not a q:// URI', quriAt, 'body.quri');
      const program = r.readString(MAX_PROGRAM_BYTES, 'body.program');
      return { type, header, body: { quri, program, params: jobParams(r) } };
    }
    case 'JOB_RESULT': {
      fixedArray(r, 3, 'body');
      const jobId = packetId(r, 'body.jobId');
      const shots = r.readInt(1, SHOTS_MAX, 'body.shots');
      return { type, header, body: { jobId, shots, counts: measurementCounts(r, shots) } };
    }
    case 'SOFT_REJECT': {
      fixedArray(r, 3, 'body');
      const jobId = packetId(r, 'body.jobId');
      const reason = enumCode(r, SOFT_REJECT_REASONS, 'body.reason');
      const reroutedTo = r.readNil() ? null : alias(r, 'body.reroutedTo');
      return { type, header, body: { jobId, reason, reroutedTo } };
    }
    case 'HEARTBEAT':
      return { type, header, body: { report: healthReport(r) } };
    case 'EKS_SYNC':
      return { type, header, body: eksSync(r) };
    case 'ENTANGLEMENT_REQUEST': {
      fixedArray(r, 4, 'body');
      const peer = alias(r, 'body.peer');
      const pairs = r.readInt(1, MAX_PAIRS, 'body.pairs');
      const minFidelityPpm = r.readInt(0, PPM_MAX, 'body.minFidelityPpm');
      const deadlineMs = r.readInt(1, DEADLINE_MS_MAX, 'body.deadlineMs');
      return { type, header, body: { peer, pairs, minFidelityPpm, deadlineMs } };
    }
    case 'MEASUREMENT_RESULT':
      return { type, header, body: measurementResult(r) };
    case 'REGISTRY_BLOCK': {
      fixedArray(r, 2, 'body');
      const height = r.readInt(0, SAFE, 'body.height');
      const blockAt = r.pos;
      const block = r.readBin(MAX_BLOCK_BYTES, 'body.block');
      if (block.length === 0) r.fail('INVALID_FIELD', 'empty block', blockAt, 'body.block');
      return { type, header, body: { height, block } };
    }
    case 'ACK':
      fixedArray(r, 1, 'body');
      return { type, header, body: { ackOf: packetId(r, 'body.ackOf') } };
    case 'NACK': {
      fixedArray(r, 3, 'body');
      const nackOf = packetId(r, 'body.nackOf');
      const code = enumCode(r, NACK_CODES, 'body.code');
      const detail = r.readString(MAX_DETAIL_BYTES, 'body.detail');
      return { type, header, body: { nackOf, code, detail } };
    }
    case 'EKS_RELAY':
      fixedArray(r, 1, 'body');
      return { type, header, body: { announcements: relayAnnouncements(r) } };
    case 'CONTRACT_RUN':
      return { type, header, body: contractRun(r) };
    case 'WINDOW':
      return { type, header, body: windowBody(r) };
  }
}

/**
 * WINDOW's body of 7 elements. The rules that tie `activatedL` and `phaseErrorMrad` to the step
 * follow the whole body, as CONTRACT_RUN's `state` rule does: a field out of range is named first.
 */
function windowBody(r: CanonicalReader): WindowBody {
  fixedArray(r, 7, 'body');
  const contract = r.readInt(1, SAFE, 'body.contract');
  const step = enumCode(r, WINDOW_STEPS, 'body.step');
  const lengthMs = r.readInt(1, WINDOW_LENGTH_MS_MAX, 'body.lengthMs');
  const toleranceMrad = r.readInt(1, WINDOW_PHASE_MRAD_MAX, 'body.toleranceMrad');
  const clockDomain = alias(r, 'body.clockDomain');
  const activatedAt = r.pos;
  const activatedL = r.readNil() ? null : r.readInt(1, SAFE, 'body.activatedL');
  const errorAt = r.pos;
  const phaseErrorMrad = r.readNil()
    ? null
    : r.readInt(0, WINDOW_PHASE_MRAD_MAX, 'body.phaseErrorMrad');
  // Each step has one shape; the encoder writes no other, so none is accepted.
  if ((activatedL !== null) !== windowHasActivatedL(step))
    r.fail('INVALID_FIELD', 'activatedL iff ACTIVATE or ACTIVE', activatedAt, 'body.activatedL');
  if ((phaseErrorMrad !== null) !== windowHasPhaseError(step)) {
    r.fail(
      'INVALID_FIELD',
      'phaseErrorMrad iff READY, ACTIVE or FAULT',
      errorAt,
      'body.phaseErrorMrad',
    );
  }
  return { contract, step, lengthMs, toleranceMrad, clockDomain, activatedL, phaseErrorMrad };
}

/** CONTRACT_RUN's body of 10 elements; `state` is read whole before the rule that ties it to `use`. */
function contractRun(r: CanonicalReader): ContractRunBody {
  fixedArray(r, 10, 'body');
  const contract = r.readInt(1, SAFE, 'body.contract');
  const run = packetId(r, 'body.run');
  const use = enumCode(r, CONTRACT_RUN_USES, 'body.use');
  const role = r.readInt(0, 1, 'body.role') as 0 | 1;
  const peer = alias(r, 'body.peer');
  const s = r.readFixedBin(RUN_SECRET_BYTES, 'body.secret');
  const secret = r.bytes.slice(s, s + RUN_SECRET_BYTES);
  const link = contractRunLink(r);
  const firstPair = r.readInt(0, SAFE, 'body.firstPair');
  const pairs = r.readInt(1, MAX_RUN_PAIRS, 'body.pairs');
  const stateAt = r.pos;
  const state = r.readNil() ? null : blochDirection(r);
  // Only TELEPORT has an input state; the encoder writes no other combination, so none is accepted.
  if ((state === null) !== (use === 'CHSH'))
    r.fail('INVALID_FIELD', 'a state iff use is TELEPORT', stateAt, 'body.state');
  return { contract, run, use, role, peer, secret, link, firstPair, pairs, state };
}

function contractRunLink(r: CanonicalReader): ContractRunLink {
  fixedArray(r, 7, 'body.link');
  const lengthM = r.readInt(0, RUN_LENGTH_M_MAX, 'body.link.lengthM');
  const lossMdbPerKm = r.readInt(0, RUN_LOSS_MDB_PER_KM_MAX, 'body.link.lossMdbPerKm');
  const attemptRateHz = r.readInt(1, RUN_ATTEMPT_RATE_HZ_MAX, 'body.link.attemptRateHz');
  const emissionPpm = r.readInt(1, PPM_MAX, 'body.link.emissionPpm');
  const detectorPpm = r.readInt(1, PPM_MAX, 'body.link.detectorPpm');
  const initialFidelityPpm = r.readInt(
    RUN_INITIAL_FIDELITY_PPM_MIN,
    PPM_MAX,
    'body.link.initialFidelityPpm',
  );
  const memoryTimeMs = r.readInt(1, SAFE, 'body.link.memoryTimeMs');
  return {
    lengthM,
    lossMdbPerKm,
    attemptRateHz,
    emissionPpm,
    detectorPpm,
    initialFidelityPpm,
    memoryTimeMs,
  };
}

function blochDirection(r: CanonicalReader): BlochDirection {
  fixedArray(r, 2, 'body.state');
  const thetaUrad = r.readInt(0, RUN_THETA_URAD_MAX, 'body.state.thetaUrad');
  const phiUrad = r.readInt(0, RUN_PHI_URAD_MAX, 'body.state.phiUrad');
  return { thetaUrad, phiUrad };
}

/** EKS_RELAY's announcements: 1..64, each [node, nodeKeyId, hopKeyId, M]; no id twice. */
function relayAnnouncements(r: CanonicalReader): EksRelayAnnouncement[] {
  const field = 'body.announcements';
  const at = r.pos;
  const n = r.readArrayHeader(MAX_RELAY_ANNOUNCEMENTS, field);
  if (n === 0) r.fail('INVALID_FIELD', 'no announcements', at, field);
  const out: EksRelayAnnouncement[] = [];
  const nodeKeys = new Set<string>();
  const hopKeys = new Set<string>();
  const uniqueId = (seen: Set<string>, name: string): KeyId => {
    const idAt = r.pos;
    const id = uuidOf(r.bytes, r.readFixedBin(KEY_ID_BYTES, `${field}.${name}`));
    if (seen.has(id)) r.fail('DUPLICATE_KEY', `${name} ${id} repeated`, idAt, `${field}.${name}`);
    seen.add(id);
    return id;
  };
  for (let i = 0; i < n; i++) {
    fixedArray(r, 4, field);
    const node = alias(r, `${field}.node`);
    const nodeKeyId = uniqueId(nodeKeys, 'nodeKeyId');
    const hopKeyId = uniqueId(hopKeys, 'hopKeyId');
    const m = r.readFixedBin(RELAY_ANNOUNCEMENT_BYTES, `${field}.announcement`);
    const announcement = r.bytes.slice(m, m + RELAY_ANNOUNCEMENT_BYTES);
    out.push({ node, nodeKeyId, hopKeyId, announcement });
  }
  return out;
}

function jobParams(r: CanonicalReader): JobParams {
  fixedArray(r, 5, 'body.params');
  const shots = r.readInt(1, SHOTS_MAX, 'body.params.shots');
  const minFidelityPpm = r.readInt(0, PPM_MAX, 'body.params.minFidelityPpm');
  const qubits = r.readNil() ? null : r.readInt(1, QUBITS_MAX, 'body.params.qubits');
  const deadlineMs = r.readNil() ? null : r.readInt(1, DEADLINE_MS_MAX, 'body.params.deadlineMs');
  const priority = r.readInt(0, PRIORITY_MAX, 'body.params.priority');
  return { shots, minFidelityPpm, qubits, deadlineMs, priority };
}

function measurementCounts(r: CanonicalReader, shots: number): MeasurementCount[] {
  const field = 'body.counts';
  const at = r.pos;
  const n = r.readMapHeader(MAX_COUNT_ENTRIES, field);
  const counts: MeasurementCount[] = [];
  let previous = '';
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const keyAt = r.pos;
    const bits = r.readString(MAX_MEASURED_BITS, field);
    if (!isBitstring(bits)) r.fail('INVALID_FIELD', 'outcome is not a bit string', keyAt, field);
    if (i > 0) {
      if (bits.length !== previous.length)
        r.fail('INVALID_FIELD', 'outcomes of different widths', keyAt, field);
      if (bits === previous) r.fail('DUPLICATE_KEY', `outcome ${bits} repeated`, keyAt, field);
      if (bits < previous) r.fail('KEY_ORDER', `outcome ${bits} after ${previous}`, keyAt, field);
    }
    const count = r.readInt(1, SHOTS_MAX, field);
    sum += count;
    counts.push({ bits, count });
    previous = bits;
  }
  if (sum !== shots) r.fail('INVALID_FIELD', `counts sum to ${sum}, shots is ${shots}`, at, field);
  return counts;
}

function healthReport(r: CanonicalReader): HealthReport {
  fixedArray(r, 7, 'body');
  const eksOk = r.readBool('body.eksOk');
  const eksLastSyncMs = r.readInt(0, SAFE, 'body.eksLastSyncMs');
  const reasonAt = r.pos;
  const reasonCode = r.readNil()
    ? null
    : r.readInt(0, EKS_LOSS_REASONS.length - 1, 'body.eksLossReason');
  if ((reasonCode === null) !== eksOk) {
    r.fail(
      'INVALID_FIELD',
      'a loss reason is present iff eksOk is false',
      reasonAt,
      'body.eksLossReason',
    );
  }
  const fidelity1qPpm = r.readInt(0, PPM_MAX, 'body.fidelity1qPpm');
  const fidelity2qPpm = r.readInt(0, PPM_MAX, 'body.fidelity2qPpm');
  const utilisationPct = r.readInt(0, UTILISATION_MAX, 'body.utilisationPct');
  const maskAt = r.pos;
  const faults: FaultKind[] | undefined = faultsFromMask(r.readInt(0, 0xff, 'body.faults'));
  if (faults === undefined)
    r.fail('OUT_OF_RANGE', 'fault bit without a FaultKind', maskAt, 'body.faults');
  return reasonCode === null
    ? { eksOk, eksLastSyncMs, fidelity1qPpm, fidelity2qPpm, utilisationPct, faults }
    : {
        eksOk,
        eksLastSyncMs,
        eksLossReason: EKS_LOSS_REASONS[reasonCode]!,
        fidelity1qPpm,
        fidelity2qPpm,
        utilisationPct,
        faults,
      };
}

function eksSync(r: CanonicalReader): EksSyncBody {
  fixedArray(r, 6, 'body');
  const lost = r.readInt(0, 1, 'body.state') === 1;
  const lastSyncMs = r.readInt(0, SAFE, 'body.lastSyncMs');
  const status: EksSyncStatus = lost
    ? { state: 'lost', lastSyncMs, reason: enumCode(r, EKS_LOSS_REASONS, 'body.reason') }
    : {
        state: 'stable',
        lastSyncMs,
        keyBitsAvailable: r.readInt(0, SAFE, 'body.keyBitsAvailable'),
      };
  const at = r.pos;
  const n = r.readArrayHeader(MAX_KEY_IDS, 'body.keyIds');
  if (lost && n > 0) r.fail('INVALID_FIELD', 'key ids with a lost EKS', at, 'body.keyIds');
  const keyIds: KeyId[] = [];
  let previous = '';
  for (let i = 0; i < n; i++) {
    const idAt = r.pos;
    const id = uuidOf(r.bytes, r.readFixedBin(KEY_ID_BYTES, 'body.keyIds'));
    if (i > 0 && id <= previous) {
      r.fail(
        id === previous ? 'DUPLICATE_KEY' : 'KEY_ORDER',
        'key ids must be sorted and unique',
        idAt,
        'body.keyIds',
      );
    }
    keyIds.push(id);
    previous = id;
  }
  const round = r.readInt(0, EKS_ROUND_MAX, 'body.round');
  return { status, keyIds, round, link: eksSyncLink(r) };
}

function eksSyncLink(r: CanonicalReader): EksSyncLink {
  fixedArray(r, 4, 'body.link');
  const distanceM = r.readInt(0, EKS_DISTANCE_M_MAX, 'body.link.distanceM');
  const fibreLossMilliDbPerKm = r.readInt(
    0,
    EKS_FIBRE_LOSS_MDB_MAX,
    'body.link.fibreLossMilliDbPerKm',
  );
  const pulsesPerRound = r.readInt(EKS_PULSES_MIN, EKS_PULSES_MAX, 'body.link.pulsesPerRound');
  const eavesdropperPpm = r.readInt(0, PPM_MAX, 'body.link.eavesdropperPpm');
  return { distanceM, fibreLossMilliDbPerKm, pulsesPerRound, eavesdropperPpm };
}

function measurementResult(r: CanonicalReader): {
  requestId: PacketId;
  bases: Uint8Array;
  outcomes: Uint8Array;
} {
  fixedArray(r, 3, 'body');
  const requestId = packetId(r, 'body.requestId');
  const basesAt = r.pos;
  const bases = r.readBin(MAX_PAIRS, 'body.bases');
  if (bases.length === 0) r.fail('INVALID_FIELD', 'no measurements', basesAt, 'body.bases');
  for (let i = 0; i < bases.length; i++) {
    if (bases[i]! > 3)
      r.fail('OUT_OF_RANGE', `basis ${bases[i]} at pair ${i}`, basesAt, 'body.bases');
  }
  const packedAt = r.pos;
  const packed = r.readBin(MAX_PAIRS >> 3, 'body.outcomes');
  const n = bases.length;
  if (packed.length !== (n + 7) >> 3) {
    r.fail('INVALID_FIELD', `${packed.length} bytes for ${n} outcomes`, packedAt, 'body.outcomes');
  }
  // Padding bits after the last outcome must be zero, or one result would have many encodings.
  if (n & 7 && (packed[packed.length - 1]! & (0xff >> (n & 7))) !== 0) {
    r.fail('INVALID_FIELD', 'non-zero padding bits', packedAt, 'body.outcomes');
  }
  const outcomes = new Uint8Array(n);
  for (let i = 0; i < n; i++) outcomes[i] = (packed[i >> 3]! >> (7 - (i & 7))) & 1;
  return { requestId, bases, outcomes };
}
