import { describe, expect, it } from 'vitest';
import { decodePacket, encodeCanonical, encodePacket } from '../src/index.js';
import {
  error,
  type FixtureName,
  fixtures,
  offsetOf,
  patched,
  type Wire,
  wireOf,
} from './packet-fixtures.js';

const hexBytes = (s: string): Uint8Array =>
  Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('decodePacket names the field of a value of the wrong type, at its head (spec chips §7)', () => {
  // [packet, path of the element in the wire array, field]: the element is replaced by `true`
  // (by 0 where a boolean goes), a head no field of these types accepts.
  const rows: [FixtureName, number[], string][] = [
    ['ack', [0], 'version'],
    ['ack', [1], 'type'],
    ['ack', [2], 'destination'],
    ['ack', [3], 'source'],
    ['ack', [4], 'packetId'],
    ['ack', [5], 'lamport'],
    ['ack', [6], 'seq'],
    ['ack', [7], 'scope'],
    ['ack', [8], 'hopLimit'],
    ['ack', [9], 'reroute'],
    ['submit', [10], 'body'],
    ['submit', [10, 0], 'body.quri'],
    ['submit', [10, 1], 'body.program'],
    ['submit', [10, 2], 'body.params'],
    ['submit', [10, 2, 2], 'body.params.qubits'],
    ['result', [10], 'body'],
    ['result', [10, 0], 'body.jobId'],
    ['result', [10, 1], 'body.shots'],
    ['result', [10, 2], 'body.counts'],
    ['softReject', [10], 'body'],
    ['softReject', [10, 0], 'body.jobId'],
    ['softReject', [10, 1], 'body.reason'],
    ['softReject', [10, 2], 'body.reroutedTo'],
    ['heartbeat', [10], 'body'],
    ['heartbeat', [10, 0], 'body.eksOk'],
    ['heartbeat', [10, 1], 'body.eksLastSyncMs'],
    ['heartbeat', [10, 2], 'body.eksLossReason'],
    ['heartbeat', [10, 6], 'body.faults'],
    ['eksSync', [10], 'body'],
    ['eksSync', [10, 0], 'body.state'],
    ['eksSync', [10, 1], 'body.lastSyncMs'],
    ['eksSync', [10, 2], 'body.keyBitsAvailable'],
    ['eksLost', [10, 2], 'body.reason'],
    ['eksSync', [10, 3], 'body.keyIds'],
    ['eksSync', [10, 3, 1], 'body.keyIds'],
    ['eksSync', [10, 4], 'body.round'],
    ['eksSync', [10, 5], 'body.link'],
    ['entangle', [10], 'body'],
    ['entangle', [10, 0], 'body.peer'],
    ['measured', [10], 'body'],
    ['measured', [10, 0], 'body.requestId'],
    ['measured', [10, 1], 'body.bases'],
    ['measured', [10, 2], 'body.outcomes'],
    ['block', [10], 'body'],
    ['block', [10, 0], 'body.height'],
    ['block', [10, 1], 'body.block'],
    ['ack', [10], 'body'],
    ['ack', [10, 0], 'body.ackOf'],
    ['nack', [10], 'body'],
    ['nack', [10, 0], 'body.nackOf'],
    ['nack', [10, 1], 'body.code'],
    ['nack', [10, 2], 'body.detail'],
    ['relay', [10], 'body'],
    ['relay', [10, 0], 'body.announcements'],
    ['relay', [10, 0, 0], 'body.announcements'],
    ['relay', [10, 0, 0, 0], 'body.announcements.node'],
    ['relay', [10, 0, 0, 1], 'body.announcements.nodeKeyId'],
    ['relay', [10, 0, 0, 2], 'body.announcements.hopKeyId'],
    ['relay', [10, 0, 0, 3], 'body.announcements.announcement'],
    ['contractRun', [10], 'body'],
    ['contractRun', [10, 0], 'body.contract'],
    ['contractRun', [10, 1], 'body.run'],
    ['contractRun', [10, 2], 'body.use'],
    ['contractRun', [10, 3], 'body.role'],
    ['contractRun', [10, 4], 'body.peer'],
    ['contractRun', [10, 5], 'body.secret'],
    ['contractRun', [10, 6], 'body.link'],
    ['contractRun', [10, 6, 0], 'body.link.lengthM'],
    ['contractRun', [10, 6, 1], 'body.link.lossMdbPerKm'],
    ['contractRun', [10, 6, 2], 'body.link.attemptRateHz'],
    ['contractRun', [10, 6, 3], 'body.link.emissionPpm'],
    ['contractRun', [10, 6, 4], 'body.link.detectorPpm'],
    ['contractRun', [10, 6, 5], 'body.link.initialFidelityPpm'],
    ['contractRun', [10, 6, 6], 'body.link.memoryTimeMs'],
    ['contractRun', [10, 7], 'body.firstPair'],
    ['contractRun', [10, 8], 'body.pairs'],
    ['contractRun', [10, 9], 'body.state'],
    ['contractTeleport', [10, 9], 'body.state'],
    ['contractTeleport', [10, 9, 0], 'body.state.thetaUrad'],
    ['contractTeleport', [10, 9, 1], 'body.state.phiUrad'],
    ['windowPrepare', [10], 'body'],
    ['windowPrepare', [10, 0], 'body.contract'],
    ['windowPrepare', [10, 1], 'body.step'],
    ['windowPrepare', [10, 2], 'body.lengthMs'],
    ['windowPrepare', [10, 3], 'body.toleranceMrad'],
    ['windowPrepare', [10, 4], 'body.clockDomain'],
    ['windowPrepare', [10, 5], 'body.activatedL'],
    ['windowPrepare', [10, 6], 'body.phaseErrorMrad'],
    ['windowActive', [10, 5], 'body.activatedL'],
    ['windowActive', [10, 6], 'body.phaseErrorMrad'],
  ];
  it.each(rows)('%s at %j: WRONG_TYPE, field %s', (name, path, field) => {
    const wire = wireOf(fixtures[name]);
    const value = field === 'body.eksOk' ? 0 : true;
    expect(error(() => decodePacket(encodeCanonical(patched(wire, path, value))))).toStrictEqual({
      code: 'WRONG_TYPE',
      offset: offsetOf(wire, path),
      field,
    });
  });

  it('a packet that is not an array is WRONG_TYPE, field packet, at 0', () => {
    expect(error(() => decodePacket(Uint8Array.of(0xc3)))).toStrictEqual({
      code: 'WRONG_TYPE',
      offset: 0,
      field: 'packet',
    });
  });
});

