import { type CanonicalValue, encodeChecked } from './canonical.js';
import { ChipsError, type ChipsErrorCode } from './errors.js';
import { isBitstring, isCapabilityScope, isDqnAlias, isQUriText } from './fields.js';
import {
  EKS_LOSS_REASONS,
  faultMask,
  type HealthReport,
  validateHealthReport,
} from './health-report.js';
import {
  bytesOfHex,
  isKeyId,
  KEY_ID_BYTES,
  lowerHexBytes,
  NODE_ID_BYTES,
  PACKET_ID_BYTES,
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
  PPM_MAX_VALUE,
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
  CONTRACT_RUN_USES,
  type ContractRunBody,
  chipsVersionOf,
  type EksRelayBody,
  type EksSyncBody,
  type JobParams,
  type JobResultBody,
  type MeasurementResultBody,
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
import { stringProblem, utf8Length } from './utf8.js';

const SAFE = Number.MAX_SAFE_INTEGER;

function fail(code: ChipsErrorCode, message: string, field: string): never {
  throw new ChipsError(code, message, undefined, field);
}

function int(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    fail('WRONG_TYPE', 'expected an integer', field);
  if (v < min || v > max) fail('OUT_OF_RANGE', `${v} outside [${min}, ${max}]`, field);
  return v; // -0 passes and is written as 0, like every integer zero
}

function text(v: unknown, maxBytes: number, field: string): string {
  if (typeof v !== 'string') fail('WRONG_TYPE', 'expected a string', field);
  const problem = stringProblem(v);
  if (problem === 'surrogate') fail('INVALID_UTF8', 'string holds a lone surrogate', field);
  if (problem === 'nfc') fail('NOT_NFC', 'string is not in Unicode NFC', field);
  if (v.length * 3 > maxBytes && utf8Length(v) > maxBytes)
    fail('TOO_LARGE', `over ${maxBytes} bytes`, field);
  return v;
}

function alias(v: unknown, field: string): string {
  if (typeof v !== 'string') fail('WRONG_TYPE', 'expected a string', field);
  if (!isDqnAlias(v)) fail('INVALID_FIELD', 'not a DQN-Alias', field);
  return v;
}

function packetId(v: unknown, field: string): Uint8Array {
  const bytes = lowerHexBytes(v, PACKET_ID_BYTES);
  if (bytes === undefined) {
    fail(
      typeof v === 'string' ? 'INVALID_FIELD' : 'WRONG_TYPE',
      'not 32 lower-case hex chars',
      field,
    );
  }
  return bytes;
}

function enumCode<T>(table: readonly T[], v: unknown, field: string): number {
  const i = table.indexOf(v as T);
  if (i < 0)
    fail(typeof v === 'string' ? 'OUT_OF_RANGE' : 'WRONG_TYPE', 'not a known value', field);
  return i;
}

function bytes(v: unknown, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) fail('WRONG_TYPE', 'expected a Uint8Array', field);
  return v;
}

function object(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail('WRONG_TYPE', 'expected an object', field);
  return v as Record<string, unknown>;
}

/** The whole packet array: version, type code, the eight header fields, the body. */
function packetWire(code: number, h: PacketHeader, body: CanonicalValue): CanonicalValue[] {
  const o = object(h, 'header');
  const source = lowerHexBytes(o.source, NODE_ID_BYTES);
  if (source === undefined) {
    fail(
      typeof o.source === 'string' ? 'INVALID_FIELD' : 'WRONG_TYPE',
      'not a 16-hex node id',
      'source',
    );
  }
  const scope = text(o.scope, MAX_SCOPE_BYTES, 'scope');
  if (!isCapabilityScope(scope)) fail('INVALID_FIELD', 'not a capability scope', 'scope');
  if (o.reroute !== 'allow' && o.reroute !== 'deny') {
    fail('OUT_OF_RANGE', "expected 'allow' or 'deny'", 'reroute');
  }
  return [
    chipsVersionOf(PACKET_TYPES[code - 1]!),
    code,
    alias(o.destination, 'destination'),
    source,
    packetId(o.packetId, 'packetId'),
    int(o.lamport, 0, SAFE, 'lamport'),
    int(o.seq, 0, SEQ_MAX, 'seq'),
    scope,
    int(o.hopLimit, 0, HOP_LIMIT_MAX, 'hopLimit'),
    o.reroute === 'allow' ? 0 : 1,
    body,
  ];
}

