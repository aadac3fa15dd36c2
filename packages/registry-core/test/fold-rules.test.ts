/**
 * The fold's record rules and block-order checks, pinned edge by edge: each test names the
 * behaviour (and the boundary) it fixes, and every refusal is checked by code, field and index.
 */
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  applyUnsignedBlock,
  type Block,
  buildBlock,
  DEFAULT_POLICY,
  decodeSnapshot,
  encodeSnapshot,
  getEntry,
  merkleRoot,
  type NodeEntry,
  type OperatorRecordBody,
  type RecordBody,
  RegistryError,
  type RegistryState,
  signBlock,
  tryApplyBlock,
  type UnsignedBlock,
} from '../src/index.js';
import { MAX_GOOD_HEARTBEATS } from '../src/limits.js';
import {
  ANCHOR,
  activeNode,
  apply,
  block,
  edge,
  genesis,
  heartbeat,
  qan,
  register,
  signed,
} from './helpers.js';

interface Refusal {
  readonly code: string;
  readonly field: string | undefined;
  readonly index: number | undefined;
}

/** The refusal `f` throws (a RegistryError), or null when it does not throw. */
function refusal(f: () => unknown): Refusal | null {
  try {
    f();
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    return { code: e.code, field: e.field, index: e.index };
  }
  return null;
}

const entry = (s: RegistryState, alias: string): NodeEntry => {
  const e = getEntry(s, alias);
  if (!e) throw new Error(`${alias} is not registered`);
  return e;
};

/** Re-signs `u` after `edit` changed its records or Lamport range. */
const resign = (u: UnsignedBlock, edit: Partial<UnsignedBlock>): Block =>
  signBlock({ ...u, ...edit }, qan(ANCHOR).key);

// anchor trusts QAN 2 at 0.9 (trusted) and QAN 3 at 0.5 (tentative); rigel is ACTIVE.
const trusted = apply(genesis(), ANCHOR, [
  ...signed(genesis(), [edge(2, 900_000), edge(3, 500_000)]),
  ...activeNode('rigel'),
]);

describe('TRUST_EDGE rule', () => {
  it('a trusted QAN origin writing a TRUST_EDGE itself is RECORD_NOT_PERMITTED at the record', () => {
    expect(
      refusal(() => apply(trusted, 2, [heartbeat('rigel', 4_000), edge(5, 900_000)])),
    ).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 1,
    });
  });

  it('a tentative QAN origin and the anchor as block origin may not write a TRUST_EDGE either', () => {
    expect(refusal(() => apply(trusted, 3, [edge(5, 900_000)]))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 0,
    });
    expect(refusal(() => apply(trusted, ANCHOR, [edge(5, 900_000)]))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 0,
    });
  });

  it('levelPpm 0 revokes one edge and drops the truster once it has none left', () => {
    const anchor = qan(ANCHOR).quid;
    let s = apply(trusted, ANCHOR, signed(trusted, [edge(2, 0)]));
    expect(s.trustEdges.get(anchor)).toStrictEqual(new Map([[qan(3).quid, 500_000]]));
    // The revoked QAN keeps its key (a key holds its role for the life of the log) but is untrusted.
    expect(s.qanKeys.has(qan(2).quid)).toBe(true);
    expect(refusal(() => apply(s, 2, [heartbeat('rigel', 4_000)]))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 0,
    });
    s = apply(s, ANCHOR, signed(s, [edge(3, 0)]));
    expect(s.trustEdges.has(anchor)).toBe(false);
    expect(s.trustEdges.size).toBe(0);
  });

  it('revoking an edge that does not exist changes no edge and keeps the other trusters', () => {
    const s = apply(trusted, ANCHOR, signed(trusted, [edge(7, 0)]));
    expect(s.trustEdges).toStrictEqual(trusted.trustEdges);
    expect(s.qanKeys.has(qan(7).quid)).toBe(true);
  });

  it('an edge to the signer itself is RECORD_INVALID at trusteeKey', () => {
    expect(
      refusal(() => apply(trusted, ANCHOR, signed(trusted, [edge(ANCHOR, 900_000)]))),
    ).toStrictEqual({
      code: 'RECORD_INVALID',
      field: 'trusteeKey',
      index: 0,
    });
    // An operator trusting its own key is refused the same way (not as an edge to the anchor).
    const s = apply(trusted, ANCHOR, signed(trusted, [edge(6, 900_000, 'OPERATOR')]));
    expect(
      refusal(() =>
        apply(s, 2, [heartbeat('rigel', 4_000), ...signed(s, [edge(6, 900_000, 'OPERATOR')], 6)]),
      ),
    ).toStrictEqual({ code: 'RECORD_INVALID', field: 'trusteeKey', index: 1 });
  });

  it('an operator edge to the anchor is RECORD_INVALID at trusteeKey', () => {
    const s = apply(trusted, ANCHOR, signed(trusted, [edge(6, 900_000, 'OPERATOR')]));
    expect(
      refusal(() => apply(s, 2, signed(s, [edge(ANCHOR, 900_000, 'OPERATOR')], 6))),
    ).toStrictEqual({
      code: 'RECORD_INVALID',
      field: 'trusteeKey',
      index: 0,
    });
  });

  it('a key keeps its first role: a QAN key granted OPERATOR, an operator key granted QAN', () => {
    expect(
      refusal(() => apply(trusted, ANCHOR, signed(trusted, [edge(2, 900_000, 'OPERATOR')]))),
    ).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'role',
      index: 0,
    });
    const s = apply(trusted, ANCHOR, signed(trusted, [edge(6, 900_000, 'OPERATOR')]));
    expect(refusal(() => apply(s, ANCHOR, signed(s, [edge(6, 900_000, 'QAN')])))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'role',
      index: 0,
    });
    // Granting a key its own role again only changes the level.
    const again = apply(s, ANCHOR, signed(s, [edge(2, 800_000)]));
    expect(again.trustEdges.get(qan(ANCHOR).quid)?.get(qan(2).quid)).toBe(800_000);
    expect(again.qanKeys.get(qan(2).quid)).toStrictEqual(qan(2).key.publicKey);
  });

  it.each(['QAN', 'OPERATOR'] as const)(
    'a renewed %s edge keeps the key object the log learned first (the first key stays)',
    (role) => {
      const s = apply(trusted, ANCHOR, signed(trusted, [edge(6, 900_000, role)]));
      const keys = (x: RegistryState) => (role === 'QAN' ? x.qanKeys : x.operatorKeys);
      const first = keys(s).get(qan(6).quid);
      // The renewed edge's key is decoded from its action bytes: equal bytes, another object.
      const again = apply(s, ANCHOR, signed(s, [edge(6, 800_000, role)]));
      expect(keys(again).get(qan(6).quid)).toBe(first);
      expect(again.trustEdges.get(qan(ANCHOR).quid)?.get(qan(6).quid)).toBe(800_000);
    },
  );

  it('an OPERATOR edge makes the key an operator key, not a QAN key', () => {
    const s = apply(trusted, ANCHOR, signed(trusted, [edge(6, 900_000, 'OPERATOR')]));
    expect(s.operatorKeys.get(qan(6).quid)).toStrictEqual(qan(6).key.publicKey);
    expect(s.qanKeys.has(qan(6).quid)).toBe(false);
    const q = apply(trusted, ANCHOR, signed(trusted, [edge(7, 900_000)]));
    expect(q.qanKeys.get(qan(7).quid)).toStrictEqual(qan(7).key.publicKey);
    expect(q.operatorKeys.has(qan(7).quid)).toBe(false);
  });
});