describe('decodePacket: the order of the packet-array checks (spec chips §4 steps 3-5)', () => {
  it.each([
    ['version 6 before an unknown type', '9b 06 0e'],
    ['version 0 before an unknown type', '9b 00 00'],
    ['version 6 before a missing type', '91 06'],
    ['version 0 before a missing type', '91 00'],
    ['version 6 before a missing field', '92 06 09'],
  ])('%s: UNSUPPORTED_VERSION at the version', (_name, hex) => {
    expect(error(() => decodePacket(hexBytes(hex)))).toStrictEqual({
      code: 'UNSUPPORTED_VERSION',
      offset: 1,
      field: 'version',
    });
  });

  it('a packet array of 12 elements is UNKNOWN_FIELD, field packet, at the array head', () => {
    expect(error(() => decodePacket(hexBytes('9c 01 09')))).toStrictEqual({
      code: 'UNKNOWN_FIELD',
      offset: 0,
      field: 'packet',
    });
  });
});

describe('decodePacket: JOB_RESULT outcomes are unique and ascending (spec chips §5.2)', () => {
  /** The result packet's bytes with its counts map (the last value) replaced by `map`. */
  function withCounts(map: string): { bytes: Uint8Array; mapAt: number } {
    const p = fixtures.result;
    const full = encodePacket(p);
    const mapAt = full.length - encodeCanonical((wireOf(p)[10] as Wire)[2]!).length;
    const tail = hexBytes(map);
    const bytes = new Uint8Array(mapAt + tail.length);
    bytes.set(full.subarray(0, mapAt));
    bytes.set(tail, mapAt);
    return { bytes, mapAt };
  }

  it('accepts the counts written by hand in ascending order', () => {
    const { bytes } = withCounts('82 a2 3030 01 a2 3131 02');
    expect(decodePacket(bytes)).toStrictEqual(fixtures.result);
  });

  it.each([
    ['an outcome repeated', '82 a2 3030 01 a2 3030 02', 'DUPLICATE_KEY'],
    ['outcomes in descending order', '82 a2 3131 01 a2 3030 02', 'KEY_ORDER'],
  ])('%s: %s at the second key, field body.counts', (_name, map, code) => {
    const { bytes, mapAt } = withCounts(map);
    expect(error(() => decodePacket(bytes))).toStrictEqual({
      code,
      offset: mapAt + 5, // map head, first key (3 bytes), its count
      field: 'body.counts',
    });
  });
});
