import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  ChipsError,
  decodeCanonical,
  decodePacket,
  encodeCanonical,
  encodePacket,
  type KeyId,
  type NodeId,
  type Packet,
  type PacketHeader,
  type PacketId,
} from '../src/index.js';

const header: PacketHeader = {
  destination: 'rigel',
  source: '0011223344556677' as NodeId,
  packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
  lamport: 42,
  seq: 7,
  scope: 'job:submit',
  hopLimit: 8,
  reroute: 'allow',
};
const ID = 'ffeeddccbbaa99887766554433221100' as PacketId;

type Wire = CanonicalValue[];
const wireOf = (p: Packet): Wire => structuredClone(decodeCanonical(encodePacket(p)) as Wire);
const body = (w: Wire) => w[10] as Wire;

function error(f: () => unknown): { code: string; offset?: number; field?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof ChipsError) return { code: e.code, offset: e.offset, field: e.field };
    throw e;
  }
  throw new Error('no error');
}

/** The decode error of `p`'s wire form after `patch`. */
function refusal(p: Packet, patch: (w: Wire) => void): { code: string; field?: string } {
  const w = wireOf(p);
  patch(w);
  const { code, field } = error(() => decodePacket(encodeCanonical(w)));
  return { code, field };
}

/** `p`'s wire form after `patch`, decoded. */
function accepted(p: Packet, patch: (w: Wire) => void): Packet {
  const w = wireOf(p);
  patch(w);
  return decodePacket(encodeCanonical(w));
}

const ack: Packet = { type: 'ACK', header, body: { ackOf: ID } };
const submit: Packet = {
  type: 'JOB_SUBMIT',
  header,
  body: {
    quri: 'q://rigel/run',
    program: 'OPENQASM 3;',
    params: { shots: 1024, minFidelityPpm: 0, qubits: null, deadlineMs: null, priority: 0 },
  },
};
const result: Packet = {
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
};
const softReject: Packet = {
  type: 'SOFT_REJECT',
  header,
  body: { jobId: ID, reason: 'EKS_LOSS', reroutedTo: null },
};
const heartbeat: Packet = {
  type: 'HEARTBEAT',
  header,
  body: {
    report: {
      eksOk: true,
      eksLastSyncMs: 5,
      fidelity1qPpm: 999_000,
      fidelity2qPpm: 990_000,
      utilisationPct: 40,
      faults: [],
    },
  },
};
const entangle: Packet = {
  type: 'ENTANGLEMENT_REQUEST',
  header,
  body: { peer: 'vega', pairs: 10, minFidelityPpm: 900_000, deadlineMs: 1_000 },
};
const measured: Packet = {
  type: 'MEASUREMENT_RESULT',
  header,
  body: { requestId: ID, bases: Uint8Array.of(0, 3), outcomes: Uint8Array.of(1, 1) },
};
const block: Packet = {
  type: 'REGISTRY_BLOCK',
  header,
  body: { height: 9, block: Uint8Array.of(1, 2, 3) },
};
const nack: Packet = {
  type: 'NACK',
  header,
  body: { nackOf: ID, code: 'MALFORMED', detail: 'bad' },
};
const KEY_A = '00000000-0000-0000-0000-000000000001' as KeyId;
const KEY_B = '00000000-0000-0000-0000-000000000002' as KeyId;
const eksSync: Packet = {
  type: 'EKS_SYNC',
  header,
  body: {
    status: { state: 'stable', lastSyncMs: 1, keyBitsAvailable: 256 },
    keyIds: [KEY_A, KEY_B],
    round: 1,
    link: {
      distanceM: 1_000,
      fibreLossMilliDbPerKm: 200,
      pulsesPerRound: 1_024,
      eavesdropperPpm: 0,
    },
  },
} as Packet;