describe('block Lamport range and record order', () => {
  const u = buildBlock(trusted, qan(ANCHOR).quid, [
    heartbeat('rigel', 4_000),
    heartbeat('rigel', 5_000),
  ]);
  const [r0, r1] = u.records as [(typeof u.records)[0], (typeof u.records)[0]];

  it('the unchanged block folds (the edits below are the only fault)', () => {
    expect(applyBlock(trusted, resign(u, {})).lamport).toBe(u.lamportLast);
  });

  it('a lamportFirst that is not the first record’s L is BLOCK_LAMPORT_RANGE', () => {
    expect(
      refusal(() => applyBlock(trusted, resign(u, { lamportFirst: u.lamportFirst - 1 }))),
    ).toStrictEqual({
      code: 'BLOCK_LAMPORT_RANGE',
      field: 'lamportFirst',
      index: undefined,
    });
  });

  it('a lamportLast that is not the last record’s L is BLOCK_LAMPORT_RANGE', () => {
    expect(
      refusal(() => applyBlock(trusted, resign(u, { lamportLast: u.lamportLast + 1 }))),
    ).toStrictEqual({
      code: 'BLOCK_LAMPORT_RANGE',
      field: 'lamportFirst',
      index: undefined,
    });
  });

  it('a first record at the state’s Lamport clock (equal, not after) is RECORD_LAMPORT at index 0', () => {
    const l = trusted.lamport;
    const b = resign(u, {
      records: [
        { ...r0, l },
        { ...r1, l: l + 1 },
      ],
      lamportFirst: l,
      lamportLast: l + 1,
    });
    expect(refusal(() => applyBlock(trusted, b))).toStrictEqual({
      code: 'RECORD_LAMPORT',
      field: 'l',
      index: 0,
    });
  });

  it('a first record one after the state’s clock folds', () => {
    const l = trusted.lamport + 1;
    const b = resign(u, {
      records: [
        { ...r0, l },
        { ...r1, l: l + 5 },
      ],
      lamportFirst: l,
      lamportLast: l + 5,
    });
    const s = applyBlock(trusted, b);
    expect(s.lamport).toBe(l + 5);
    expect(entry(s, 'rigel').updatedL).toBe(l + 5);
  });

  it('two records of one origin with equal L are RECORD_ORDER at the second', () => {
    const l = r0.l;
    const b = resign(u, { records: [r0, { ...r1, l }], lamportFirst: l, lamportLast: l });
    expect(refusal(() => applyBlock(trusted, b))).toStrictEqual({
      code: 'RECORD_ORDER',
      field: 'l',
      index: 1,
    });
  });

  it('a record stamped by another origin is RECORD_ORIGIN_MISMATCH at its index', () => {
    const b = resign(u, { records: [r0, { ...r1, origin: qan(2).quid }] });
    expect(refusal(() => applyBlock(trusted, b))).toStrictEqual({
      code: 'RECORD_ORIGIN_MISMATCH',
      field: 'origin',
      index: 1,
    });
  });

  it('the state after a block takes the block’s height, hash and last Lamport stamp', () => {
    const b = block(trusted, ANCHOR, [heartbeat('rigel', 4_000)]);
    const s = applyBlock(trusted, b);
    expect(s.height).toBe(trusted.height + 1);
    expect(s.headHash).toStrictEqual(b.hash);
    expect(s.lamport).toBe(b.lamportLast);
  });
});