/**
 * Canonical bytes of a packet (docs/spec/chips.md §5): the same packet always gives the same
 * bytes, and decodePacket gives the packet back. Every field is checked first; a bad one is a
 * ChipsError naming it (offset undefined).
 */
export function encodePacket(p: Packet): Uint8Array {
  const o = object(p, 'packet');
  const code = PACKET_TYPES.indexOf(o.type as Packet['type']);
  if (code < 0) fail('UNKNOWN_PACKET_TYPE', `unknown type ${String(o.type)}`, 'type');
  // Header fields are checked before the body, so the first bad field in wire order is reported.
  const wire = packetWire(code + 1, o.header as PacketHeader, null);
  wire[10] = bodyWire(p.type, object(o.body, 'body'));
  const out = encodeChecked(wire);
  if (out.length > MAX_PACKET_BYTES)
    fail('TOO_LARGE', `${out.length} bytes over ${MAX_PACKET_BYTES}`, 'packet');
  return out;
}

function bodyWire(type: Packet['type'], b: Record<string, unknown>): CanonicalValue {
  switch (type) {
    case 'JOB_SUBMIT': {
      // The Q-URI grammar admits printable ASCII only, so its length in chars is its length in bytes.
      const quri = b.quri;
      if (typeof quri !== 'string') fail('WRONG_TYPE', 'expected a string', 'body.quri');
      if (quri.length > MAX_QURI_BYTES)
        fail('TOO_LARGE', `over ${MAX_QURI_BYTES} bytes`, 'body.quri');
      if (!isQUriText(quri)) fail('INVALID_FIELD', 'not a q:// URI', 'body.quri');
      return [
        quri,
        text(b.program, MAX_PROGRAM_BYTES, 'body.program'),
        paramsWire(b.params as JobParams),
      ];
    }
    case 'JOB_RESULT':
      return jobResultWire(b as unknown as JobResultBody);
    case 'SOFT_REJECT':
      return [
        packetId(b.jobId, 'body.jobId'),
        enumCode(SOFT_REJECT_REASONS, b.reason, 'body.reason'),
        b.reroutedTo === null ? null : alias(b.reroutedTo, 'body.reroutedTo'),
      ];
    case 'HEARTBEAT':
      return healthWire(b.report);
    case 'EKS_SYNC':
      return eksSyncWire(b as unknown as EksSyncBody);
    case 'ENTANGLEMENT_REQUEST':
      return [
        alias(b.peer, 'body.peer'),
        int(b.pairs, 1, MAX_PAIRS, 'body.pairs'),
        int(b.minFidelityPpm, 0, PPM_MAX_VALUE, 'body.minFidelityPpm'),
        int(b.deadlineMs, 1, DEADLINE_MS_MAX, 'body.deadlineMs'),
      ];
    case 'MEASUREMENT_RESULT':
      return measurementWire(b as unknown as MeasurementResultBody);
    case 'REGISTRY_BLOCK': {
      const block = bytes(b.block, 'body.block');
      if (block.length === 0) fail('INVALID_FIELD', 'empty block', 'body.block');
      if (block.length > MAX_BLOCK_BYTES)
        fail('TOO_LARGE', `block over ${MAX_BLOCK_BYTES} bytes`, 'body.block');
      return [int(b.height, 0, SAFE, 'body.height'), block];
    }
    case 'ACK':
      return [packetId(b.ackOf, 'body.ackOf')];
    case 'NACK':
      return [
        packetId(b.nackOf, 'body.nackOf'),
        enumCode(NACK_CODES, b.code, 'body.code'),
        text(b.detail, MAX_DETAIL_BYTES, 'body.detail'),
      ];
    case 'EKS_RELAY':
      return [relayWire(b as unknown as EksRelayBody)];
    case 'CONTRACT_RUN':
      return contractRunWire(b as unknown as ContractRunBody);
    case 'WINDOW':
      return windowWire(b as unknown as WindowBody);
  }
}