describe('decodePacket: the packet array and header (spec chips §5)', () => {
  it('names the missing field of a short packet array, at the array head', () => {
    expect(error(() => decodePacket(Uint8Array.of(0x90)))).toStrictEqual({
      code: 'MISSING_FIELD',
      offset: 0,
      field: 'version',
    });
    expect(error(() => decodePacket(Uint8Array.of(0x91, 0x01)))).toStrictEqual({
      code: 'MISSING_FIELD',
      offset: 0,
      field: 'type',
    });
    expect(error(() => decodePacket(Uint8Array.of(0x9a, 0x01, 0x09)))).toStrictEqual({
      code: 'MISSING_FIELD',
      offset: 0,
      field: 'packet',
    });
  });

  it('reads versions 1 to 5 only, each type at its own version', () => {
    expect(error(() => decodePacket(Uint8Array.of(0x9b, 0x00, 0x09)))).toStrictEqual({
      code: 'UNSUPPORTED_VERSION',
      offset: 1,
      field: 'version',
    });
    expect(error(() => decodePacket(Uint8Array.of(0x9b, 0x06, 0x09)))).toStrictEqual({
      code: 'UNSUPPORTED_VERSION',
      offset: 1,
      field: 'version',
    });
    expect(refusal(ack, (w) => void (w[0] = 2))).toStrictEqual({
      code: 'UNSUPPORTED_VERSION',
      field: 'version',
    });
    expect(refusal(eksSync, (w) => void (w[0] = 1))).toStrictEqual({
      code: 'UNSUPPORTED_VERSION',
      field: 'version',
    });
    expect(refusal(ack, (w) => void (w[1] = 14))).toStrictEqual({
      code: 'UNKNOWN_PACKET_TYPE',
      field: 'type',
    });
  });

  it('checks the scope and reads reroute 1 as deny', () => {
    expect(refusal(ack, (w) => void (w[7] = 'Job Submit'))).toStrictEqual({
      code: 'INVALID_FIELD',
      field: 'scope',
    });
    expect(accepted(ack, (w) => void (w[9] = 1)).header.reroute).toBe('deny');
  });

  it('accepts input of exactly maxBytes and refuses one byte more', () => {
    const b = encodePacket(ack);
    expect(decodePacket(b, { maxBytes: b.length })).toStrictEqual(ack);
    expect(error(() => decodePacket(b, { maxBytes: b.length - 1 }))).toStrictEqual({
      code: 'TOO_LARGE',
      offset: 0,
      field: undefined,
    });
  });
});

