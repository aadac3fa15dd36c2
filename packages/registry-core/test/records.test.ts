/**
 * validateRecord and validateRecordBody field by field: every refusal is checked by code, field
 * and index, every boundary on both sides, and the accepted copy by shape.
 */
import { HYBRID_PUBLIC_KEY_LENGTH, HYBRID_SIGNATURE_LENGTH, type Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../src/health.js';
import {
  compareRecordOrder,
  DEFAULT_POLICY,
  RegistryError,
  validateRecord,
  validateRecordBody,
} from '../src/index.js';
import {
  MAX_NODE_KEY_BYTES,
  MAX_OPERATOR_ACTION_BYTES,
  MIN_NODE_KEY_BYTES,
} from '../src/limits.js';
import { ANCHOR, qan } from './helpers.js';

const origin = qan(ANCHOR).quid;
const stamp = { l: 7, origin };
const report = {
  eksOk: true,
  eksLastSyncMs: 1,
  fidelity1qPpm: 1,
  fidelity2qPpm: 1,
  utilisationPct: 0,
  faults: [] as string[],
};
const hb = { kind: 'HEARTBEAT', ...stamp, alias: 'rigel', atMs: 5, report };
const reg = {
  kind: 'REGISTER',
  ...stamp,
  alias: 'rigel',
  address: 'rigel.example.net:9000',
  scope: 'eu-west',
  qubitCapacity: 20,
  publicKey: new Uint8Array(32),
  atMs: 0,
};
const policy = { kind: 'POLICY', ...stamp, policy: { ...DEFAULT_POLICY, version: 2 } };
const trustEdge = {
  kind: 'TRUST_EDGE',
  ...stamp,
  trusteeKey: new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH),
  role: 'QAN',
  levelPpm: 0,
};
const action = {
  kind: 'OPERATOR_ACTION',
  ...stamp,
  action: new Uint8Array(1),
  signerKey: new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH),
  signature: new Uint8Array(HYBRID_SIGNATURE_LENGTH),
};
const timeout = {
  kind: 'HEARTBEAT_TIMEOUT',
  ...stamp,
  alias: 'rigel',
  observedAtMs: 10,
  lastHeartbeatMs: null,
};

interface Refusal {
  readonly code: string;
  readonly field: string | undefined;
  readonly index: number | undefined;
}
function refusal(f: () => unknown): Refusal | null {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { code: e.code, field: e.field, index: e.index };
  }
  return null;
}
const invalid = (field: string, index = 4): Refusal => ({ code: 'RECORD_INVALID', field, index });

describe('validateRecord accepts', () => {
  const good: [string, object][] = [
    ['a heartbeat', hb],
    [
      'a heartbeat reporting an EKS loss and faults',
      {
        ...hb,
        report: {
          ...report,
          eksOk: false,
          eksLossReason: 'KEY_EXHAUSTED',
          faults: ['CALIBRATION', 'QKD_HARDWARE'],
        },
      },
    ],
    [
      'a heartbeat reporting every fault kind',
      { ...hb, report: { ...report, faults: [...FAULT_KINDS] } },
    ],
    ['a registration with the smallest node key', reg],
    [
      'a registration with the largest node key and capacity',
      {
        ...reg,
        publicKey: new Uint8Array(MAX_NODE_KEY_BYTES),
        qubitCapacity: 32_767,
      },
    ],
    [
      'a registration on an IPv6 address with capacity 1',
      { ...reg, address: '[2001:db8::1]:443', qubitCapacity: 1 },
    ],
    ['a policy', policy],
    ['a trust edge at level 0 and at 1 000 000', trustEdge],
    ['a trust edge for an operator', { ...trustEdge, role: 'OPERATOR', levelPpm: 1_000_000 }],
    [
      'an operator action of the largest size',
      { ...action, action: new Uint8Array(MAX_OPERATOR_ACTION_BYTES) },
    ],
    ['a timeout verdict without a heartbeat', timeout],
    ['a timeout verdict naming a heartbeat', { ...timeout, lastHeartbeatMs: 0 }],
    ['maintenance off', { kind: 'MAINTENANCE', ...stamp, alias: 'rigel', atMs: 0, on: false }],
    [
      'an EKS loss',
      { kind: 'EKS_LOSS', ...stamp, alias: 'rigel', atMs: 0, reason: 'QBER_ABOVE_THRESHOLD' },
    ],
    [
      'a critical fault',
      { kind: 'CRITICAL_FAULT', ...stamp, alias: 'rigel', atMs: 0, fault: 'OTHER' },
    ],
    ['an EKS sync', { kind: 'EKS_SYNC', ...stamp, alias: 'rigel', atMs: Number.MAX_SAFE_INTEGER }],
    [
      'a deregistration at Lamport 1',
      { kind: 'DEREGISTER', l: 1, origin, alias: 'rigel', atMs: 0 },
    ],
  ];
  for (const [name, value] of good) {
    it(`${name}, returning a copy with exactly its fields`, () => {
      const copy = validateRecord(value, 4);
      expect(copy).toStrictEqual(value);
      expect(copy).not.toBe(value);
    });
  }

  it('the copy does not share the report, its fault list or the policy with the input', () => {
    const faults = ['CRYOSTAT'];
    const input = { ...hb, report: { ...report, faults } };
    const copy = validateRecord(input) as typeof hb;
    expect(copy.report).not.toBe(input.report);
    expect(copy.report.faults).not.toBe(faults);
    faults.push('OTHER');
    expect(copy.report.faults).toStrictEqual(['CRYOSTAT']);
    const p = validateRecord(policy) as typeof policy;
    expect(p.policy).not.toBe(policy.policy);
    expect(p.policy).toStrictEqual(policy.policy);
  });
});