describe('HEARTBEAT rule', () => {
  const s0 = apply(genesis(), ANCHOR, [register('rigel', { atMs: 500 })]);

  it('a heartbeat before the registration time is RECORD_STALE at atMs; one at it folds', () => {
    expect(refusal(() => apply(s0, ANCHOR, [heartbeat('rigel', 499)]))).toStrictEqual({
      code: 'RECORD_STALE',
      field: 'atMs',
      index: 0,
    });
    expect(entry(apply(s0, ANCHOR, [heartbeat('rigel', 500)]), 'rigel').lastHeartbeatMs).toBe(500);
  });

  it('a heartbeat at the last heartbeat’s time is RECORD_STALE; one ms later folds', () => {
    const s = apply(s0, ANCHOR, [heartbeat('rigel', 1_000)]);
    expect(refusal(() => apply(s, ANCHOR, [heartbeat('rigel', 1_000)]))).toStrictEqual({
      code: 'RECORD_STALE',
      field: 'atMs',
      index: 0,
    });
    expect(entry(apply(s, ANCHOR, [heartbeat('rigel', 1_001)]), 'rigel').lastHeartbeatMs).toBe(
      1_001,
    );
  });

  it('the first heartbeat takes its sample as the average and copies the report into the entry', () => {
    const s = apply(s0, ANCHOR, [
      heartbeat('rigel', 1_000, {
        fidelity1qPpm: 990_001,
        fidelity2qPpm: 970_000,
        utilisationPct: 42,
      }),
    ]);
    const e = entry(s, 'rigel');
    expect(e.avgFidelityPpm).toBe(980_000);
    expect(e.utilisationPct).toBe(42);
    expect(e.lastHeartbeatMs).toBe(1_000);
    expect(e.goodHeartbeats).toBe(1);
    expect(e.updatedL).toBe(s.lamport);
    expect(e.eks).toStrictEqual({ ok: true, lastSyncMs: 1_000 });
  });

  it('later samples enter an integer running average of weight fidelityWindow', () => {
    let s = apply(s0, ANCHOR, [heartbeat('rigel', 1_000)]);
    s = apply(s, ANCHOR, [
      heartbeat('rigel', 2_000, { fidelity1qPpm: 900_001, fidelity2qPpm: 900_000 }),
    ]);
    // floor((980000·7 + 900000) / 8) = 970000
    expect(entry(s, 'rigel').avgFidelityPpm).toBe(970_000);
  });

  it('a heartbeat exactly one interval after the last still counts as good; one ms more resets', () => {
    const base = apply(s0, ANCHOR, [heartbeat('rigel', 1_000), heartbeat('rigel', 2_000)]);
    expect(entry(base, 'rigel').goodHeartbeats).toBe(2);
    const onTime = apply(base, ANCHOR, [
      heartbeat('rigel', 2_000 + DEFAULT_POLICY.heartbeatIntervalMs),
    ]);
    expect(entry(onTime, 'rigel').goodHeartbeats).toBe(3);
    expect(entry(onTime, 'rigel').status).toStrictEqual({ state: 'ACTIVE' });
    const late = apply(base, ANCHOR, [
      heartbeat('rigel', 2_001 + DEFAULT_POLICY.heartbeatIntervalMs),
    ]);
    expect(entry(late, 'rigel').goodHeartbeats).toBe(0);
  });

  it('the first heartbeat’s gap is measured from the registration time', () => {
    const late = apply(s0, ANCHOR, [heartbeat('rigel', 501 + DEFAULT_POLICY.heartbeatIntervalMs)]);
    expect(entry(late, 'rigel').goodHeartbeats).toBe(0);
    const onTime = apply(s0, ANCHOR, [
      heartbeat('rigel', 500 + DEFAULT_POLICY.heartbeatIntervalMs),
    ]);
    expect(entry(onTime, 'rigel').goodHeartbeats).toBe(1);
  });

  it('the good-heartbeat counter stops at its cap', () => {
    const policy = { ...DEFAULT_POLICY, heartbeatIntervalMs: 1_000 };
    let s = apply(genesis(policy), ANCHOR, [register('rigel')]);
    const n = MAX_GOOD_HEARTBEATS + 2;
    s = apply(
      s,
      ANCHOR,
      Array.from({ length: n }, (_, i) => heartbeat('rigel', (i + 1) * 10)),
    );
    expect(entry(s, 'rigel').goodHeartbeats).toBe(MAX_GOOD_HEARTBEATS);
  });

  it('a heartbeat with eksOk false records the loss: eks.ok false, its sync time and reason', () => {
    const s = apply(genesis(), ANCHOR, activeNode('rigel'));
    const t = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000, {
        eksOk: false,
        eksLastSyncMs: 900,
        eksLossReason: 'KEY_EXHAUSTED',
      }),
    ]);
    const e = entry(t, 'rigel');
    expect(e.eks).toStrictEqual({ ok: false, lastSyncMs: 900, lossReason: 'KEY_EXHAUSTED' });
    expect(e.goodHeartbeats).toBe(0);
    expect(e.status).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'EKS_LOSS', eksLossReason: 'KEY_EXHAUSTED' },
    });
  });

  it('a report’s EKS sync time moves the entry’s forward only, never back', () => {
    const s = apply(genesis(), ANCHOR, activeNode('rigel', {}, { eksLastSyncMs: 2_000 }));
    expect(entry(s, 'rigel').eks).toStrictEqual({ ok: true, lastSyncMs: 2_000 });
    const older = apply(s, ANCHOR, [heartbeat('rigel', 4_000, { eksLastSyncMs: 1_500 })]);
    expect(entry(older, 'rigel').eks).toStrictEqual({ ok: true, lastSyncMs: 2_000 });
    const equal = apply(s, ANCHOR, [heartbeat('rigel', 4_000, { eksLastSyncMs: 2_000 })]);
    expect(entry(equal, 'rigel').eks).toBe(entry(s, 'rigel').eks);
    const newer = apply(s, ANCHOR, [heartbeat('rigel', 4_000, { eksLastSyncMs: 3_500 })]);
    expect(entry(newer, 'rigel').eks).toStrictEqual({ ok: true, lastSyncMs: 3_500 });
  });

  it('a good heartbeat neither clears a recorded loss nor moves its sync time', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [{ kind: 'EKS_LOSS', alias: 'rigel', atMs: 3_500, reason: 'LINK_DOWN' }]);
    s = apply(s, ANCHOR, [heartbeat('rigel', 4_000, { eksLastSyncMs: 3_900 })]);
    expect(entry(s, 'rigel').eks).toStrictEqual({
      ok: false,
      lastSyncMs: 1_000,
      lossReason: 'LINK_DOWN',
    });
    expect(entry(s, 'rigel').goodHeartbeats).toBe(0);
  });

  it('a heartbeat reporting faults, low fidelity or sent in maintenance is not good', () => {
    const s = apply(genesis(), ANCHOR, activeNode('rigel'));
    expect(entry(s, 'rigel').goodHeartbeats).toBe(3);
    const faulty = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000, { faults: ['CALIBRATION', 'OTHER'] }),
    ]);
    expect(entry(faulty, 'rigel').goodHeartbeats).toBe(0);
    expect(entry(faulty, 'rigel').faults).toStrictEqual(['CALIBRATION', 'OTHER']);
    const low = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000, { fidelity1qPpm: 0, fidelity2qPpm: 0 }),
    ]);
    expect(entry(low, 'rigel').goodHeartbeats).toBe(0);
    const m = apply(s, ANCHOR, [{ kind: 'MAINTENANCE', alias: 'rigel', atMs: 3_100, on: true }]);
    const inMaintenance = apply(m, ANCHOR, [heartbeat('rigel', 4_000)]);
    expect(entry(inMaintenance, 'rigel').goodHeartbeats).toBe(0);
    expect(entry(inMaintenance, 'rigel').maintenance).toBe(true);
  });

  it('an average exactly at minFidelityPpm counts as good', () => {
    const policy = { ...DEFAULT_POLICY, minFidelityPpm: 980_000 };
    const s = apply(genesis(policy), ANCHOR, activeNode('rigel'));
    expect(entry(s, 'rigel').avgFidelityPpm).toBe(980_000);
    expect(entry(s, 'rigel').goodHeartbeats).toBe(3);
    expect(entry(s, 'rigel').status).toStrictEqual({ state: 'ACTIVE' });
  });

  it('a clean heartbeat clears the faults and the timeout', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000, { faults: ['CRYOSTAT'] }),
      { kind: 'HEARTBEAT_TIMEOUT', alias: 'rigel', observedAtMs: 70_000, lastHeartbeatMs: 4_000 },
    ]);
    expect(entry(s, 'rigel').timedOut).toBe(true);
    s = apply(s, ANCHOR, [heartbeat('rigel', 71_000)]);
    expect(entry(s, 'rigel').timedOut).toBe(false);
    expect(entry(s, 'rigel').faults).toStrictEqual([]);
  });
});

