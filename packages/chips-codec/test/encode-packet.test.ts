import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodePacket,
  type KeyId,
  MAX_PACKET_BYTES,
  type Packet,
} from '../src/index.js';
import {
  error,
  type FixtureName,
  fixtures,
  header,
  ID,
  KEY_A,
  KEY_B,
  withField,
} from './packet-fixtures.js';

const MAX_BLOCK_BYTES = MAX_PACKET_BYTES - 1024;
const MAX_PAIRS = 1_048_576;

/** `n` distinct bit strings of `width` bits, ascending. */
const outcomes = (n: number, width: number): string[] =>
  Array.from({ length: n }, (_, i) => i.toString(2).padStart(width, '0'));

/** A JOB_RESULT with one count per outcome. */
function resultOf(bits: readonly string[], count: (i: number) => number = () => 1): Packet {
  const counts = bits.map((b, i) => ({ bits: b, count: count(i) }));
  const shots = counts.reduce((s, c) => s + c.count, 0);
  return { type: 'JOB_RESULT', header, body: { jobId: ID, shots, counts } };
}

/** `n` distinct key ids, ascending. */
const keyIds = (n: number): KeyId[] =>
  Array.from(
    { length: n },
    (_, i) => `00000000-0000-0000-0000-${i.toString(16).padStart(12, '0')}` as KeyId,
  );

const measurement = (n: number): Packet =>
  withField(
    withField(fixtures.measured, 'body.bases', new Uint8Array(n)),
    'body.outcomes',
    new Uint8Array(n),
  );

