/** The status policy's functions, each boundary on both sides. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  evaluateStatus,
  failingCondition,
  fidelitySample,
  type NodeEntry,
  type NodeStatus,
  nextAvgFidelity,
  policyProblem,
  type StatusPolicy,
} from '../src/index.js';
import { MAX_GOOD_HEARTBEATS } from '../src/limits.js';
import { sameStatus } from '../src/policy.js';
import { nodeEntry } from './helpers.js';

describe('policyProblem', () => {
  const cases: [keyof StatusPolicy, number[], number[]][] = [
    ['version', [1, Number.MAX_SAFE_INTEGER], [0, 1.5, Number.MAX_SAFE_INTEGER + 1]],
    ['heartbeatIntervalMs', [1_000, 86_400_000], [999, 86_400_001]],
    ['minFidelityPpm', [0, 1_000_000], [-1, 1_000_001]],
    ['hysteresisHeartbeats', [1, MAX_GOOD_HEARTBEATS], [0, MAX_GOOD_HEARTBEATS + 1]],
    ['fidelityWindow', [1, 1_024], [0, 1_025]],
  ];
  it('accepts the default policy', () => {
    expect(policyProblem(DEFAULT_POLICY)).toBe(null);
  });
  for (const [field, ok, bad] of cases) {
    it(`${field}: accepts ${ok.join(' and ')}, names the field for ${bad.join(', ')}`, () => {
      for (const v of ok) expect(policyProblem({ ...DEFAULT_POLICY, [field]: v })).toBe(null);
      for (const v of bad) expect(policyProblem({ ...DEFAULT_POLICY, [field]: v })).toBe(field);
      expect(policyProblem({ ...DEFAULT_POLICY, [field]: String(ok[0]) } as never)).toBe(field);
    });
  }
  it('names the first bad field in declaration order', () => {
    expect(policyProblem({ ...DEFAULT_POLICY, fidelityWindow: 0, minFidelityPpm: -1 })).toBe(
      'minFidelityPpm',
    );
  });
});

describe('fidelity average', () => {
  it('a sample is the floor of the mean of the 1q and 2q fidelities', () => {
    expect(fidelitySample(990_001, 970_000)).toBe(980_000);
    expect(fidelitySample(0, 1)).toBe(0);
  });
  it('the first sample is taken as is; later ones enter a floor EMA of weight W', () => {
    expect(nextAvgFidelity(0, false, 123_456, DEFAULT_POLICY)).toBe(123_456);
    expect(nextAvgFidelity(980_000, true, 500_000, DEFAULT_POLICY)).toBe(920_000);
    expect(nextAvgFidelity(100, true, 107, { ...DEFAULT_POLICY, fidelityWindow: 8 })).toBe(100);
    expect(nextAvgFidelity(100, true, 200, { ...DEFAULT_POLICY, fidelityWindow: 1 })).toBe(200);
    expect(nextAvgFidelity(100, true, 201, { ...DEFAULT_POLICY, fidelityWindow: 2 })).toBe(150);
  });
});

const healthy = nodeEntry('rigel');

describe('failingCondition', () => {
  const everything: NodeEntry = {
    ...healthy,
    maintenance: true,
    eks: { ok: false, lastSyncMs: 1_000, lossReason: 'LINK_DOWN' },
    faults: ['CALIBRATION', 'OTHER'],
    timedOut: true,
    avgFidelityPpm: 0,
  };
  it('reports conditions in priority order: maintenance, EKS loss, fault, timeout, low fidelity', () => {
    expect(failingCondition(everything, DEFAULT_POLICY)).toStrictEqual({ reason: 'MAINTENANCE' });
    const e1 = { ...everything, maintenance: false };
    expect(failingCondition(e1, DEFAULT_POLICY)).toStrictEqual({
      reason: 'EKS_LOSS',
      eksLossReason: 'LINK_DOWN',
    });
    const e2: NodeEntry = { ...e1, eks: { ok: true, lastSyncMs: 1_000 } };
    expect(failingCondition(e2, DEFAULT_POLICY)).toStrictEqual({
      reason: 'CRITICAL_FAULT',
      fault: 'CALIBRATION',
    });
    const e3: NodeEntry = { ...e2, faults: [] };
    expect(failingCondition(e3, DEFAULT_POLICY)).toStrictEqual({ reason: 'HEARTBEAT_TIMEOUT' });
    const e4: NodeEntry = { ...e3, timedOut: false };
    expect(failingCondition(e4, DEFAULT_POLICY)).toStrictEqual({ reason: 'LOW_FIDELITY' });
  });
  it('an average at the minimum passes; one ppm below fails; no heartbeat yet is not low fidelity', () => {
    expect(failingCondition(healthy, DEFAULT_POLICY)).toBe(null);
    expect(failingCondition({ ...healthy, avgFidelityPpm: 949_999 }, DEFAULT_POLICY)).toStrictEqual(
      {
        reason: 'LOW_FIDELITY',
      },
    );
    expect(
      failingCondition({ ...healthy, avgFidelityPpm: 0, lastHeartbeatMs: null }, DEFAULT_POLICY),
    ).toBe(null);
  });
});

describe('evaluateStatus', () => {
  const probation: NodeStatus = { state: 'QUARANTINE', cause: { reason: 'PROBATION' } };
  const policy = { ...DEFAULT_POLICY, hysteresisHeartbeats: 3 };
  it('an ACTIVE node with nothing failing stays ACTIVE without good heartbeats', () => {
    expect(evaluateStatus(healthy, policy)).toStrictEqual({ state: 'ACTIVE' });
  });
  it('a quarantined node needs hysteresisHeartbeats good heartbeats, else it is on probation', () => {
    const q = { ...healthy, status: probation };
    expect(evaluateStatus({ ...q, goodHeartbeats: 2 }, policy)).toStrictEqual(probation);
    expect(evaluateStatus({ ...q, goodHeartbeats: 3 }, policy)).toStrictEqual({ state: 'ACTIVE' });
  });
  it('a failing condition quarantines with its cause', () => {
    expect(evaluateStatus({ ...healthy, timedOut: true }, policy)).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'HEARTBEAT_TIMEOUT' },
    });
  });
});

describe('sameStatus', () => {
  const active: NodeStatus = { state: 'ACTIVE' };
  const q = (cause: object): NodeStatus => ({ state: 'QUARANTINE', cause }) as NodeStatus;
  it('compares state, reason, fault and EKS loss reason', () => {
    expect(sameStatus(active, { state: 'ACTIVE' })).toBe(true);
    expect(sameStatus(active, q({ reason: 'PROBATION' }))).toBe(false);
    expect(sameStatus(q({ reason: 'PROBATION' }), active)).toBe(false);
    expect(sameStatus(q({ reason: 'PROBATION' }), q({ reason: 'PROBATION' }))).toBe(true);
    expect(sameStatus(q({ reason: 'PROBATION' }), q({ reason: 'MAINTENANCE' }))).toBe(false);
    const fault = (f: string) => q({ reason: 'CRITICAL_FAULT', fault: f });
    expect(sameStatus(fault('OTHER'), fault('OTHER'))).toBe(true);
    expect(sameStatus(fault('OTHER'), fault('CRYOSTAT'))).toBe(false);
    const loss = (r: string) => q({ reason: 'EKS_LOSS', eksLossReason: r });
    expect(sameStatus(loss('LINK_DOWN'), loss('LINK_DOWN'))).toBe(true);
    expect(sameStatus(loss('LINK_DOWN'), loss('KEY_EXHAUSTED'))).toBe(false);
  });
});