describe('HEARTBEAT_TIMEOUT rule', () => {
  const s0 = apply(genesis(), ANCHOR, [register('rigel', { atMs: 500 })]);
  const timeout = (observedAtMs: number, lastHeartbeatMs: number | null): RecordBody => ({
    kind: 'HEARTBEAT_TIMEOUT',
    alias: 'rigel',
    observedAtMs,
    lastHeartbeatMs,
  });

  it('a node that never sent a heartbeat times out one interval after its registration', () => {
    const limit = 500 + DEFAULT_POLICY.heartbeatIntervalMs;
    expect(refusal(() => apply(s0, ANCHOR, [timeout(limit, null)]))).toStrictEqual({
      code: 'RECORD_OUT_OF_POLICY',
      field: 'observedAtMs',
      index: 0,
    });
    const s = apply(s0, ANCHOR, [timeout(limit + 1, null)]);
    expect(entry(s, 'rigel').timedOut).toBe(true);
    expect(entry(s, 'rigel').status).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'HEARTBEAT_TIMEOUT' },
    });
  });

  it('a verdict about another heartbeat than the last leaves the entry as it was', () => {
    const s = apply(s0, ANCHOR, [heartbeat('rigel', 1_000)]);
    const t = apply(s, ANCHOR, [timeout(200_000, null)]);
    expect(getEntry(t, 'rigel')).toBe(getEntry(s, 'rigel'));
  });

  it('a second verdict on the same silence (another QAN saw it too) leaves the entry as it was', () => {
    const once = apply(apply(genesis(), ANCHOR, activeNode('rigel')), ANCHOR, [
      timeout(70_000, 3_000),
    ]);
    const twice = apply(once, ANCHOR, [timeout(80_000, 3_000)]);
    expect(getEntry(twice, 'rigel')).toBe(getEntry(once, 'rigel'));
    expect(entry(twice, 'rigel').updatedL).toBe(once.lamport);
  });

  it('a timeout resets the good-heartbeat counter', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [timeout(70_000, 3_000)]);
    expect(entry(s, 'rigel').goodHeartbeats).toBe(0);
    expect(entry(s, 'rigel').updatedL).toBe(s.lamport);
  });
});