describe('decodePacket: body rules per type (spec chips §5)', () => {
  it('JOB_SUBMIT: a q:// URI and job parameters in range, nil for absent ones', () => {
    expect(decodePacket(encodePacket(submit))).toStrictEqual(submit);
    const params = (w: Wire) => body(w)[2] as Wire;
    expect(
      accepted(submit, (w) => {
        params(w)[2] = 20;
        params(w)[3] = 500;
      }).body,
    ).toStrictEqual({
      ...submit.body,
      params: { shots: 1024, minFidelityPpm: 0, qubits: 20, deadlineMs: 500, priority: 0 },
    });
    const cases: [(w: Wire) => void, string, string][] = [
      [(w) => void (body(w)[0] = 'http://rigel/run'), 'INVALID_FIELD', 'body.quri'],
      [(w) => void body(w).pop(), 'MISSING_FIELD', 'body'],
      [(w) => void params(w).pop(), 'MISSING_FIELD', 'body.params'],
      [(w) => void (params(w)[0] = 0), 'OUT_OF_RANGE', 'body.params.shots'],
      [(w) => void (params(w)[1] = 1_000_001), 'OUT_OF_RANGE', 'body.params.minFidelityPpm'],
      [(w) => void (params(w)[2] = 32_768), 'OUT_OF_RANGE', 'body.params.qubits'],
      [(w) => void (params(w)[2] = 0), 'OUT_OF_RANGE', 'body.params.qubits'],
      [(w) => void (params(w)[3] = 0), 'OUT_OF_RANGE', 'body.params.deadlineMs'],
      [(w) => void (params(w)[4] = 8), 'OUT_OF_RANGE', 'body.params.priority'],
    ];
    for (const [patch, code, field] of cases) {
      expect(refusal(submit, patch)).toStrictEqual({ code, field });
    }
  });

  it('JOB_RESULT: outcomes are bit strings of one width whose counts sum to shots', () => {
    expect(decodePacket(encodePacket(result))).toStrictEqual(result);
    const cases: [(w: Wire) => void, string, string][] = [
      [(w) => void (body(w)[1] = 4), 'INVALID_FIELD', 'body.counts'],
      [(w) => void (body(w)[1] = 0), 'OUT_OF_RANGE', 'body.shots'],
      [(w) => void (body(w)[2] = { '00': 1, '1': 2 }), 'INVALID_FIELD', 'body.counts'],
      [(w) => void (body(w)[2] = { '00': 1, '1x': 2 }), 'INVALID_FIELD', 'body.counts'],
      [(w) => void (body(w)[2] = { '00': 3, '11': 0 }), 'OUT_OF_RANGE', 'body.counts'],
    ];
    for (const [patch, code, field] of cases) {
      expect(refusal(result, patch)).toStrictEqual({ code, field });
    }
  });

  it('SOFT_REJECT: a known reason and an optional DQN-Alias to re-route to', () => {
    expect(decodePacket(encodePacket(softReject))).toStrictEqual(softReject);
    expect(
      accepted(softReject, (w) => {
        body(w)[1] = 4;
        body(w)[2] = 'vega';
      }).body,
    ).toStrictEqual({ jobId: ID, reason: 'LOW_FIDELITY', reroutedTo: 'vega' });
    expect(refusal(softReject, (w) => void (body(w)[1] = 5))).toStrictEqual({
      code: 'OUT_OF_RANGE',
      field: 'body.reason',
    });
    expect(refusal(softReject, (w) => void (body(w)[2] = 'Vega'))).toStrictEqual({
      code: 'INVALID_FIELD',
      field: 'body.reroutedTo',
    });
  });

  it('HEARTBEAT: a loss reason exactly when eksOk is false, and known fault bits only', () => {
    expect(decodePacket(encodePacket(heartbeat))).toStrictEqual(heartbeat);
    expect(
      accepted(heartbeat, (w) => {
        body(w)[0] = false;
        body(w)[2] = 3;
        body(w)[6] = 0x1f;
      }).body,
    ).toStrictEqual({
      report: {
        eksOk: false,
        eksLastSyncMs: 5,
        eksLossReason: 'KEY_EXHAUSTED',
        fidelity1qPpm: 999_000,
        fidelity2qPpm: 990_000,
        utilisationPct: 40,
        faults: ['CALIBRATION', 'CONTROL_ELECTRONICS', 'CRYOSTAT', 'OTHER', 'QKD_HARDWARE'],
      },
    });
    const cases: [(w: Wire) => void, string, string][] = [
      [(w) => void (body(w)[2] = 0), 'INVALID_FIELD', 'body.eksLossReason'],
      [(w) => void (body(w)[0] = false), 'INVALID_FIELD', 'body.eksLossReason'],
      [
        (w) => {
          body(w)[0] = false;
          body(w)[2] = 4;
        },
        'OUT_OF_RANGE',
        'body.eksLossReason',
      ],
      [(w) => void (body(w)[0] = 1), 'WRONG_TYPE', 'body.eksOk'],
      [(w) => void (body(w)[5] = 101), 'OUT_OF_RANGE', 'body.utilisationPct'],
      [(w) => void (body(w)[3] = 1_000_001), 'OUT_OF_RANGE', 'body.fidelity1qPpm'],
      [(w) => void (body(w)[4] = 1_000_001), 'OUT_OF_RANGE', 'body.fidelity2qPpm'],
      [(w) => void (body(w)[6] = 0x20), 'OUT_OF_RANGE', 'body.faults'],
      [(w) => void (body(w)[6] = 0x100), 'OUT_OF_RANGE', 'body.faults'],
      [(w) => void body(w).pop(), 'MISSING_FIELD', 'body'],
    ];
    for (const [patch, code, field] of cases) {
      expect(refusal(heartbeat, patch)).toStrictEqual({ code, field });
    }
  });

  it('ENTANGLEMENT_REQUEST: a DQN-Alias peer and pairs, fidelity and deadline in range', () => {
    expect(decodePacket(encodePacket(entangle))).toStrictEqual(entangle);
    const cases: [(w: Wire) => void, string, string][] = [
      [(w) => void (body(w)[0] = '9vega'), 'INVALID_FIELD', 'body.peer'],
      [(w) => void (body(w)[1] = 0), 'OUT_OF_RANGE', 'body.pairs'],
      [(w) => void (body(w)[1] = 1_048_577), 'OUT_OF_RANGE', 'body.pairs'],
      [(w) => void (body(w)[2] = 1_000_001), 'OUT_OF_RANGE', 'body.minFidelityPpm'],
      [(w) => void (body(w)[3] = 0), 'OUT_OF_RANGE', 'body.deadlineMs'],
      [(w) => void body(w).push(0), 'UNKNOWN_FIELD', 'body'],
    ];
    for (const [patch, code, field] of cases) {
      expect(refusal(entangle, patch)).toStrictEqual({ code, field });
    }
  });

  it('MEASUREMENT_RESULT: 1 or more bases in 0..3 and exactly the packed outcome bytes', () => {
    expect(decodePacket(encodePacket(measured))).toStrictEqual(measured);
    const eight = accepted(measured, (w) => {
      body(w)[1] = new Uint8Array(8).fill(2);
      body(w)[2] = Uint8Array.of(0xa5);
    }).body;
    expect(eight).toStrictEqual({
      requestId: ID,
      bases: new Uint8Array(8).fill(2),
      outcomes: Uint8Array.of(1, 0, 1, 0, 0, 1, 0, 1),
    });
    const cases: [(w: Wire) => void, string, string][] = [
      [(w) => void (body(w)[1] = new Uint8Array(0)), 'INVALID_FIELD', 'body.bases'],
      [(w) => void (body(w)[1] = Uint8Array.of(0, 4)), 'OUT_OF_RANGE', 'body.bases'],
      [(w) => void (body(w)[2] = Uint8Array.of(0xc0, 0)), 'INVALID_FIELD', 'body.outcomes'],
      [(w) => void (body(w)[2] = new Uint8Array(0)), 'INVALID_FIELD', 'body.outcomes'],
      [(w) => void (body(w)[2] = Uint8Array.of(0xe0)), 'INVALID_FIELD', 'body.outcomes'],
    ];
    for (const [patch, code, field] of cases) {
      expect(refusal(measured, patch)).toStrictEqual({ code, field });
    }
  });

  it('REGISTRY_BLOCK: a non-empty block', () => {
    expect(decodePacket(encodePacket(block))).toStrictEqual(block);
    expect(refusal(block, (w) => void (body(w)[1] = new Uint8Array(0)))).toStrictEqual({
      code: 'INVALID_FIELD',
      field: 'body.block',
    });
    expect(refusal(block, (w) => void (body(w)[0] = -1))).toStrictEqual({
      code: 'OUT_OF_RANGE',
      field: 'body.height',
    });
  });

  it('NACK: a known code and a detail string', () => {
    expect(decodePacket(encodePacket(nack))).toStrictEqual(nack);
    expect(accepted(nack, (w) => void (body(w)[1] = 7)).body).toStrictEqual({
      nackOf: ID,
      code: 'UNSUPPORTED',
      detail: 'bad',
    });
    expect(refusal(nack, (w) => void (body(w)[1] = 8))).toStrictEqual({
      code: 'OUT_OF_RANGE',
      field: 'body.code',
    });
  });

  it('EKS_SYNC: key ids sorted and unique, none when the EKS is lost', () => {
    expect(decodePacket(encodePacket(eksSync))).toStrictEqual(eksSync);
    const [a, b] = body(wireOf(eksSync))[3] as Uint8Array[];
    const cases: [(w: Wire) => void, string, string][] = [
      [(w) => void (body(w)[3] = [b as Uint8Array, a as Uint8Array]), 'KEY_ORDER', 'body.keyIds'],
      [
        (w) => void (body(w)[3] = [a as Uint8Array, a as Uint8Array]),
        'DUPLICATE_KEY',
        'body.keyIds',
      ],
      [
        (w) => {
          body(w)[0] = 1;
          body(w)[2] = 0;
        },
        'INVALID_FIELD',
        'body.keyIds',
      ],
      [(w) => void (body(w)[0] = 1), 'OUT_OF_RANGE', 'body.reason'],
      [(w) => void (body(w)[0] = 2), 'OUT_OF_RANGE', 'body.state'],
    ];
    for (const [patch, code, field] of cases) {
      expect(refusal(eksSync, patch)).toStrictEqual({ code, field });
    }
    expect(
      accepted(eksSync, (w) => {
        body(w)[0] = 1;
        body(w)[2] = 2;
        body(w)[3] = [];
      }).body,
    ).toStrictEqual({
      ...(eksSync.body as object),
      status: { state: 'lost', lastSyncMs: 1, reason: 'LINK_DOWN' },
      keyIds: [],
    });
  });
});