describe('encodePacket refuses a bad in-memory field with the decoder code and its path (spec chips §5.3)', () => {
  // [packet, path of the field, value put there, code, field reported]
  const rows: [FixtureName, string, unknown, string, string][] = [
    ['ack', 'header', null, 'WRONG_TYPE', 'header'],
    ['ack', 'body', [], 'WRONG_TYPE', 'body'],
    ['ack', 'body', 'x', 'WRONG_TYPE', 'body'],
    ['ack', 'header.destination', 5, 'WRONG_TYPE', 'destination'],
    ['ack', 'header.source', 5, 'WRONG_TYPE', 'source'],
    ['ack', 'header.packetId', 5, 'WRONG_TYPE', 'packetId'],
    ['ack', 'header.packetId', 'ABC', 'INVALID_FIELD', 'packetId'],
    ['ack', 'header.lamport', '5', 'WRONG_TYPE', 'lamport'],
    ['ack', 'header.seq', -1, 'OUT_OF_RANGE', 'seq'],
    ['ack', 'header.seq', 2 ** 32, 'OUT_OF_RANGE', 'seq'],
    ['ack', 'header.scope', 5, 'WRONG_TYPE', 'scope'],
    ['ack', 'header.scope', `a${':a'.repeat(32)}`, 'TOO_LARGE', 'scope'],
    ['ack', 'header.reroute', 'maybe', 'OUT_OF_RANGE', 'reroute'],
    ['submit', 'body.quri', 5, 'WRONG_TYPE', 'body.quri'],
    ['submit', 'body.quri', `q://${'a'.repeat(2045)}`, 'TOO_LARGE', 'body.quri'],
    ['submit', 'body.quri', 'http://rigel/run', 'INVALID_FIELD', 'body.quri'],
    ['submit', 'body.program', 5, 'WRONG_TYPE', 'body.program'],
    ['submit', 'body.program', 'a\ud800', 'INVALID_UTF8', 'body.program'],
    ['submit', 'body.program', 'e\u0301', 'NOT_NFC', 'body.program'],
    ['submit', 'body.params', null, 'WRONG_TYPE', 'body.params'],
    ['submit', 'body.params.shots', 0, 'OUT_OF_RANGE', 'body.params.shots'],
    ['submit', 'body.params.minFidelityPpm', -1, 'OUT_OF_RANGE', 'body.params.minFidelityPpm'],
    ['submit', 'body.params.qubits', 0, 'OUT_OF_RANGE', 'body.params.qubits'],
    ['submit', 'body.params.deadlineMs', 0, 'OUT_OF_RANGE', 'body.params.deadlineMs'],
    ['submit', 'body.params.priority', 8, 'OUT_OF_RANGE', 'body.params.priority'],
    ['result', 'body.jobId', 'x', 'INVALID_FIELD', 'body.jobId'],
    ['result', 'body.shots', 0, 'OUT_OF_RANGE', 'body.shots'],
    ['result', 'body.counts', {}, 'WRONG_TYPE', 'body.counts'],
    ['result', 'body.counts.0', 5, 'WRONG_TYPE', 'body.counts[0]'],
    ['result', 'body.counts.0.bits', 5, 'WRONG_TYPE', 'body.counts[0].bits'],
    ['result', 'body.counts.0.bits', '0'.repeat(257), 'TOO_LARGE', 'body.counts[0].bits'],
    ['result', 'body.counts.0.bits', '0x', 'INVALID_FIELD', 'body.counts[0].bits'],
    ['result', 'body.counts.1.bits', '1', 'INVALID_FIELD', 'body.counts[1].bits'],
    ['result', 'body.counts.1.bits', '00', 'DUPLICATE_KEY', 'body.counts[1].bits'],
    ['result', 'body.counts.0.count', 0, 'OUT_OF_RANGE', 'body.counts[0].count'],
    ['softReject', 'body.jobId', 5, 'WRONG_TYPE', 'body.jobId'],
    ['softReject', 'body.reason', 'SOLAR_FLARE', 'OUT_OF_RANGE', 'body.reason'],
    ['softReject', 'body.reason', 0, 'WRONG_TYPE', 'body.reason'],
    ['softReject', 'body.reroutedTo', 'Vega', 'INVALID_FIELD', 'body.reroutedTo'],
    ['heartbeat', 'body.report.eksOk', 1, 'WRONG_TYPE', 'body.report.eksOk'],
    ['heartbeat', 'body.report.faults', ['GREMLINS'], 'OUT_OF_RANGE', 'body.report.faults[0]'],
    ['eksSync', 'body.status', null, 'WRONG_TYPE', 'body.status'],
    ['eksSync', 'body.status.lastSyncMs', -1, 'OUT_OF_RANGE', 'body.status.lastSyncMs'],
    ['eksSync', 'body.status.keyBitsAvailable', -1, 'OUT_OF_RANGE', 'body.status.keyBitsAvailable'],
    ['eksSync', 'body.status.state', 'shaky', 'OUT_OF_RANGE', 'body.status.state'],
    ['eksSync', 'body.keyIds', 'x', 'WRONG_TYPE', 'body.keyIds'],
    ['eksSync', 'body.keyIds.0', 'nope', 'INVALID_FIELD', 'body.keyIds[0]'],
    ['eksSync', 'body.keyIds.1', 5, 'WRONG_TYPE', 'body.keyIds[1]'],
    ['eksSync', 'body.keyIds', [KEY_B, KEY_A], 'KEY_ORDER', 'body.keyIds[1]'],
    ['eksSync', 'body.keyIds', [KEY_A, KEY_A], 'DUPLICATE_KEY', 'body.keyIds[1]'],
    ['eksSync', 'body.round', -1, 'OUT_OF_RANGE', 'body.round'],
    ['eksSync', 'body.link', null, 'WRONG_TYPE', 'body.link'],
    ['eksSync', 'body.link.distanceM', -1, 'OUT_OF_RANGE', 'body.link.distanceM'],
    [
      'eksSync',
      'body.link.fibreLossMilliDbPerKm',
      -1,
      'OUT_OF_RANGE',
      'body.link.fibreLossMilliDbPerKm',
    ],
    ['eksSync', 'body.link.eavesdropperPpm', -1, 'OUT_OF_RANGE', 'body.link.eavesdropperPpm'],
    ['eksLost', 'body.status.reason', 'SOLAR_FLARE', 'OUT_OF_RANGE', 'body.status.reason'],
    ['eksLost', 'body.keyIds', [KEY_A], 'INVALID_FIELD', 'body.keyIds'],
    ['entangle', 'body.peer', 'Vega', 'INVALID_FIELD', 'body.peer'],
    ['entangle', 'body.pairs', 0, 'OUT_OF_RANGE', 'body.pairs'],
    ['entangle', 'body.minFidelityPpm', 1_000_001, 'OUT_OF_RANGE', 'body.minFidelityPpm'],
    ['entangle', 'body.deadlineMs', 0, 'OUT_OF_RANGE', 'body.deadlineMs'],
    ['measured', 'body.requestId', 5, 'WRONG_TYPE', 'body.requestId'],
    ['measured', 'body.bases', [0, 3], 'WRONG_TYPE', 'body.bases'],
    ['measured', 'body.outcomes', [1, 1], 'WRONG_TYPE', 'body.outcomes'],
    ['measured', 'body.bases', new Uint8Array(0), 'INVALID_FIELD', 'body.bases'],
    ['measured', 'body.outcomes', Uint8Array.of(1), 'INVALID_FIELD', 'body.outcomes'],
    ['measured', 'body.outcomes', Uint8Array.of(1, 2), 'OUT_OF_RANGE', 'body.outcomes'],
    ['block', 'body.height', -1, 'OUT_OF_RANGE', 'body.height'],
    ['block', 'body.block', [1, 2, 3], 'WRONG_TYPE', 'body.block'],
    ['block', 'body.block', new Uint8Array(0), 'INVALID_FIELD', 'body.block'],
    ['nack', 'body.nackOf', 5, 'WRONG_TYPE', 'body.nackOf'],
    ['nack', 'body.code', 'OOPS', 'OUT_OF_RANGE', 'body.code'],
    ['nack', 'body.detail', 'x'.repeat(257), 'TOO_LARGE', 'body.detail'],
    ['relay', 'body.announcements', {}, 'WRONG_TYPE', 'body.announcements'],
    [
      'relay',
      'body.announcements.0.announcement',
      [1],
      'WRONG_TYPE',
      'body.announcements[0].announcement',
    ],
    ['contractRun', 'body.contract', 0, 'OUT_OF_RANGE', 'body.contract'],
    ['contractRun', 'body.run', 5, 'WRONG_TYPE', 'body.run'],
    ['contractRun', 'body.use', 'BELL', 'OUT_OF_RANGE', 'body.use'],
    ['contractRun', 'body.role', 2, 'OUT_OF_RANGE', 'body.role'],
    ['contractRun', 'body.peer', 'Vega', 'INVALID_FIELD', 'body.peer'],
    ['contractRun', 'body.secret', new Uint8Array(31), 'INVALID_FIELD', 'body.secret'],
    ['contractRun', 'body.link', [], 'WRONG_TYPE', 'body.link'],
    ['contractRun', 'body.link.lengthM', -1, 'OUT_OF_RANGE', 'body.link.lengthM'],
    ['contractRun', 'body.firstPair', -1, 'OUT_OF_RANGE', 'body.firstPair'],
    ['contractRun', 'body.pairs', 65_537, 'OUT_OF_RANGE', 'body.pairs'],
    ['contractRun', 'body.state', { thetaUrad: 0, phiUrad: 0 }, 'INVALID_FIELD', 'body.state'],
    ['contractTeleport', 'body.state', null, 'INVALID_FIELD', 'body.state'],
    ['contractTeleport', 'body.state', [0, 0], 'WRONG_TYPE', 'body.state'],
    ['contractTeleport', 'body.state.phiUrad', -1, 'OUT_OF_RANGE', 'body.state.phiUrad'],
    ['windowPrepare', 'body.contract', 0, 'OUT_OF_RANGE', 'body.contract'],
    ['windowPrepare', 'body.step', 'OPEN', 'OUT_OF_RANGE', 'body.step'],
    ['windowPrepare', 'body.lengthMs', 0, 'OUT_OF_RANGE', 'body.lengthMs'],
    ['windowPrepare', 'body.toleranceMrad', 6_284, 'OUT_OF_RANGE', 'body.toleranceMrad'],
    ['windowPrepare', 'body.clockDomain', 'UTC', 'INVALID_FIELD', 'body.clockDomain'],
    ['windowPrepare', 'body.activatedL', 1, 'INVALID_FIELD', 'body.activatedL'],
    ['windowPrepare', 'body.phaseErrorMrad', 0, 'INVALID_FIELD', 'body.phaseErrorMrad'],
    ['windowActive', 'body.activatedL', null, 'INVALID_FIELD', 'body.activatedL'],
    ['windowActive', 'body.activatedL', 0, 'OUT_OF_RANGE', 'body.activatedL'],
    ['windowActive', 'body.phaseErrorMrad', null, 'INVALID_FIELD', 'body.phaseErrorMrad'],
    ['windowActive', 'body.phaseErrorMrad', 6_284, 'OUT_OF_RANGE', 'body.phaseErrorMrad'],
  ];
  it.each(rows)('%s %s = %j: %s, field %s', (name, path, value, code, field) => {
    expect(error(() => encodePacket(withField(fixtures[name], path, value)))).toStrictEqual({
      code,
      offset: undefined,
      field,
    });
  });

  it.each([
    ['a string', 'x'],
    ['null', null],
    ['an array', []],
  ])('a packet that is %s is WRONG_TYPE, field packet', (_name, value) => {
    expect(error(() => encodePacket(value as unknown as Packet))).toStrictEqual({
      code: 'WRONG_TYPE',
      offset: undefined,
      field: 'packet',
    });
  });

  it('an exception other than ChipsError while reading the report passes through unchanged', () => {
    const boom = new RangeError('getter failed');
    const report = {
      ...fixtures.heartbeat.body.report,
      get eksOk(): boolean {
        throw boom;
      },
    };
    const p = { ...fixtures.heartbeat, body: { report } } as Packet;
    expect(() => encodePacket(p)).toThrow(boom);
  });
});