describe('validateRecord refuses', () => {
  const bad: [string, unknown, Refusal][] = [
    ['an array', [hb], invalid('record')],
    ['null', null, invalid('record')],
    [
      'a byte string carrying a kind',
      Object.assign(new Uint8Array(1), { kind: 'EKS_SYNC' }),
      invalid('record'),
    ],
    [
      'a missing kind',
      { ...hb, kind: undefined },
      { code: 'RECORD_UNKNOWN_KIND', field: 'kind', index: 4 },
    ],
    [
      'a reserved kind',
      { ...hb, kind: 'CONTRACT_RESERVE' },
      { code: 'RECORD_UNKNOWN_KIND', field: 'kind', index: 4 },
    ],
    ['a Lamport stamp that is not an integer', { ...hb, l: 1.5 }, invalid('l')],
    ['a Lamport stamp past the safe integers', { ...hb, l: 2 ** 53 }, invalid('l')],
    ['an origin that is not a quid', { ...hb, origin: 'q' }, invalid('origin')],
    [
      'a node key one byte short',
      { ...reg, publicKey: new Uint8Array(MIN_NODE_KEY_BYTES - 1) },
      invalid('publicKey'),
    ],
    [
      'a node key one byte long',
      { ...reg, publicKey: new Uint8Array(MAX_NODE_KEY_BYTES + 1) },
      invalid('publicKey'),
    ],
    [
      'a node key that is not bytes',
      { ...reg, publicKey: Array(32).fill(0) },
      invalid('publicKey'),
    ],
    ['an address without a port', { ...reg, address: 'rigel.example.net' }, invalid('address')],
    ['an address that is not a string', { ...reg, address: 9000 }, invalid('address')],
    ['an upper-case scope', { ...reg, scope: 'EU' }, invalid('scope')],
    ['a capacity of 0', { ...reg, qubitCapacity: 0 }, invalid('qubitCapacity')],
    ['a capacity of 32 768', { ...reg, qubitCapacity: 32_768 }, invalid('qubitCapacity')],
    ['a negative time', { ...reg, atMs: -1 }, invalid('atMs')],
    ['a report that is not a map', { ...hb, report: [] }, invalid('report')],
    ['a report that is null', { ...hb, report: null }, invalid('report')],
    ['a report with an unknown field', { ...hb, report: { ...report, x: 1 } }, invalid('report.x')],
    ['a report without eksOk', { ...hb, report: { ...report, eksOk: 1 } }, invalid('report.eksOk')],
    [
      'a report with a negative sync time',
      { ...hb, report: { ...report, eksLastSyncMs: -1 } },
      invalid('report.eksLastSyncMs'),
    ],
    [
      'a loss without a reason',
      { ...hb, report: { ...report, eksOk: false } },
      invalid('report.eksLossReason'),
    ],
    [
      'a loss with an unknown reason',
      { ...hb, report: { ...report, eksOk: false, eksLossReason: 'SOLAR_FLARE' } },
      invalid('report.eksLossReason'),
    ],
    [
      'a negative 1q fidelity',
      { ...hb, report: { ...report, fidelity1qPpm: -1 } },
      invalid('report.fidelity1qPpm'),
    ],
    [
      'a 2q fidelity over 1',
      { ...hb, report: { ...report, fidelity2qPpm: 1_000_001 } },
      invalid('report.fidelity2qPpm'),
    ],
    [
      'a negative utilisation',
      { ...hb, report: { ...report, utilisationPct: -1 } },
      invalid('report.utilisationPct'),
    ],
    [
      'faults that are not a list',
      { ...hb, report: { ...report, faults: 'OTHER' } },
      invalid('report.faults'),
    ],
    [
      'more faults than there are kinds',
      {
        ...hb,
        report: {
          ...report,
          faults: [
            'CALIBRATION',
            'CONTROL_ELECTRONICS',
            'CRYOSTAT',
            'OTHER',
            'QKD_HARDWARE',
            'QKD_HARDWARE',
          ],
        },
      },
      invalid('report.faults'),
    ],
    [
      'more faults than there are kinds, the first of them unknown',
      { ...hb, report: { ...report, faults: ['GREMLINS', ...FAULT_KINDS] } },
      invalid('report.faults'),
    ],
    [
      'an unknown fault',
      { ...hb, report: { ...report, faults: ['CRYOSTAT', 'GREMLINS'] } },
      invalid('report.faults.1'),
    ],
    [
      'a fault that is not a string',
      { ...hb, report: { ...report, faults: [3] } },
      invalid('report.faults.0'),
    ],
    [
      'a duplicate fault',
      { ...hb, report: { ...report, faults: ['OTHER', 'OTHER'] } },
      invalid('report.faults'),
    ],
    [
      'an unknown EKS loss reason',
      { kind: 'EKS_LOSS', ...stamp, alias: 'rigel', atMs: 0, reason: 'X' },
      invalid('reason'),
    ],
    [
      'an unknown fault record',
      { kind: 'CRITICAL_FAULT', ...stamp, alias: 'rigel', atMs: 0, fault: 'X' },
      invalid('fault'),
    ],
    [
      'maintenance that is not a boolean',
      { kind: 'MAINTENANCE', ...stamp, alias: 'rigel', atMs: 0, on: 1 },
      invalid('on'),
    ],
    [
      'a timeout verdict with a bad heartbeat time',
      { ...timeout, lastHeartbeatMs: -1 },
      invalid('lastHeartbeatMs'),
    ],
    [
      'a timeout verdict without an observation time',
      { ...timeout, observedAtMs: undefined },
      invalid('observedAtMs'),
    ],
    ['a policy that is not a map', { ...policy, policy: 1 }, invalid('policy')],
    ['a policy that is null', { ...policy, policy: null }, invalid('policy')],
    [
      'a policy with an unknown field',
      { ...policy, policy: { ...policy.policy, x: 1 } },
      invalid('policy.x'),
    ],
    [
      'a policy missing a field',
      { ...policy, policy: { ...policy.policy, fidelityWindow: undefined } },
      invalid('policy.fidelityWindow'),
    ],
    [
      'a policy missing a field, named before an earlier field out of range',
      { ...policy, policy: { ...policy.policy, version: 0, fidelityWindow: undefined } },
      invalid('policy.fidelityWindow'),
    ],
    [
      'a policy with a window of 0',
      { ...policy, policy: { ...policy.policy, fidelityWindow: 0 } },
      invalid('policy.fidelityWindow'),
    ],
    [
      'a policy with minFidelityPpm 1 000 001',
      { ...policy, policy: { ...policy.policy, minFidelityPpm: 1_000_001 } },
      invalid('policy.minFidelityPpm'),
    ],
    [
      'a policy with version 0',
      { ...policy, policy: { ...policy.policy, version: 0 } },
      invalid('policy.version'),
    ],
    [
      'a trust edge key one byte short',
      { ...trustEdge, trusteeKey: new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH - 1) },
      invalid('trusteeKey'),
    ],
    [
      'a trust edge key one byte long',
      { ...trustEdge, trusteeKey: new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH + 1) },
      invalid('trusteeKey'),
    ],
    ['a trust edge with an unknown role', { ...trustEdge, role: 'NODE' }, invalid('role')],
    [
      'a trust edge above 1 000 000 ppm',
      { ...trustEdge, levelPpm: 1_000_001 },
      invalid('levelPpm'),
    ],
    ['a negative trust edge', { ...trustEdge, levelPpm: -1 }, invalid('levelPpm')],
    ['an empty operator action', { ...action, action: new Uint8Array(0) }, invalid('action')],
    [
      'an operator action over its size',
      { ...action, action: new Uint8Array(MAX_OPERATOR_ACTION_BYTES + 1) },
      invalid('action'),
    ],
    [
      'a short signer key',
      { ...action, signerKey: new Uint8Array(HYBRID_PUBLIC_KEY_LENGTH - 1) },
      invalid('signerKey'),
    ],
    [
      'a long signature',
      { ...action, signature: new Uint8Array(HYBRID_SIGNATURE_LENGTH + 1) },
      invalid('signature'),
    ],
  ];
  for (const [name, value, want] of bad) {
    it(`${name}: ${want.code} at ${want.field}`, () => {
      expect(refusal(() => validateRecord(value, 4))).toStrictEqual(want);
    });
  }

  it('without an index the refusal has index -1', () => {
    expect(refusal(() => validateRecord({ ...hb, alias: 'Rigel' }))).toStrictEqual(
      invalid('alias', -1),
    );
  });
});