describe('EKS_SYNC, EKS_LOSS, CRITICAL_FAULT and MAINTENANCE rules', () => {
  const lost = apply(
    apply(genesis(), ANCHOR, activeNode('rigel', {}, { eksLastSyncMs: 2_000 })),
    ANCHOR,
    [{ kind: 'EKS_LOSS', alias: 'rigel', atMs: 3_500, reason: 'QBER_ABOVE_THRESHOLD' }],
  );

  it('EKS_LOSS keeps the last sync time, records the reason and resets the counter', () => {
    const e = entry(lost, 'rigel');
    expect(e.eks).toStrictEqual({
      ok: false,
      lastSyncMs: 2_000,
      lossReason: 'QBER_ABOVE_THRESHOLD',
    });
    expect(e.goodHeartbeats).toBe(0);
    expect(e.updatedL).toBe(lost.lamport);
  });

  it('an EKS_SYNC older than the last sync is RECORD_STALE at atMs', () => {
    expect(
      refusal(() => apply(lost, ANCHOR, [{ kind: 'EKS_SYNC', alias: 'rigel', atMs: 1_999 }])),
    ).toStrictEqual({
      code: 'RECORD_STALE',
      field: 'atMs',
      index: 0,
    });
  });

  it('an EKS_SYNC at the last sync time clears the loss and keeps the counter at zero', () => {
    const s = apply(lost, ANCHOR, [{ kind: 'EKS_SYNC', alias: 'rigel', atMs: 2_000 }]);
    const e = entry(s, 'rigel');
    expect(e.eks).toStrictEqual({ ok: true, lastSyncMs: 2_000 });
    expect(e.status).toStrictEqual({ state: 'QUARANTINE', cause: { reason: 'PROBATION' } });
    expect(e.updatedL).toBe(s.lamport);
  });

  it('CRITICAL_FAULT records build a sorted list without duplicates; the first is the cause', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [
      { kind: 'CRITICAL_FAULT', alias: 'rigel', atMs: 3_100, fault: 'QKD_HARDWARE' },
      { kind: 'CRITICAL_FAULT', alias: 'rigel', atMs: 3_200, fault: 'CALIBRATION' },
      { kind: 'CRITICAL_FAULT', alias: 'rigel', atMs: 3_300, fault: 'QKD_HARDWARE' },
    ]);
    const e = entry(s, 'rigel');
    expect(e.faults).toStrictEqual(['CALIBRATION', 'QKD_HARDWARE']);
    expect(e.goodHeartbeats).toBe(0);
    expect(e.status).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'CRITICAL_FAULT', fault: 'CALIBRATION' },
    });
  });

  it('leaving maintenance keeps the good-heartbeat count; entering it resets the count', () => {
    let s = apply(genesis(), ANCHOR, [
      register('rigel'),
      heartbeat('rigel', 1_000),
      heartbeat('rigel', 2_000),
    ]);
    s = apply(s, ANCHOR, [{ kind: 'MAINTENANCE', alias: 'rigel', atMs: 2_100, on: false }]);
    expect(entry(s, 'rigel').goodHeartbeats).toBe(2);
    expect(entry(s, 'rigel').maintenance).toBe(false);
    s = apply(s, ANCHOR, [{ kind: 'MAINTENANCE', alias: 'rigel', atMs: 2_200, on: true }]);
    expect(entry(s, 'rigel').goodHeartbeats).toBe(0);
    expect(entry(s, 'rigel').maintenance).toBe(true);
  });
});