function keyIdBytes(id: unknown, seen: Set<string>, field: string): Uint8Array {
  if (!isKeyId(id))
    fail(typeof id === 'string' ? 'INVALID_FIELD' : 'WRONG_TYPE', 'not a lower-case UUID', field);
  if (seen.has(id)) fail('DUPLICATE_KEY', `${id} repeated`, field);
  seen.add(id);
  return bytesOfHex(id, KEY_ID_BYTES);
}

function relayWire(b: EksRelayBody): CanonicalValue {
  const list: unknown = b.announcements;
  const field = 'body.announcements';
  if (!Array.isArray(list)) fail('WRONG_TYPE', 'expected an array', field);
  if (list.length === 0) fail('INVALID_FIELD', 'no announcements', field);
  if (list.length > MAX_RELAY_ANNOUNCEMENTS)
    fail('TOO_LARGE', `over ${MAX_RELAY_ANNOUNCEMENTS} announcements`, field);
  const nodeKeys = new Set<string>();
  const hopKeys = new Set<string>();
  return list.map((item, i) => {
    const at = `${field}[${i}]`;
    const a = object(item, at);
    const node = alias(a.node, `${at}.node`);
    const nodeKeyId = keyIdBytes(a.nodeKeyId, nodeKeys, `${at}.nodeKeyId`);
    const hopKeyId = keyIdBytes(a.hopKeyId, hopKeys, `${at}.hopKeyId`);
    const m = bytes(a.announcement, `${at}.announcement`);
    if (m.length !== RELAY_ANNOUNCEMENT_BYTES)
      fail('INVALID_FIELD', `expected ${RELAY_ANNOUNCEMENT_BYTES} bytes`, `${at}.announcement`);
    return [node, nodeKeyId, hopKeyId, m];
  });
}

function contractRunWire(b: ContractRunBody): CanonicalValue {
  const contract = int(b.contract, 1, SAFE, 'body.contract');
  const run = packetId(b.run, 'body.run');
  const use = enumCode(CONTRACT_RUN_USES, b.use, 'body.use');
  const role = int(b.role, 0, 1, 'body.role');
  const peer = alias(b.peer, 'body.peer');
  const secret = bytes(b.secret, 'body.secret');
  if (secret.length !== RUN_SECRET_BYTES)
    fail('INVALID_FIELD', `expected ${RUN_SECRET_BYTES} bytes`, 'body.secret');
  const l = object(b.link, 'body.link');
  const link = [
    int(l.lengthM, 0, RUN_LENGTH_M_MAX, 'body.link.lengthM'),
    int(l.lossMdbPerKm, 0, RUN_LOSS_MDB_PER_KM_MAX, 'body.link.lossMdbPerKm'),
    int(l.attemptRateHz, 1, RUN_ATTEMPT_RATE_HZ_MAX, 'body.link.attemptRateHz'),
    int(l.emissionPpm, 1, PPM_MAX_VALUE, 'body.link.emissionPpm'),
    int(l.detectorPpm, 1, PPM_MAX_VALUE, 'body.link.detectorPpm'),
    int(
      l.initialFidelityPpm,
      RUN_INITIAL_FIDELITY_PPM_MIN,
      PPM_MAX_VALUE,
      'body.link.initialFidelityPpm',
    ),
    int(l.memoryTimeMs, 1, SAFE, 'body.link.memoryTimeMs'),
  ];
  const firstPair = int(b.firstPair, 0, SAFE, 'body.firstPair');
  const pairs = int(b.pairs, 1, MAX_RUN_PAIRS, 'body.pairs');
  let state: CanonicalValue = null;
  if (b.state !== null) {
    const s = object(b.state, 'body.state');
    state = [
      int(s.thetaUrad, 0, RUN_THETA_URAD_MAX, 'body.state.thetaUrad'),
      int(s.phiUrad, 0, RUN_PHI_URAD_MAX, 'body.state.phiUrad'),
    ];
  }
  // Only TELEPORT has an input state: the sender's qubit and the receiver's measurement direction.
  if ((state === null) !== (CONTRACT_RUN_USES[use] === 'CHSH'))
    fail('INVALID_FIELD', 'a state iff use is TELEPORT', 'body.state');
  return [contract, run, use, role, peer, secret, link, firstPair, pairs, state];
}