describe('validateRecordBody (the record inside an operator action)', () => {
  const body = { kind: 'DEREGISTER', alias: 'rigel', atMs: 0 };

  it('accepts a body of an allowed kind and returns an equal copy', () => {
    const copy = validateRecordBody(body, ['DEREGISTER'], 2, 'action.record');
    expect(copy).toStrictEqual(body);
    expect(copy).not.toBe(body);
  });

  it('names fields under the prefix', () => {
    expect(
      refusal(() =>
        validateRecordBody({ ...body, alias: 'Rigel' }, ['DEREGISTER'], 2, 'action.record'),
      ),
    ).toStrictEqual({
      code: 'RECORD_INVALID',
      field: 'action.record.alias',
      index: 2,
    });
    expect(refusal(() => validateRecordBody(body, ['POLICY'], 2, 'action.record'))).toStrictEqual({
      code: 'RECORD_UNKNOWN_KIND',
      field: 'action.record.kind',
      index: 2,
    });
  });

  it('refuses a Lamport stamp or origin in a body as unknown fields', () => {
    expect(
      refusal(() => validateRecordBody({ ...body, l: 1 }, ['DEREGISTER'], 0, 'action.record')),
    ).toStrictEqual({
      code: 'RECORD_INVALID',
      field: 'action.record.l',
      index: 0,
    });
    expect(
      refusal(() => validateRecordBody({ ...body, origin }, ['DEREGISTER'], 0, 'action.record')),
    ).toStrictEqual({
      code: 'RECORD_INVALID',
      field: 'action.record.origin',
      index: 0,
    });
  });
});

describe('compareRecordOrder', () => {
  const [a, b] = [qan(2).quid, qan(3).quid].sort() as [Quid, Quid];
  it('orders by Lamport stamp first, then by origin, and is 0 only for equal pairs', () => {
    expect(compareRecordOrder({ l: 1, origin: b }, { l: 2, origin: a })).toBe(-1);
    expect(compareRecordOrder({ l: 2, origin: a }, { l: 1, origin: b })).toBe(1);
    expect(compareRecordOrder({ l: 2, origin: a }, { l: 2, origin: b })).toBe(-1);
    expect(compareRecordOrder({ l: 2, origin: b }, { l: 2, origin: a })).toBe(1);
    expect(compareRecordOrder({ l: 2, origin: a }, { l: 2, origin: a })).toBe(0);
  });
});