describe('REGISTER, DEREGISTER and POLICY rules', () => {
  it('a registration creates the entry on probation with the record’s fields', () => {
    const s = apply(trusted, 2, [register('vega', { atMs: 700, qubitCapacity: 33 })]);
    const e = entry(s, 'vega');
    expect(e).toStrictEqual({
      alias: 'vega',
      address: 'vega.example.net:9000',
      status: { state: 'QUARANTINE', cause: { reason: 'PROBATION' } },
      lastHeartbeatMs: null,
      qubitCapacity: 33,
      eks: { ok: true, lastSyncMs: 0 },
      avgFidelityPpm: 0,
      scope: 'eu-west',
      nodeId: e.nodeId,
      publicKey: new Uint8Array(32).fill(4),
      homeQan: qan(2).quid,
      registeredAtMs: 700,
      utilisationPct: 0,
      faults: [],
      maintenance: false,
      timedOut: false,
      goodHeartbeats: 0,
      updatedL: s.lamport,
    });
  });

  it('a duplicate registration is RECORD_DUPLICATE_NODE at alias, also within one block', () => {
    expect(
      refusal(() => apply(trusted, ANCHOR, [register('vega'), register('vega')])),
    ).toStrictEqual({
      code: 'RECORD_DUPLICATE_NODE',
      field: 'alias',
      index: 1,
    });
  });

  it('a record about an unknown node is RECORD_UNKNOWN_NODE at alias', () => {
    expect(
      refusal(() => apply(trusted, ANCHOR, [heartbeat('rigel', 4_000), heartbeat('vega', 1)])),
    ).toStrictEqual({
      code: 'RECORD_UNKNOWN_NODE',
      field: 'alias',
      index: 1,
    });
  });

  it('a tentative origin writing about a node of another home is RECORD_NOT_PERMITTED at kind', () => {
    expect(refusal(() => apply(trusted, 3, [heartbeat('rigel', 4_000)]))).toStrictEqual({
      code: 'RECORD_NOT_PERMITTED',
      field: 'kind',
      index: 0,
    });
  });

  it('a POLICY version not above the current one is RECORD_OUT_OF_POLICY at policy.version', () => {
    const same = { ...DEFAULT_POLICY };
    expect(
      refusal(() => apply(trusted, ANCHOR, signed(trusted, [{ kind: 'POLICY', policy: same }]))),
    ).toStrictEqual({
      code: 'RECORD_OUT_OF_POLICY',
      field: 'policy.version',
      index: 0,
    });
  });

  it('a POLICY writes only the entries whose status changes, keeping their Lamport stamp', () => {
    let s = apply(genesis(), ANCHOR, [
      ...activeNode('rigel'),
      ...activeNode('vega', {}, { fidelity1qPpm: 999_000, fidelity2qPpm: 999_000 }),
    ]);
    const vega = entry(s, 'vega');
    const rigelL = entry(s, 'rigel').updatedL;
    s = apply(
      s,
      ANCHOR,
      signed(s, [
        { kind: 'POLICY', policy: { ...DEFAULT_POLICY, version: 2, minFidelityPpm: 990_000 } },
      ]),
    );
    expect(s.policy).toStrictEqual({ ...DEFAULT_POLICY, version: 2, minFidelityPpm: 990_000 });
    expect(getEntry(s, 'vega')).toBe(vega);
    expect(entry(s, 'rigel').status).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'LOW_FIDELITY' },
    });
    expect(entry(s, 'rigel').updatedL).toBe(rigelL);
    expect(s.index.byScope.get('eu-west')).toStrictEqual(['vega']);
  });

  it('a POLICY applies to the records after it in the same block', () => {
    const s = apply(genesis(), ANCHOR, [
      ...signed(genesis(), [
        { kind: 'POLICY', policy: { ...DEFAULT_POLICY, version: 2, hysteresisHeartbeats: 1 } },
      ]),
      register('rigel'),
      heartbeat('rigel', 1_000),
    ]);
    expect(entry(s, 'rigel').status).toStrictEqual({ state: 'ACTIVE' });
  });

  it('deregistering and registering again in one block leaves a fresh entry', () => {
    const s = apply(trusted, ANCHOR, [
      ...signed(trusted, [{ kind: 'DEREGISTER', alias: 'rigel', atMs: 5_000 }]),
      register('rigel', { scope: 'us-east', atMs: 6_000 }),
    ]);
    const e = entry(s, 'rigel');
    expect(e.scope).toBe('us-east');
    expect(e.registeredAtMs).toBe(6_000);
    expect(s.entries.map((x) => x.alias)).toStrictEqual(['rigel']);
    expect(s.index.byScope.size).toBe(0);
  });
});