function windowWire(b: WindowBody): CanonicalValue {
  const contract = int(b.contract, 1, SAFE, 'body.contract');
  const step = enumCode(WINDOW_STEPS, b.step, 'body.step');
  const lengthMs = int(b.lengthMs, 1, WINDOW_LENGTH_MS_MAX, 'body.lengthMs');
  const toleranceMrad = int(b.toleranceMrad, 1, WINDOW_PHASE_MRAD_MAX, 'body.toleranceMrad');
  const clockDomain = alias(b.clockDomain, 'body.clockDomain');
  const activatedL = b.activatedL === null ? null : int(b.activatedL, 1, SAFE, 'body.activatedL');
  const phaseErrorMrad =
    b.phaseErrorMrad === null
      ? null
      : int(b.phaseErrorMrad, 0, WINDOW_PHASE_MRAD_MAX, 'body.phaseErrorMrad');
  // Each step has one shape, so the decoder, which accepts no other, reads back what is written.
  if ((activatedL !== null) !== windowHasActivatedL(WINDOW_STEPS[step]!))
    fail('INVALID_FIELD', 'activatedL iff ACTIVATE or ACTIVE', 'body.activatedL');
  if ((phaseErrorMrad !== null) !== windowHasPhaseError(WINDOW_STEPS[step]!))
    fail('INVALID_FIELD', 'phaseErrorMrad iff READY, ACTIVE or FAULT', 'body.phaseErrorMrad');
  return [contract, step, lengthMs, toleranceMrad, clockDomain, activatedL, phaseErrorMrad];
}

function paramsWire(params: JobParams): CanonicalValue {
  const o = object(params, 'body.params');
  return [
    int(o.shots, 1, SHOTS_MAX, 'body.params.shots'),
    int(o.minFidelityPpm, 0, PPM_MAX_VALUE, 'body.params.minFidelityPpm'),
    o.qubits === null ? null : int(o.qubits, 1, QUBITS_MAX, 'body.params.qubits'),
    o.deadlineMs === null ? null : int(o.deadlineMs, 1, DEADLINE_MS_MAX, 'body.params.deadlineMs'),
    int(o.priority, 0, PRIORITY_MAX, 'body.params.priority'),
  ];
}

function jobResultWire(b: JobResultBody): CanonicalValue {
  const shots = int(b.shots, 1, SHOTS_MAX, 'body.shots');
  const field = 'body.counts';
  if (!Array.isArray(b.counts)) fail('WRONG_TYPE', 'expected an array', field);
  if (b.counts.length > MAX_COUNT_ENTRIES)
    fail('TOO_LARGE', `over ${MAX_COUNT_ENTRIES} outcomes`, field);
  // Keys are equal-length '0'/'1' strings, so the encoder's key sort (UTF-16 order) is their order;
  // the checks below make sure the caller's order already is, so decoding gives the same array back.
  const map: Record<string, number> = {};
  let previous = '';
  let sum = 0;
  for (let i = 0; i < b.counts.length; i++) {
    const c = object(b.counts[i], `${field}[${i}]`);
    const bits = c.bits;
    if (typeof bits !== 'string') fail('WRONG_TYPE', 'expected a string', `${field}[${i}].bits`);
    if (bits.length > MAX_MEASURED_BITS)
      fail('TOO_LARGE', `over ${MAX_MEASURED_BITS} bits`, `${field}[${i}].bits`);
    if (!isBitstring(bits)) fail('INVALID_FIELD', 'not a bit string', `${field}[${i}].bits`);
    if (i > 0) {
      if (bits.length !== previous.length)
        fail('INVALID_FIELD', 'outcomes of different widths', `${field}[${i}].bits`);
      if (bits === previous)
        fail('DUPLICATE_KEY', `outcome ${bits} repeated`, `${field}[${i}].bits`);
      if (bits < previous)
        fail('KEY_ORDER', `outcome ${bits} after ${previous}`, `${field}[${i}].bits`);
    }
    const count = int(c.count, 1, SHOTS_MAX, `${field}[${i}].count`);
    sum += count;
    map[bits] = count;
    previous = bits;
  }
  if (sum !== shots) fail('INVALID_FIELD', `counts sum to ${sum}, shots is ${shots}`, field);
  return [packetId(b.jobId, 'body.jobId'), shots, map];
}