describe('encodePacket: every length limit admits its maximum and refuses one more (spec chips §6)', () => {
  // [limit, packet at the limit, packet one over, field reported]
  const rows: [string, () => Packet, () => Packet, string][] = [
    [
      'detail bytes (multi-byte text)',
      () => withField(fixtures.nack, 'body.detail', 'é'.repeat(128)),
      () => withField(fixtures.nack, 'body.detail', `${'é'.repeat(128)}x`),
      'body.detail',
    ],
    [
      'quri bytes',
      () => withField(fixtures.submit, 'body.quri', `q://${'a'.repeat(2044)}`),
      () => withField(fixtures.submit, 'body.quri', `q://${'a'.repeat(2045)}`),
      'body.quri',
    ],
    [
      'measured bits',
      () => resultOf(outcomes(2, 256)),
      () => resultOf(outcomes(2, 257)),
      'body.counts[0].bits',
    ],
    [
      'outcomes per result',
      () => resultOf(outcomes(65_536, 17)),
      () => resultOf(outcomes(65_537, 17)),
      'body.counts',
    ],
    [
      'key ids per EKS_SYNC',
      () => withField(fixtures.eksSync, 'body.keyIds', keyIds(1024)),
      () => withField(fixtures.eksSync, 'body.keyIds', keyIds(1025)),
      'body.keyIds',
    ],
    [
      'measured pairs',
      () => measurement(MAX_PAIRS),
      () => measurement(MAX_PAIRS + 1),
      'body.bases',
    ],
    [
      'registry block bytes',
      () => withField(fixtures.block, 'body.block', new Uint8Array(MAX_BLOCK_BYTES)),
      () => withField(fixtures.block, 'body.block', new Uint8Array(MAX_BLOCK_BYTES + 1)),
      'body.block',
    ],
  ];
  it.each(rows)('%s', (_limit, atLimit, overLimit, field) => {
    const bytes = encodePacket(atLimit());
    // Compared with Buffer#equals: a deep equality over megabytes is far slower than the codec.
    expect(Buffer.from(encodePacket(decodePacket(bytes))).equals(bytes)).toBe(true);
    expect(error(() => encodePacket(overLimit()))).toStrictEqual({
      code: 'TOO_LARGE',
      offset: undefined,
      field,
    });
  });

  it('a packet of exactly MAX_PACKET_BYTES is written, one byte more is TOO_LARGE (field packet)', () => {
    // JOB_RESULT with 255-bit outcomes: each entry is a str 8 head (2), 255 bytes and a count,
    // 1 byte for counts under 128 and 2 for 128; the only body that can outgrow 4 MiB.
    const width = 255;
    const entry = 2 + width + 1;
    const sized = (n: number, wide: number) =>
      resultOf(outcomes(n, width), (i) => (i < wide ? 128 : 1));
    const fixed = encodePacket(sized(300, 0)).length - 300 * entry;
    const n = Math.floor((MAX_PACKET_BYTES - fixed) / entry);
    const wide = MAX_PACKET_BYTES - fixed - n * entry;
    expect(encodePacket(sized(n, wide)).length).toBe(MAX_PACKET_BYTES);
    expect(error(() => encodePacket(sized(n, wide + 1)))).toStrictEqual({
      code: 'TOO_LARGE',
      offset: undefined,
      field: 'packet',
    });
  });
});