describe('applyBlock context', () => {
  const b = block(trusted, 2, [heartbeat('rigel', 4_000)]);

  it('a tier function that throws refuses the block as BLOCK_MALFORMED with its message', () => {
    const r = tryApplyBlock(trusted, b, {
      tierOf: () => {
        throw new Error('tier store offline');
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BLOCK_MALFORMED');
      expect(r.error.message).toBe('BLOCK_MALFORMED: Error: tier store offline');
    }
  });

  it('a RegistryError from the context is passed on as it is', () => {
    const own = new RegistryError('ORIGIN_INVALID', 'no', { field: 'origin' });
    const r = tryApplyBlock(trusted, b, {
      tierOf: () => {
        throw own;
      },
    });
    expect(r).toStrictEqual({ ok: false, error: own });
  });

  it('the signature check and hash function passed in are the ones used', () => {
    expect(refusal(() => applyBlock(trusted, b, { verifySignature: () => false }))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
      index: undefined,
    });
    expect(
      refusal(() => applyBlock(trusted, b, { sha256: () => new Uint8Array(32) })),
    ).toStrictEqual({ code: 'BLOCK_HASH', field: 'hash', index: undefined });
    // A signature check that accepts anything lets a block with a broken signature fold.
    const broken = { ...b, signature: new Uint8Array(b.signature.length) };
    expect(applyBlock(trusted, broken, { verifySignature: () => true }).height).toBe(2);
    expect(refusal(() => applyBlock(trusted, broken))).toStrictEqual({
      code: 'BAD_SIGNATURE',
      field: 'signature',
      index: undefined,
    });
  });

  it('applyUnsignedBlock folds like applyBlock and returns the hash to sign', () => {
    const u = buildBlock(trusted, qan(2).quid, [heartbeat('rigel', 4_000)]);
    const trial = applyUnsignedBlock(trusted, u);
    const signedBlock = signBlock(u, qan(2).key);
    expect(trial.hash).toStrictEqual(signedBlock.hash);
    expect(trial.state.headHash).toStrictEqual(signedBlock.hash);
    expect(encodeSnapshot(trial.state)).toStrictEqual(
      encodeSnapshot(applyBlock(trusted, signedBlock)),
    );
    const custom = applyUnsignedBlock(trusted, u, { sha256: () => new Uint8Array(32).fill(7) });
    expect(custom.hash).toStrictEqual(new Uint8Array(32).fill(7));
    expect(refusal(() => applyUnsignedBlock(trusted, { ...u, height: 9 }))).toStrictEqual({
      code: 'BLOCK_HEIGHT',
      field: 'height',
      index: undefined,
    });
    expect(
      refusal(() => applyUnsignedBlock(trusted, u, { tierOf: () => 'invalid' })),
    ).toStrictEqual({ code: 'ORIGIN_INVALID', field: 'origin', index: undefined });
  });
});

describe('the draft a block folds into', () => {
  const base = apply(genesis(), ANCHOR, [...activeNode('bravo'), ...activeNode('delta')]);
  const rebuilt = (s: RegistryState) => decodeSnapshot(encodeSnapshot(s));

  it('nodes registered out of order among existing ones end up in alias order, with their positions', () => {
    const s = apply(base, ANCHOR, [
      register('echo'),
      register('alpha'),
      register('charlie'),
      heartbeat('delta', 4_000),
    ]);
    expect(s.entries.map((e) => e.alias)).toStrictEqual([
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    for (const e of s.entries) expect(getEntry(s, e.alias)).toBe(e);
    expect(merkleRoot(s)).toStrictEqual(merkleRoot(rebuilt(s)));
    expect(entry(s, 'delta').lastHeartbeatMs).toBe(4_000);
  });

  it('a node deregistered while others are added keeps the rest in order', () => {
    const s = apply(base, ANCHOR, [
      register('alpha'),
      ...signed(base, [{ kind: 'DEREGISTER', alias: 'bravo', atMs: 5_000 }]),
      register('zulu'),
    ]);
    expect(s.entries.map((e) => e.alias)).toStrictEqual(['alpha', 'delta', 'zulu']);
    expect(getEntry(s, 'bravo')).toBe(undefined);
    expect(merkleRoot(s)).toStrictEqual(merkleRoot(rebuilt(s)));
    expect(s.index.byScope.get('eu-west')).toStrictEqual(['delta']);
  });

  it('a node registered and deregistered in one block leaves no trace', () => {
    const s = apply(base, ANCHOR, [
      register('alpha'),
      ...signed(base, [{ kind: 'DEREGISTER', alias: 'alpha', atMs: 5_000 }]),
    ]);
    expect(s.entries).toStrictEqual(base.entries);
    expect(merkleRoot(s)).toStrictEqual(merkleRoot(base));
    expect(s.index).toStrictEqual(base.index);
  });

  it('a node written twice in one block keeps the second write, and the base state is untouched', () => {
    const before = encodeSnapshot(base);
    const s = apply(base, ANCHOR, [
      heartbeat('bravo', 4_000, { utilisationPct: 5 }),
      heartbeat('delta', 4_000),
      heartbeat('bravo', 5_000, { utilisationPct: 6 }),
    ]);
    expect(entry(s, 'bravo').utilisationPct).toBe(6);
    expect(entry(s, 'bravo').lastHeartbeatMs).toBe(5_000);
    expect(encodeSnapshot(base)).toStrictEqual(before);
    expect(merkleRoot(s)).toStrictEqual(merkleRoot(rebuilt(s)));
  });

  it('a block that rewrites entries in place keeps its base’s positions map', () => {
    const s = apply(base, ANCHOR, [heartbeat('bravo', 4_000)]);
    expect(s.positions).toBe(base.positions);
    expect(entry(s, 'bravo').lastHeartbeatMs).toBe(4_000);
    expect(merkleRoot(s)).toStrictEqual(merkleRoot(rebuilt(s)));
  });

  it('a block that changes no entry keeps its base’s positions and Merkle memo', () => {
    const s = apply(base, ANCHOR, signed(base, [edge(2, 900_000)]));
    expect(s.positions).toBe(base.positions);
    expect(s.merkle).toBe(base.merkle);
  });

  it('a node registered and deregistered next to an in-place change does not rebuild the positions', () => {
    const s = apply(base, ANCHOR, [
      register('alpha'),
      ...signed(base, [{ kind: 'DEREGISTER', alias: 'alpha', atMs: 5_000 }]),
      heartbeat('bravo', 4_000),
    ]);
    expect(s.positions).toBe(base.positions);
    expect(s.entries.map((e) => e.alias)).toStrictEqual(['bravo', 'delta']);
  });

  describe('a POLICY re-evaluates the entries as its block has left them', () => {
    // Both nodes average 980 000 ppm: ACTIVE under the default policy, LOW_FIDELITY under this one.
    const strict: OperatorRecordBody = {
      kind: 'POLICY',
      policy: { ...DEFAULT_POLICY, version: 2, minFidelityPpm: 990_000 },
    };
    const lowFidelity = { state: 'QUARANTINE', cause: { reason: 'LOW_FIDELITY' } };
    const statuses = (s: RegistryState) => s.entries.map((e) => [e.alias, e.status.state]);

    it('an entry changed earlier in the block keeps that change and gets the new status', () => {
      const s = apply(base, ANCHOR, [
        heartbeat('bravo', 4_000, { utilisationPct: 42 }),
        ...signed(base, [strict]),
      ]);
      expect(entry(s, 'bravo').lastHeartbeatMs).toBe(4_000);
      expect(entry(s, 'bravo').utilisationPct).toBe(42);
      expect(entry(s, 'bravo').status).toStrictEqual(lowFidelity);
      expect(entry(s, 'delta').status).toStrictEqual(lowFidelity);
    });

    it('a node deregistered earlier in the block stays deregistered', () => {
      const s = apply(
        base,
        ANCHOR,
        signed(base, [{ kind: 'DEREGISTER', alias: 'bravo', atMs: 5_000 }, strict]),
      );
      expect(statuses(s)).toStrictEqual([['delta', 'QUARANTINE']]);
    });

    it('a node registered earlier in the block gets the new status; one registered and deregistered stays absent', () => {
      const s = apply(base, ANCHOR, [
        ...activeNode('alpha'),
        register('echo'),
        ...signed(base, [{ kind: 'DEREGISTER', alias: 'echo', atMs: 5_000 }, strict]),
      ]);
      expect(entry(s, 'alpha').status).toStrictEqual(lowFidelity);
      expect(statuses(s)).toStrictEqual([
        ['alpha', 'QUARANTINE'],
        ['bravo', 'QUARANTINE'],
        ['delta', 'QUARANTINE'],
      ]);
    });
  });

  it('a node leaving the ACTIVE set leaves the routing index; one joining enters it', () => {
    let s = apply(base, ANCHOR, [
      { kind: 'EKS_LOSS', alias: 'bravo', atMs: 4_000, reason: 'LINK_DOWN' },
    ]);
    expect(s.index.byScope.get('eu-west')).toStrictEqual(['delta']);
    expect(s.index.byClass.get(5)).toStrictEqual(['delta']);
    s = apply(s, ANCHOR, [
      { kind: 'EKS_SYNC', alias: 'bravo', atMs: 4_500 },
      heartbeat('bravo', 5_000),
      heartbeat('bravo', 6_000),
      heartbeat('bravo', 7_000),
    ]);
    expect(s.index.byScope.get('eu-west')).toStrictEqual(['bravo', 'delta']);
    expect(s.index.byClass.get(5)).toStrictEqual(['bravo', 'delta']);
  });
});