function healthWire(report: unknown): CanonicalValue {
  let r: HealthReport;
  try {
    r = validateHealthReport(report);
  } catch (e) {
    if (e instanceof ChipsError) fail(e.code, e.detail, `body.report.${e.field ?? ''}`);
    throw e;
  }
  return [
    r.eksOk,
    r.eksLastSyncMs,
    r.eksLossReason === undefined ? null : EKS_LOSS_REASONS.indexOf(r.eksLossReason),
    r.fidelity1qPpm,
    r.fidelity2qPpm,
    r.utilisationPct,
    faultMask(r.faults),
  ];
}

function eksSyncWire(b: EksSyncBody): CanonicalValue {
  const s = object(b.status, 'body.status');
  const lastSyncMs = int(s.lastSyncMs, 0, SAFE, 'body.status.lastSyncMs');
  if (!Array.isArray(b.keyIds)) fail('WRONG_TYPE', 'expected an array', 'body.keyIds');
  if (b.keyIds.length > MAX_KEY_IDS)
    fail('TOO_LARGE', `over ${MAX_KEY_IDS} key ids`, 'body.keyIds');
  const ids: Uint8Array[] = [];
  for (let i = 0; i < b.keyIds.length; i++) {
    const id: unknown = b.keyIds[i];
    const field = `body.keyIds[${i}]`;
    if (!isKeyId(id))
      fail(typeof id === 'string' ? 'INVALID_FIELD' : 'WRONG_TYPE', 'not a lower-case UUID', field);
    const previous = b.keyIds[i - 1];
    if (previous !== undefined && id <= previous) {
      fail(
        id === previous ? 'DUPLICATE_KEY' : 'KEY_ORDER',
        'key ids must be sorted and unique',
        field,
      );
    }
    ids.push(bytesOfHex(id, KEY_ID_BYTES));
  }
  let head: CanonicalValue[];
  if (s.state === 'stable') {
    head = [0, lastSyncMs, int(s.keyBitsAvailable, 0, SAFE, 'body.status.keyBitsAvailable'), ids];
  } else if (s.state === 'lost') {
    if (ids.length > 0) fail('INVALID_FIELD', 'key ids with a lost EKS', 'body.keyIds');
    head = [1, lastSyncMs, enumCode(EKS_LOSS_REASONS, s.reason, 'body.status.reason'), ids];
  } else {
    return fail('OUT_OF_RANGE', "expected 'stable' or 'lost'", 'body.status.state');
  }
  const round = int(b.round, 0, EKS_ROUND_MAX, 'body.round');
  const l = object(b.link, 'body.link');
  return [
    ...head,
    round,
    [
      int(l.distanceM, 0, EKS_DISTANCE_M_MAX, 'body.link.distanceM'),
      int(l.fibreLossMilliDbPerKm, 0, EKS_FIBRE_LOSS_MDB_MAX, 'body.link.fibreLossMilliDbPerKm'),
      int(l.pulsesPerRound, EKS_PULSES_MIN, EKS_PULSES_MAX, 'body.link.pulsesPerRound'),
      int(l.eavesdropperPpm, 0, PPM_MAX_VALUE, 'body.link.eavesdropperPpm'),
    ],
  ];
}

function measurementWire(b: MeasurementResultBody): CanonicalValue {
  const bases = bytes(b.bases, 'body.bases');
  const outcomes = bytes(b.outcomes, 'body.outcomes');
  const n = bases.length;
  if (n === 0) fail('INVALID_FIELD', 'no measurements', 'body.bases');
  if (n > MAX_PAIRS) fail('TOO_LARGE', `over ${MAX_PAIRS} measurements`, 'body.bases');
  if (outcomes.length !== n) fail('INVALID_FIELD', 'one outcome per basis', 'body.outcomes');
  const packed = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    if (bases[i]! > 3) fail('OUT_OF_RANGE', `basis ${bases[i]} at pair ${i}`, 'body.bases');
    const bit = outcomes[i]!;
    if (bit > 1) fail('OUT_OF_RANGE', `outcome ${bit} at pair ${i}`, 'body.outcomes');
    packed[i >> 3]! |= bit << (7 - (i & 7));
  }
  return [packetId(b.requestId, 'body.requestId'), bases, packed];
}
