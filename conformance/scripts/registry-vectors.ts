/**
 * Writes conformance/vectors/registry-core/*.json.
 *
 * Expected statuses, routing decisions, trust levels and error codes are written by hand from
 * docs/spec/registry.md. Hex outputs (Merkle roots, block bytes and hashes) are computed here by
 * a second path — @msgpack/msgpack with sorted keys for the canonical bytes, node:crypto SHA-256,
 * and a recursive RFC 6962 tree — and the script stops if the package disagrees with either.
 *
 *   pnpm --filter @qcos/registry-core build && tsx conformance/scripts/registry-vectors.ts
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as msgpack } from '@msgpack/msgpack';
import { hybridQuid } from '@qcos/identity';
import {
  blockVersionAt,
  DEFAULT_POLICY,
  type NodeEntry,
  type RegistryState,
} from '@qcos/registry-core';
import { bytesToHex } from '../src/adapter.js';
import {
  adapter,
  type BlockSpec,
  foldSpecs,
  operatorActionFromJson,
  qanKey,
} from '../src/adapters/registry-core.js';
import { jsonEqual, toJsonValue } from '../src/runner.js';

const OUT = join(import.meta.dirname, '..', 'vectors', 'registry-core');
const sha = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(b).digest());

// ---- second path: canonical bytes and RFC 6962 --------------------------------------------

const canon = (v: unknown): Uint8Array => msgpack(v, { sortKeys: true, ignoreUndefined: true });

function entryMap(e: NodeEntry): Record<string, unknown> {
  const q = e.status.state === 'QUARANTINE' ? e.status.cause : undefined;
  return {
    alias: e.alias,
    address: e.address,
    status: e.status.state,
    quarantineReason: q ? q.reason : null,
    quarantineDetail:
      q?.reason === 'CRITICAL_FAULT' ? q.fault : q?.reason === 'EKS_LOSS' ? q.eksLossReason : null,
    lastHeartbeatMs: e.lastHeartbeatMs,
    qubitCapacity: e.qubitCapacity,
    eksOk: e.eks.ok,
    eksLastSyncMs: e.eks.lastSyncMs,
    eksLossReason: e.eks.ok ? null : e.eks.lossReason,
    avgFidelityPpm: e.avgFidelityPpm,
    scope: e.scope,
    nodeId: e.nodeId,
    publicKey: e.publicKey,
    homeQan: e.homeQan,
    registeredAtMs: e.registeredAtMs,
    utilisationPct: e.utilisationPct,
    faults: e.faults,
    maintenance: e.maintenance,
    timedOut: e.timedOut,
    goodHeartbeats: e.goodHeartbeats,
    updatedL: e.updatedL,
  };
}

function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha(new Uint8Array(0));
  if (leaves.length === 1) return sha(Uint8Array.of(0, ...(leaves[0] as Uint8Array)));
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Uint8Array.of(1, ...mth(leaves.slice(0, k)), ...mth(leaves.slice(k))));
}

const rootOf = (s: RegistryState): string =>
  bytesToHex(mth(s.entries.map((e) => canon(entryMap(e)))));

/** registry.md §7.1, written out: the tag, the entries root, the hash of the other fields. */
function stateRootOf(s: RegistryState): string {
  const sorted = <T>(xs: [string, T][]) => xs.sort(([a], [b]) => (a < b ? -1 : 1));
  const keyList = (m: ReadonlyMap<string, Uint8Array>) =>
    sorted([...m]).map(([quid, publicKey]) => ({ quid, publicKey }));
  const edges = sorted([...s.trustEdges]).flatMap(([truster, out]) =>
    sorted([...out]).map(([trustee, levelPpm]) => ({ truster, trustee, levelPpm })),
  );
  const fields = canon({
    networkId: s.networkId,
    anchor: s.anchor,
    genesisHash: s.genesisHash,
    height: s.height,
    lamport: s.lamport,
    policy: s.policy,
    qans: keyList(s.qanKeys),
    operators: keyList(s.operatorKeys),
    operatorSeqs: sorted([...s.operatorSeqs]).map(([signer, seq]) => ({ signer, seq })),
    trustEdges: edges,
  });
  const entries = mth(s.entries.map((e) => canon(entryMap(e))));
  return bytesToHex(
    sha(Uint8Array.from([...Buffer.from('QCOS-StateRoot-v1'), ...entries, ...sha(fields)])),
  );
}

// ---- building blocks of vectors -------------------------------------------------------------

interface Vector {
  name: string;
  description?: string;
  operation: string;
  input: unknown;
  output?: unknown;
  error?: string;
}

const PK = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const reg = (alias: string, o: Record<string, unknown> = {}) => ({
  kind: 'REGISTER',
  alias,
  address: `${alias}.example.net:7000`,
  scope: 'eu-west',
  qubitCapacity: 20,
  publicKey: PK(alias.length),
  atMs: 0,
  ...o,
});
const report = (o: Record<string, unknown> = {}) => ({
  eksOk: true,
  eksLastSyncMs: 500,
  fidelity1qPpm: 980_000,
  fidelity2qPpm: 980_000,
  utilisationPct: 10,
  faults: [],
  ...o,
});
const hb = (alias: string, atMs: number, o: Record<string, unknown> = {}) => ({
  kind: 'HEARTBEAT',
  alias,
  atMs,
  report: report(o),
});
const hbs = (alias: string, ...times: number[]) => times.map((t) => hb(alias, t));
const active = (alias: string, o: Record<string, unknown> = {}) => [
  reg(alias, o),
  ...hbs(alias, 1_000, 2_000, 3_000),
];
const B = (records: unknown[], by = 1, tamper?: string): BlockSpec => ({
  by,
  records,
  ...(tamper ? { tamper } : {}),
});
/** An operator action signed by key `signer` with `seq`, carrying an operator-only record. */
const act = (signer: number, seq: number, record: object, o: object = {}) => ({
  kind: 'OPERATOR_ACTION',
  signer,
  seq,
  atMs: 0,
  record,
  ...o,
});
const P = 'QUARANTINE:PROBATION';
const Q = (r: string) => `QUARANTINE:${r}`;

/** A fold vector: statuses by hand; the root from the package, checked by the second path. */
function fold(
  name: string,
  blocks: BlockSpec[],
  statuses: Record<string, string>[],
  extra: object = {},
): Vector {
  const input = { ...extra, blocks };
  const states = foldSpecs(input);
  const root = rootOf(states[states.length - 1] as RegistryState);
  return { name, operation: 'fold', input, output: { statuses, root } };
}
const refuse = (name: string, blocks: BlockSpec[], error: string, extra: object = {}): Vector => ({
  name,
  operation: 'fold',
  input: { ...extra, blocks },
  error,
});

// ---- status transitions ---------------------------------------------------------------------

const R = 'rigel';
const policy = (o: object) => ({
  policy: {
    version: 1,
    heartbeatIntervalMs: 60_000,
    minFidelityPpm: 950_000,
    hysteresisHeartbeats: 3,
    fidelityWindow: 8,
    ...o,
  },
});
const status: Vector[] = [
  fold('a new registration starts on PROBATION', [B([reg(R)])], [{ rigel: P }]),
  fold(
    'three good heartbeats make a node ACTIVE',
    [B([reg(R), ...hbs(R, 1_000, 2_000)]), B([hb(R, 3_000)])],
    [{ rigel: P }, { rigel: 'ACTIVE' }],
  ),
  fold(
    'a heartbeat gap over the interval resets the hysteresis count',
    [
      B([reg(R), ...hbs(R, 1_000, 2_000)]),
      B([hb(R, 70_000)]),
      B(hbs(R, 71_000, 72_000)),
      B([hb(R, 73_000)]),
    ],
    [{ rigel: P }, { rigel: P }, { rigel: P }, { rigel: 'ACTIVE' }],
  ),
  fold(
    'a gap of exactly the interval still counts as good',
    [B([reg(R), hb(R, 60_000), hb(R, 120_000), hb(R, 180_000)])],
    [{ rigel: 'ACTIVE' }],
  ),
  fold(
    'the first heartbeat more than an interval after registration is not good',
    [B([reg(R), ...hbs(R, 61_000, 62_000, 63_000)]), B([hb(R, 64_000)])],
    [{ rigel: P }, { rigel: 'ACTIVE' }],
  ),
  fold(
    'hysteresis of one heartbeat (policy)',
    [B([reg(R), hb(R, 1_000)])],
    [{ rigel: 'ACTIVE' }],
    policy({ hysteresisHeartbeats: 1 }),
  ),
  fold(
    'a fidelity sample below the threshold keeps a new node out (LOW_FIDELITY)',
    [B([reg(R), hb(R, 1_000, { fidelity1qPpm: 960_000, fidelity2qPpm: 930_000 })])],
    [{ rigel: Q('LOW_FIDELITY') }],
  ),
  ...['QBER_ABOVE_THRESHOLD', 'EAVESDROPPER_DETECTED', 'LINK_DOWN', 'KEY_EXHAUSTED'].map((reason) =>
    fold(
      `EKS_LOSS record (${reason}) quarantines an ACTIVE node`,
      [B(active(R)), B([{ kind: 'EKS_LOSS', alias: R, atMs: 3_500, reason }])],
      [{ rigel: 'ACTIVE' }, { rigel: Q(`EKS_LOSS:${reason}`) }],
    ),
  ),
  fold(
    'EKS_LOSS exit: heartbeats alone do not clear it; EKS_SYNC then three good heartbeats do',
    [
      B(active(R)),
      B([{ kind: 'EKS_LOSS', alias: R, atMs: 3_500, reason: 'LINK_DOWN' }]),
      B(hbs(R, 4_000, 5_000, 6_000)),
      B([{ kind: 'EKS_SYNC', alias: R, atMs: 6_500 }]),
      B(hbs(R, 7_000, 8_000)),
      B([hb(R, 9_000)]),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: Q('EKS_LOSS:LINK_DOWN') },
      { rigel: Q('EKS_LOSS:LINK_DOWN') },
      { rigel: P },
      { rigel: P },
      { rigel: 'ACTIVE' },
    ],
  ),
  fold(
    'a heartbeat reporting EKS lost quarantines with its reason; a later eksOk heartbeat does not clear it',
    [
      B(active(R)),
      B([hb(R, 4_000, { eksOk: false, eksLossReason: 'QBER_ABOVE_THRESHOLD' })]),
      B([hb(R, 5_000)]),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: Q('EKS_LOSS:QBER_ABOVE_THRESHOLD') },
      { rigel: Q('EKS_LOSS:QBER_ABOVE_THRESHOLD') },
    ],
  ),
  ...['CRYOSTAT', 'CONTROL_ELECTRONICS', 'CALIBRATION', 'QKD_HARDWARE', 'OTHER'].map((fault) =>
    fold(
      `CRITICAL_FAULT record (${fault}) quarantines`,
      [B(active(R)), B([{ kind: 'CRITICAL_FAULT', alias: R, atMs: 3_500, fault }])],
      [{ rigel: 'ACTIVE' }, { rigel: Q(`CRITICAL_FAULT:${fault}`) }],
    ),
  ),
  fold(
    'faults in a heartbeat quarantine with the first fault kind in sorted order',
    [B(active(R)), B([hb(R, 4_000, { faults: ['CALIBRATION', 'CRYOSTAT'] })])],
    [{ rigel: 'ACTIVE' }, { rigel: Q('CRITICAL_FAULT:CALIBRATION') }],
  ),
  fold(
    'CRITICAL_FAULT exit: three clean heartbeats',
    [
      B(active(R)),
      B([{ kind: 'CRITICAL_FAULT', alias: R, atMs: 3_500, fault: 'CRYOSTAT' }]),
      B(hbs(R, 4_000, 5_000)),
      B([hb(R, 6_000)]),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: Q('CRITICAL_FAULT:CRYOSTAT') },
      { rigel: P },
      { rigel: 'ACTIVE' },
    ],
  ),
  fold(
    'MAINTENANCE on quarantines; heartbeats during maintenance do not count; off needs three more',
    [
      B(active(R)),
      B([{ kind: 'MAINTENANCE', alias: R, atMs: 3_500, on: true }, ...hbs(R, 4_000, 5_000, 6_000)]),
      B([{ kind: 'MAINTENANCE', alias: R, atMs: 6_500, on: false }]),
      B(hbs(R, 7_000, 8_000, 9_000)),
    ],
    [{ rigel: 'ACTIVE' }, { rigel: Q('MAINTENANCE') }, { rigel: P }, { rigel: 'ACTIVE' }],
  ),
  fold(
    'HEARTBEAT_TIMEOUT verdict quarantines; the late heartbeat is not good; three more recover',
    [
      B(active(R)),
      B([{ kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 63_001, lastHeartbeatMs: 3_000 }]),
      B([hb(R, 64_000)]),
      B(hbs(R, 65_000, 66_000)),
      B([hb(R, 67_000)]),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: Q('HEARTBEAT_TIMEOUT') },
      { rigel: P },
      { rigel: P },
      { rigel: 'ACTIVE' },
    ],
  ),
  fold(
    'HEARTBEAT_TIMEOUT of a node never heard from counts from its registration',
    [
      B([reg(R, { atMs: 100 })]),
      B([{ kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 60_101, lastHeartbeatMs: null }]),
    ],
    [{ rigel: P }, { rigel: Q('HEARTBEAT_TIMEOUT') }],
  ),
  fold(
    'a timeout verdict overtaken by a newer heartbeat changes nothing',
    [
      B(active(R)),
      B([
        hb(R, 4_000),
        { kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 70_000, lastHeartbeatMs: 3_000 },
      ]),
    ],
    [{ rigel: 'ACTIVE' }, { rigel: 'ACTIVE' }],
  ),
  fold(
    'a second timeout verdict on the same silence (another QAN saw it too) changes nothing',
    [
      B(active(R)),
      B([{ kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 70_000, lastHeartbeatMs: 3_000 }]),
      B([{ kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 75_000, lastHeartbeatMs: 3_000 }]),
    ],
    [{ rigel: 'ACTIVE' }, { rigel: Q('HEARTBEAT_TIMEOUT') }, { rigel: Q('HEARTBEAT_TIMEOUT') }],
  ),
  refuse(
    'a timeout verdict within the interval is out of policy',
    [
      B(active(R)),
      B([{ kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 63_000, lastHeartbeatMs: 3_000 }]),
    ],
    'RECORD_OUT_OF_POLICY',
  ),
  fold(
    'LOW_FIDELITY: the running average falls below 0.95, climbs back, then hysteresis',
    [
      B(active(R)),
      // avg = floor((980000·7 + 500000)/8) = 920000
      B([hb(R, 4_000, { fidelity1qPpm: 500_000, fidelity2qPpm: 500_000 })]),
      // 930000, 938750, 946406: still below
      B(
        ['a', 'b', 'c'].map((_, i) =>
          hb(R, 5_000 + i * 1_000, { fidelity1qPpm: 1_000_000, fidelity2qPpm: 1_000_000 }),
        ),
      ),
      // 953105: above; first good heartbeat
      B([hb(R, 8_000, { fidelity1qPpm: 1_000_000, fidelity2qPpm: 1_000_000 })]),
      B([
        hb(R, 9_000, { fidelity1qPpm: 1_000_000, fidelity2qPpm: 1_000_000 }),
        hb(R, 10_000, { fidelity1qPpm: 1_000_000, fidelity2qPpm: 1_000_000 }),
      ]),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: Q('LOW_FIDELITY') },
      { rigel: Q('LOW_FIDELITY') },
      { rigel: P },
      { rigel: 'ACTIVE' },
    ],
  ),
  fold(
    'a POLICY record raising the fidelity threshold quarantines every node below it',
    [
      B([...active(R), ...active('vega')]),
      B([hb('vega', 4_000, { fidelity1qPpm: 1_000_000, fidelity2qPpm: 1_000_000 })]),
      B([
        act(1, 1, {
          kind: 'POLICY',
          policy: policy({ version: 2, minFidelityPpm: 982_000 }).policy,
        }),
      ]),
    ],
    [
      { rigel: 'ACTIVE', vega: 'ACTIVE' },
      { rigel: 'ACTIVE', vega: 'ACTIVE' },
      { rigel: Q('LOW_FIDELITY'), vega: 'ACTIVE' },
    ],
  ),
  refuse(
    'a POLICY record must raise the version',
    [
      B([
        act(1, 1, {
          kind: 'POLICY',
          policy: policy({ version: 1, minFidelityPpm: 900_000 }).policy,
        }),
      ]),
    ],
    'RECORD_OUT_OF_POLICY',
  ),
  fold(
    'a POLICY record with a longer interval accepts a gap the old one did not',
    [
      B([
        reg(R),
        act(1, 1, {
          kind: 'POLICY',
          policy: policy({ version: 2, heartbeatIntervalMs: 120_000 }).policy,
        }),
        ...hbs(R, 100_000, 200_000, 300_000),
      ]),
    ],
    [{ rigel: 'ACTIVE' }],
  ),
  fold(
    'DEREGISTER removes the entry; registering again starts on PROBATION',
    [
      B(active(R)),
      B([act(1, 1, { kind: 'DEREGISTER', alias: R, atMs: 4_000 })]),
      B([reg(R, { scope: 'us-east', atMs: 5_000 })]),
    ],
    [{ rigel: 'ACTIVE' }, {}, { rigel: P }],
  ),
  fold(
    'records about one node leave the others alone',
    [
      B([...active(R), ...active('vega')]),
      B([{ kind: 'CRITICAL_FAULT', alias: 'vega', atMs: 3_500, fault: 'OTHER' }]),
    ],
    [
      { rigel: 'ACTIVE', vega: 'ACTIVE' },
      { rigel: 'ACTIVE', vega: Q('CRITICAL_FAULT:OTHER') },
    ],
  ),
  fold(
    'MAINTENANCE outranks EKS_LOSS, which outranks CRITICAL_FAULT',
    [
      B(active(R)),
      B([{ kind: 'CRITICAL_FAULT', alias: R, atMs: 3_100, fault: 'CRYOSTAT' }]),
      B([{ kind: 'EKS_LOSS', alias: R, atMs: 3_200, reason: 'LINK_DOWN' }]),
      B([{ kind: 'MAINTENANCE', alias: R, atMs: 3_300, on: true }]),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: Q('CRITICAL_FAULT:CRYOSTAT') },
      { rigel: Q('EKS_LOSS:LINK_DOWN') },
      { rigel: Q('MAINTENANCE') },
    ],
  ),
];

// ---- trust tiers ------------------------------------------------------------------------------

const edge = (trustee: number, levelPpm: number, role = 'QAN') => ({
  kind: 'TRUST_EDGE',
  trustee,
  role,
  levelPpm,
});
/** The anchor (key 1) trusts QANs 2 (0.9), 3 (0.5) and 4 (0.1) with actions seq 1..3. */
const trustBase = B([
  act(1, 1, edge(2, 900_000)),
  act(1, 2, edge(3, 500_000)),
  act(1, 3, edge(4, 100_000)),
  ...active(R),
]);
/** …and operator key 6 at 0.9 (seq 4). */
const withOperator = B([act(1, 4, edge(6, 900_000, 'OPERATOR'))]);
const trust: Vector[] = [
  fold(
    'an EKS loss from a trusted QAN (0.9) quarantines',
    [
      trustBase,
      B([{ kind: 'EKS_LOSS', alias: R, atMs: 4_000, reason: 'EAVESDROPPER_DETECTED' }], 2),
    ],
    [{ rigel: 'ACTIVE' }, { rigel: Q('EKS_LOSS:EAVESDROPPER_DETECTED') }],
  ),
  refuse(
    'an untrusted QAN (0.1) cannot quarantine',
    [trustBase, B([{ kind: 'EKS_LOSS', alias: R, atMs: 4_000, reason: 'LINK_DOWN' }], 4)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'an untrusted QAN cannot register',
    [trustBase, B([reg('vega')], 4)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'a tentative QAN (0.5) cannot register',
    [trustBase, B([reg('vega')], 3)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    "a tentative QAN cannot report on another QAN's node",
    [trustBase, B([hb(R, 4_000)], 3)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'a trusted QAN cannot write a trust edge itself (operator-only)',
    [trustBase, B([edge(5, 900_000)], 2)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'a trusted QAN cannot write DEREGISTER itself (operator-only)',
    [trustBase, B([{ kind: 'DEREGISTER', alias: R, atMs: 4_000 }], 2)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'a trusted QAN cannot write POLICY itself (operator-only)',
    [trustBase, B([{ kind: 'POLICY', policy: policy({ version: 2 }).policy }], 2)],
    'RECORD_NOT_PERMITTED',
  ),
  fold(
    'a tentative QAN may send heartbeats about its own nodes',
    [
      trustBase,
      B([act(1, 4, edge(3, 900_000))]),
      B([reg('vega')], 3),
      B([act(1, 5, edge(3, 500_000))]),
      B([hb('vega', 1_000)], 3),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: 'ACTIVE' },
      { rigel: 'ACTIVE', vega: P },
      { rigel: 'ACTIVE', vega: P },
      { rigel: 'ACTIVE', vega: P },
    ],
  ),
  fold(
    'trust is transitive over edges in the log: anchor → operator 6 (0.9) → QAN 5 (0.9) = 0.81 is trusted',
    [
      trustBase,
      withOperator,
      B([act(6, 1, edge(5, 900_000))], 2),
      B([{ kind: 'CRITICAL_FAULT', alias: R, atMs: 4_000, fault: 'CRYOSTAT' }], 5),
    ],
    [
      { rigel: 'ACTIVE' },
      { rigel: 'ACTIVE' },
      { rigel: 'ACTIVE' },
      { rigel: Q('CRITICAL_FAULT:CRYOSTAT') },
    ],
  ),
  refuse(
    'a path product below 0.7 (0.9 × 0.7 = 0.63) is only tentative',
    [
      trustBase,
      withOperator,
      B([act(6, 1, edge(5, 700_000))], 2),
      B([{ kind: 'CRITICAL_FAULT', alias: R, atMs: 4_000, fault: 'CRYOSTAT' }], 5),
    ],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'revoking an edge (level 0) removes the trust that flowed through it',
    [
      trustBase,
      withOperator,
      B([act(6, 1, edge(5, 900_000))], 2),
      B([act(1, 5, edge(6, 0, 'OPERATOR'))]),
      B([{ kind: 'EKS_SYNC', alias: R, atMs: 5_000 }], 5),
    ],
    'RECORD_NOT_PERMITTED',
  ),
  refuse('a key cannot trust itself', [B([act(1, 1, edge(1, 900_000))])], 'RECORD_INVALID'),
  refuse(
    'a key holds one role: granting a QAN key the operator role is refused',
    [trustBase, B([act(1, 4, edge(2, 900_000, 'OPERATOR'))])],
    'RECORD_NOT_PERMITTED',
  ),
];

// ---- operator actions ----------------------------------------------------------------------------

const maint = (on: boolean, atMs: number) => ({ kind: 'MAINTENANCE', alias: R, atMs, on });
const operators: Vector[] = [
  fold(
    'an operator puts a node into maintenance and back; a trusted QAN carries each action',
    [
      trustBase,
      withOperator,
      B([act(6, 1, maint(true, 3_500))], 2),
      B([act(6, 2, maint(false, 3_600)), ...hbs(R, 4_000, 5_000, 6_000)], 2),
    ],
    [{ rigel: 'ACTIVE' }, { rigel: 'ACTIVE' }, { rigel: Q('MAINTENANCE') }, { rigel: 'ACTIVE' }],
  ),
  fold(
    'a tentative QAN may carry an operator action: the authority is the signature',
    [trustBase, withOperator, B([act(6, 1, maint(true, 3_500))], 3)],
    [{ rigel: 'ACTIVE' }, { rigel: 'ACTIVE' }, { rigel: Q('MAINTENANCE') }],
  ),
  refuse(
    'an untrusted QAN cannot carry an operator action',
    [trustBase, withOperator, B([act(6, 1, maint(true, 3_500))], 4)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'an action signed by a QAN key (no operator role) is refused',
    [trustBase, B([act(2, 1, maint(true, 3_500))], 2)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'an action signed by an unknown key is refused',
    [trustBase, B([act(9, 1, maint(true, 3_500))], 2)],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'an action signed by an operator whose trust was revoked is refused',
    [
      trustBase,
      withOperator,
      B([act(1, 5, edge(6, 0, 'OPERATOR'))]),
      B([act(6, 1, maint(true, 3_500))], 2),
    ],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'an operator trusted below 0.7 cannot act',
    [
      trustBase,
      B([act(1, 4, edge(6, 600_000, 'OPERATOR'))]),
      B([act(6, 1, maint(true, 3_500))], 2),
    ],
    'RECORD_NOT_PERMITTED',
  ),
  refuse(
    'an action for another network is refused',
    [trustBase, withOperator, B([act(6, 1, maint(true, 3_500), { genesis: 'other' })], 2)],
    'ACTION_WRONG_NETWORK',
  ),
  refuse(
    'a replayed action (same seq) is refused',
    [
      trustBase,
      withOperator,
      B([act(6, 1, maint(true, 3_500))], 2),
      B([act(6, 1, maint(true, 3_500))], 2),
    ],
    'ACTION_REPLAYED',
  ),
  refuse(
    'a stale seq is refused',
    [
      trustBase,
      withOperator,
      B([act(6, 5, maint(true, 3_500))], 2),
      B([act(6, 4, maint(false, 3_600))], 2),
    ],
    'ACTION_REPLAYED',
  ),
  refuse(
    'an action whose signature does not verify is refused',
    [trustBase, withOperator, B([act(6, 1, maint(true, 3_500), { tamper: 'signature' })], 2)],
    'BAD_SIGNATURE',
  ),
  refuse(
    'an action carrying a record kind operators do not decide is refused',
    [trustBase, withOperator, B([act(6, 1, hb(R, 4_000))], 2)],
    'RECORD_UNKNOWN_KIND',
  ),
];

// Networks from a genesis document: anchor key 20 (offline), QAN 2 and operator 6 as members.
const documentNet = {
  anchor: 20,
  members: [
    { role: 'QAN', key: 2, levelPpm: 1_000_000 },
    { role: 'OPERATOR', key: 6, levelPpm: 900_000 },
  ],
};
operators.push(
  fold(
    'genesis document: its QAN member registers; its operator quarantines for maintenance',
    [B(active(R), 2), B([act(6, 1, maint(true, 3_500))], 2)],
    [{ rigel: 'ACTIVE' }, { rigel: Q('MAINTENANCE') }],
    documentNet,
  ),
  fold(
    'genesis document: the offline anchor signs actions a QAN carries',
    [B(active(R), 2), B([act(20, 1, { kind: 'DEREGISTER', alias: R, atMs: 4_000 })], 2)],
    [{ rigel: 'ACTIVE' }, {}],
    documentNet,
  ),
  refuse(
    'genesis document: the anchor is not a QAN and cannot originate blocks',
    [B(active(R), 20)],
    'UNKNOWN_ORIGIN',
    documentNet,
  ),
  refuse(
    'genesis document: an operator key cannot originate blocks',
    [B(active(R), 6)],
    'UNKNOWN_ORIGIN',
    documentNet,
  ),
);

const rel = (
  name: string,
  edges: [number, number, number][],
  from: number,
  to: number,
  output: number,
  maxDepth?: number,
): Vector => ({
  name,
  operation: 'relationalTrust',
  input: {
    edges: edges.map(([f, t, l]) => ({ from: f, to: t, levelPpm: l })),
    from,
    to,
    ...(maxDepth ? { maxDepth } : {}),
  },
  output,
});
const relational: Vector[] = [
  rel('observer equals target', [], 1, 1, 1_000_000),
  rel('no path', [[1, 2, 900_000]], 1, 3, 0),
  rel('direct edge', [[1, 2, 900_000]], 1, 2, 900_000),
  rel(
    'best of two paths, not the shortest',
    [
      [1, 2, 500_000],
      [1, 3, 900_000],
      [3, 2, 900_000],
    ],
    1,
    2,
    810_000,
  ),
  rel(
    'products round down at each hop',
    [
      [1, 2, 333_333],
      [2, 3, 333_333],
    ],
    1,
    3,
    111_110,
  ),
  rel(
    'paths longer than maxDepth do not count',
    [
      [1, 2, 1_000_000],
      [2, 3, 1_000_000],
      [3, 4, 1_000_000],
    ],
    1,
    4,
    0,
    2,
  ),
  rel(
    'a cycle never helps',
    [
      [1, 2, 900_000],
      [2, 1, 1_000_000],
      [2, 3, 800_000],
    ],
    1,
    3,
    720_000,
  ),
];

// ---- invalid blocks ---------------------------------------------------------------------------

const hb4 = B([hb(R, 4_000)]);
const invalid: Vector[] = [
  refuse('wrong height', [B(active(R)), { ...hb4, tamper: 'height' }], 'BLOCK_HEIGHT'),
  refuse(
    'broken chain (previous hash)',
    [B(active(R)), { ...hb4, tamper: 'prev-hash' }],
    'BLOCK_PREV_HASH',
  ),
  refuse('hash field altered', [B(active(R)), { ...hb4, tamper: 'hash' }], 'BLOCK_HASH'),
  refuse('record altered after signing', [B(active(R)), { ...hb4, tamper: 'body' }], 'BLOCK_HASH'),
  refuse(
    'Ed25519 half of the signature altered',
    [B(active(R)), { ...hb4, tamper: 'ed25519-signature' }],
    'BAD_SIGNATURE',
  ),
  refuse(
    'ML-DSA-65 half of the signature altered',
    [B(active(R)), { ...hb4, tamper: 'mldsa-signature' }],
    'BAD_SIGNATURE',
  ),
  refuse(
    'unsupported block version',
    [B(active(R)), { ...hb4, tamper: 'version' }],
    'BLOCK_VERSION',
  ),
  refuse('origin not known to the log', [B(active(R)), B([hb(R, 4_000)], 9)], 'UNKNOWN_ORIGIN'),
  refuse(
    'Lamport range does not match the records',
    [B(active(R)), B([hb(R, 4_000)], 1, 'lamport-range')],
    'BLOCK_LAMPORT_RANGE',
  ),
  refuse(
    'records not in (L, origin) order',
    [B(active(R)), B(hbs(R, 4_000, 5_000), 1, 'reorder')],
    'RECORD_ORDER',
  ),
  refuse(
    'record stamped with another origin',
    [B(active(R)), B([hb(R, 4_000)], 1, 'foreign-record')],
    'RECORD_ORIGIN_MISMATCH',
  ),
  refuse(
    'Lamport timestamps not after the state',
    [B(active(R)), B([hb(R, 4_000)], 1, 'old-lamport')],
    'RECORD_LAMPORT',
  ),
  refuse('heartbeat for an unknown node', [B([hb('vega', 1_000)])], 'RECORD_UNKNOWN_NODE'),
  refuse('register an alias twice', [B([reg(R), reg(R)])], 'RECORD_DUPLICATE_NODE'),
  refuse('heartbeat not after the last one', [B(active(R)), B([hb(R, 3_000)])], 'RECORD_STALE'),
  refuse(
    'EKS sync older than the last sync',
    [B([reg(R), hb(R, 1_000), { kind: 'EKS_SYNC', alias: R, atMs: 100 }])],
    'RECORD_STALE',
  ),
  refuse(
    'one bad record refuses the whole block',
    [B(active(R)), B([hb(R, 4_000), hb('vega', 4_000)])],
    'RECORD_UNKNOWN_NODE',
  ),
  refuse('an empty block', [B([])], 'BLOCK_TOO_LARGE'),
  refuse('a record with a bad field', [B([reg('Rigel')])], 'RECORD_INVALID'),
  refuse(
    'a record of unknown kind (resource contracts are reserved)',
    [B([{ kind: 'CONTRACT_RESERVE', alias: R }])],
    'RECORD_UNKNOWN_KIND',
  ),
];

// ---- records ------------------------------------------------------------------------------------

const O = qanKey(1).quid;
const rec = (name: string, record: object, error?: string): Vector => {
  const input = { record: { l: 1, origin: O, ...record } };
  return error
    ? { name, operation: 'validateRecord', input, error }
    : { name, operation: 'validateRecord', input, output: { ...input.record } };
};
const records: Vector[] = [
  rec('REGISTER with an IPv6 address', reg(R, { address: '[2001:db8::7]:7000' })),
  rec(
    'HEARTBEAT with EKS lost carries its reason',
    hb(R, 5, { eksOk: false, eksLossReason: 'LINK_DOWN' }),
  ),
  rec('MAINTENANCE', { kind: 'MAINTENANCE', alias: R, atMs: 1, on: true }),
  rec('HEARTBEAT_TIMEOUT about a node never heard from', {
    kind: 'HEARTBEAT_TIMEOUT',
    alias: R,
    observedAtMs: 1,
    lastHeartbeatMs: null,
  }),
  rec('Qubit-Capacity above INT16', reg(R, { qubitCapacity: 32_768 }), 'RECORD_INVALID'),
  rec('Network-Address without a port', reg(R, { address: 'rigel.example.net' }), 'RECORD_INVALID'),
  rec('alias with a trailing hyphen', reg('rigel-'), 'RECORD_INVALID'),
  rec('node key shorter than 32 bytes', reg(R, { publicKey: '00'.repeat(31) }), 'RECORD_INVALID'),
  rec(
    'eksLossReason present while eksOk',
    hb(R, 5, { eksLossReason: 'LINK_DOWN' }),
    'RECORD_INVALID',
  ),
  rec('faults not sorted', hb(R, 5, { faults: ['OTHER', 'CALIBRATION'] }), 'RECORD_INVALID'),
  rec('utilisation above 100', hb(R, 5, { utilisationPct: 101 }), 'RECORD_INVALID'),
  rec('fractional time', hb(R, 5.5), 'RECORD_INVALID'),
  rec('unknown field', { ...hb(R, 5), note: 'x' }, 'RECORD_INVALID'),
  rec('Lamport timestamp zero', { ...hb(R, 5), l: 0 }, 'RECORD_INVALID'),
  rec('unknown kind', { kind: 'RENAME', alias: R }, 'RECORD_UNKNOWN_KIND'),
  rec('TRUST_EDGE with an unknown role', { ...edge(2, 1, 'ROOT') }, 'RECORD_INVALID'),
  rec(
    'TRUST_EDGE without a role',
    { kind: 'TRUST_EDGE', trustee: 2, levelPpm: 1 },
    'RECORD_INVALID',
  ),
  rec(
    'OPERATOR_ACTION with a short signature',
    {
      kind: 'OPERATOR_ACTION',
      action: '00',
      signerKey: '00'.repeat(1984),
      signature: '00'.repeat(3372),
    },
    'RECORD_INVALID',
  ),
];

// ---- routing -------------------------------------------------------------------------------------

const route = (
  name: string,
  nodes: object[],
  target: object,
  output: object,
  requirements?: object,
  options?: object,
): Vector => ({
  name,
  operation: 'route',
  input: {
    nodes,
    target,
    ...(requirements ? { requirements } : {}),
    ...(options ? { options } : {}),
  },
  output,
});
const addr = (a: string) => `${a}.example.net:7000`;
const to = (alias: string, scope = 'eu-west') => ({ alias, address: addr(alias), scope });
const N = (alias: string, o: object = {}) => ({ alias, ...o });
const mesh = [
  N('rigel'),
  N('altair', { fidelityPpm: 960_000, utilisation: 50 }),
  N('sirius', { qubits: 8, fidelityPpm: 999_000 }),
  N('vega', { scope: 'us-east', qubits: 24 }),
  N('deneb', { scope: 'ap-south', qubits: 64 }),
];
const down = (alias: string, st = 'EKS_LOSS') =>
  mesh.map((n) => (n.alias === alias ? { ...n, status: st } : n));
const node = (alias: string, scope?: string) => ({
  kind: 'node',
  alias,
  ...(scope ? { scope } : {}),
});
const softReject = (alias: string, reason: string, reroute: object | null, detail?: string) => ({
  kind: 'soft-reject',
  alias,
  reason,
  ...(detail ? { detail } : {}),
  reroute,
});
const FAILOVER = { failover: { 'eu-west': ['us-east', 'ap-south'] } };
const routing: Vector[] = [
  route('ACTIVE and fit: deliver to its address', mesh, node('rigel'), {
    kind: 'deliver',
    via: 'direct',
    ...to('rigel'),
  }),
  route('scope-qualified alias in the right scope', mesh, node('vega', 'us-east'), {
    kind: 'deliver',
    via: 'direct',
    ...to('vega', 'us-east'),
  }),
  route('scope-qualified alias in the wrong scope is not found', mesh, node('vega', 'eu-west'), {
    kind: 'not-found',
    alias: 'vega',
    scope: 'eu-west',
  }),
  route('unknown alias is a typed not-found', mesh, node('polaris'), {
    kind: 'not-found',
    alias: 'polaris',
  }),
  route(
    'EKS_LOSS: soft-reject, re-route to the best ACTIVE node of the same scope',
    down('rigel'),
    node('rigel'),
    softReject(
      'rigel',
      'EKS_LOSS',
      { tier: 'same-scope', ...to('sirius') },
      'EAVESDROPPER_DETECTED',
    ),
  ),
  route(
    'requirements filter the same-scope candidates (qubits=16)',
    down('rigel'),
    node('rigel'),
    softReject(
      'rigel',
      'EKS_LOSS',
      { tier: 'same-scope', ...to('altair') },
      'EAVESDROPPER_DETECTED',
    ),
    { qubits: 16 },
  ),
  route(
    'no fit node in scope: same Qubit-Capacity class (16–31) elsewhere',
    down('rigel').map((n) =>
      n.alias === 'altair' || n.alias === 'sirius' ? { ...n, status: 'MAINTENANCE' } : n,
    ),
    node('rigel'),
    softReject(
      'rigel',
      'EKS_LOSS',
      { tier: 'same-capacity-class', ...to('vega', 'us-east') },
      'EAVESDROPPER_DETECTED',
    ),
  ),
  route(
    'no fit node in scope or class: regional failover order',
    down('rigel').map((n) =>
      ['altair', 'sirius', 'vega'].includes(n.alias) ? { ...n, status: 'CRITICAL_FAULT' } : n,
    ),
    node('rigel'),
    softReject(
      'rigel',
      'EKS_LOSS',
      { tier: 'failover', ...to('deneb', 'ap-south') },
      'EAVESDROPPER_DETECTED',
    ),
    undefined,
    FAILOVER,
  ),
  route(
    'nowhere to go: soft-reject with no re-route',
    down('rigel').map((n) =>
      ['altair', 'sirius', 'vega'].includes(n.alias) ? { ...n, status: 'CRITICAL_FAULT' } : n,
    ),
    node('rigel'),
    softReject('rigel', 'EKS_LOSS', null, 'EAVESDROPPER_DETECTED'),
  ),
  route(
    'reroute=deny returns the soft-reject alone',
    down('rigel'),
    node('rigel'),
    softReject('rigel', 'EKS_LOSS', null, 'EAVESDROPPER_DETECTED'),
    {
      reroute: 'deny',
    },
  ),
  route(
    'CRITICAL_FAULT carries the fault kind',
    down('rigel', 'CRITICAL_FAULT'),
    node('rigel'),
    softReject('rigel', 'CRITICAL_FAULT', null, 'CRYOSTAT'),
    {
      reroute: 'deny',
    },
  ),
  route(
    'MAINTENANCE soft-rejects',
    down('rigel', 'MAINTENANCE'),
    node('rigel'),
    softReject('rigel', 'MAINTENANCE', { tier: 'same-scope', ...to('sirius') }),
  ),
  route(
    'HEARTBEAT_TIMEOUT soft-rejects',
    down('rigel', 'HEARTBEAT_TIMEOUT'),
    node('rigel'),
    softReject('rigel', 'HEARTBEAT_TIMEOUT', { tier: 'same-scope', ...to('sirius') }),
  ),
  route(
    'PROBATION soft-rejects',
    down('rigel', 'PROBATION'),
    node('rigel'),
    softReject('rigel', 'PROBATION', { tier: 'same-scope', ...to('sirius') }),
  ),
  route(
    'LOW_FIDELITY soft-rejects',
    mesh.map((n) => (n.alias === 'rigel' ? { ...n, fidelityPpm: 900_000 } : n)),
    node('rigel'),
    softReject('rigel', 'LOW_FIDELITY', { tier: 'same-scope', ...to('sirius') }),
  ),
  route(
    'an ACTIVE node below the requirements: REQUIREMENTS_NOT_MET and re-route',
    mesh,
    node('sirius'),
    softReject('sirius', 'REQUIREMENTS_NOT_MET', { tier: 'same-scope', ...to('rigel') }),
    { qubits: 20 },
  ),
  route(
    "minFidelity at the node's exact average delivers",
    mesh,
    node('altair'),
    { kind: 'deliver', via: 'direct', ...to('altair') },
    { minFidelity: 0.96 },
  ),
  route(
    'scope-wide target: best fit node of the scope',
    mesh,
    { kind: 'scope', scope: 'eu-west' },
    { kind: 'deliver', via: 'scope', ...to('sirius') },
  ),
  route(
    'scope-wide target with qubits: fidelity ranks first among fit nodes',
    mesh,
    { kind: 'scope', scope: 'eu-west' },
    { kind: 'deliver', via: 'scope', ...to('rigel') },
    {
      qubits: 10,
    },
  ),
  route(
    'scope-wide target with no fit node: unavailable',
    mesh,
    { kind: 'scope', scope: 'eu-west' },
    { kind: 'unavailable', scope: 'eu-west' },
    { qubits: 40 },
  ),
  route(
    'scope-wide target fails over along the configured order',
    mesh,
    { kind: 'scope', scope: 'eu-west' },
    { kind: 'deliver', via: 'failover', ...to('deneb', 'ap-south') },
    { qubits: 40 },
    FAILOVER,
  ),
  route(
    'utilisation breaks fidelity ties, then the alias',
    [N('b1', { utilisation: 30 }), N('c1', { utilisation: 20 }), N('a1', { utilisation: 20 })],
    { kind: 'scope', scope: 'eu-west' },
    { kind: 'deliver', via: 'scope', ...to('a1') },
  ),
  {
    name: 'requirements out of range are a typed error',
    operation: 'route',
    input: { nodes: mesh, target: node('rigel'), requirements: { qubits: 0 } },
    error: 'REQUIREMENTS_INVALID',
  },
];

// ---- Merkle ---------------------------------------------------------------------------------------

// The Certificate Transparency reference leaves; their 8-leaf root is published with RFC 6962's
// reference implementation tests (5dc9da79…4328), which the second path must reproduce.
const CT = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const merkle: Vector[] = [];
for (let n = 0; n <= 8; n++) {
  const leaves = CT.slice(0, n);
  const root = bytesToHex(mth(leaves.map((h) => Uint8Array.from(Buffer.from(h, 'hex')))));
  if (n === 8 && root !== '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328')
    throw new Error('second path is wrong');
  merkle.push({
    name: `RFC 6962 root of the first ${n} CT test leaves`,
    operation: 'merkleRoot',
    input: { leaves },
    output: root,
  });
}
const five = [B(['altair', 'deneb', 'rigel', 'sirius', 'vega'].flatMap((a) => active(a)))];
for (const alias of ['altair', 'rigel', 'vega']) {
  merkle.push({
    name: `inclusion proof of ${alias} among five entries verifies`,
    operation: 'proveEntry',
    input: { blocks: five, alias },
    output: null,
  });
}
for (const damage of ['index', 'path', 'entry']) {
  merkle.push({
    name: `an inclusion proof with a damaged ${damage} does not verify`,
    operation: 'proveEntry',
    input: { blocks: five, alias: 'rigel', damage },
    output: null,
  });
}
merkle.push({
  name: 'no proof for an unknown alias',
  operation: 'proveEntry',
  input: { blocks: five, alias: 'polaris' },
  output: { found: false },
});
merkle.push(
  fold('Merkle root over five ACTIVE entries', five, [
    { altair: 'ACTIVE', deneb: 'ACTIVE', rigel: 'ACTIVE', sirius: 'ACTIVE', vega: 'ACTIVE' },
  ]),
);
merkle.push(
  fold(
    'Merkle root of an empty registry is SHA-256 of nothing',
    [B([reg(R), act(1, 1, { kind: 'DEREGISTER', alias: R, atMs: 1 })])],
    [{}],
  ),
);

// Proof outputs: audit paths recomputed here from the entries by the second path.
for (const v of merkle.filter((x) => x.operation === 'proveEntry' && x.output === null)) {
  const input = v.input as { blocks: BlockSpec[]; alias: string; damage?: string };
  const s = foldSpecs(input).pop() as RegistryState;
  const leaves = s.entries.map((e) => canon(entryMap(e)));
  const index = s.entries.findIndex((e) => e.alias === input.alias);
  const path: string[] = [];
  const walk = (lo: number, hi: number, i: number): void => {
    if (hi - lo === 1) return;
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    if (i < lo + k) {
      walk(lo, lo + k, i);
      path.push(bytesToHex(mth(leaves.slice(lo + k, hi))));
    } else {
      walk(lo + k, hi, i);
      path.push(bytesToHex(mth(leaves.slice(lo, lo + k))));
    }
  };
  walk(0, leaves.length, index);
  v.output = {
    found: true,
    index,
    treeSize: leaves.length,
    path,
    verified: input.damage === undefined,
  };
}

// ---- timeouts ----------------------------------------------------------------------------------

const timeouts: Vector[] = [
  {
    name: 'nobody is late at the interval exactly',
    operation: 'findTimedOutNodes',
    input: { blocks: [B(active(R))], nowMs: 63_000 },
    output: [],
  },
  {
    name: 'a node silent for longer than the interval',
    operation: 'findTimedOutNodes',
    input: { blocks: [B([...active(R), ...active('vega'), hb('vega', 10_000)])], nowMs: 63_001 },
    output: [{ alias: 'rigel', lastHeartbeatMs: 3_000, silentForMs: 60_001 }],
  },
  {
    name: 'a node never heard from is late from its registration; one with a verdict is not listed again',
    operation: 'findTimedOutNodes',
    input: {
      blocks: [
        B([reg('vega', { atMs: 1_000 }), ...active(R)]),
        B([{ kind: 'HEARTBEAT_TIMEOUT', alias: R, observedAtMs: 70_000, lastHeartbeatMs: 3_000 }]),
      ],
      nowMs: 70_000,
    },
    output: [{ alias: 'vega', lastHeartbeatMs: null, silentForMs: 69_000 }],
  },
];

// ---- operator action and genesis document bytes -------------------------------------------------

/** Second path of an OPERATOR_ACTION body: the action map's canonical bytes; the signature from the package. */
function actionBytes(r: Record<string, unknown>, state: RegistryState): Record<string, unknown> {
  const inner = { ...(r.record as Record<string, unknown>) };
  if (inner.kind === 'TRUST_EDGE') {
    inner.trusteeKey = qanKey(inner.trustee as number).key.publicKey;
    delete inner.trustee;
  }
  const action = canon({
    type: 'qcos-operator-action',
    v: 1,
    genesisHash: state.genesisHash,
    seq: r.seq,
    atMs: r.atMs,
    record: inner,
  });
  const signed = operatorActionFromJson(r, state);
  if (bytesToHex(signed.action) !== bytesToHex(action))
    throw new Error('operator action bytes differ from the second path');
  return {
    kind: 'OPERATOR_ACTION',
    action,
    signerKey: signed.signerKey,
    signature: signed.signature,
  };
}

const legacyNet = foldSpecs({ blocks: [] })[0] as RegistryState;
function actionVector(name: string, spec: Record<string, unknown>): Vector {
  const body = actionBytes(spec, legacyNet);
  return {
    name,
    operation: 'operatorAction',
    input: { action: spec },
    output: {
      action: bytesToHex(body.action as Uint8Array),
      signature: bytesToHex(body.signature as Uint8Array),
    },
  };
}
const actionCodec: Vector[] = [
  actionVector(
    'MAINTENANCE on, signed by the anchor',
    act(1, 1, maint(true, 3_500), { atMs: 1_000 }),
  ),
  actionVector('TRUST_EDGE granting an operator', act(1, 7, edge(6, 900_000, 'OPERATOR'))),
  actionVector(
    'DEREGISTER signed by operator 6',
    act(6, 3, { kind: 'DEREGISTER', alias: R, atMs: 9 }),
  ),
];
{
  const good = (actionCodec[0] as Vector).output as { action: string };
  actionCodec.push(
    {
      name: 'decode: the first action',
      operation: 'decodeOperatorAction',
      input: { hex: good.action },
      output: {
        genesisHash: bytesToHex(legacyNet.genesisHash),
        seq: 1,
        atMs: 1_000,
        record: maint(true, 3_500),
      },
    },
    {
      name: 'decode: trailing byte',
      operation: 'decodeOperatorAction',
      input: { hex: `${good.action}00` },
      error: 'RECORD_INVALID',
    },
    {
      name: 'decode: seq 0',
      operation: 'decodeOperatorAction',
      input: {
        hex: bytesToHex(
          canon({
            type: 'qcos-operator-action',
            v: 1,
            genesisHash: legacyNet.genesisHash,
            seq: 0,
            atMs: 0,
            record: maint(true, 1),
          }),
        ),
      },
      error: 'RECORD_INVALID',
    },
  );
}

function genesisVector(
  name: string,
  input: {
    networkId: string;
    anchor: number;
    members: { role: string; key: number; levelPpm: number }[];
  },
): Vector[] {
  const sorted = [...input.members].sort((a, b) =>
    hybridQuid(qanKey(a.key).key.publicKey) < hybridQuid(qanKey(b.key).key.publicKey) ? -1 : 1,
  );
  const body = canon({
    type: 'qcos-network-genesis',
    v: 1,
    networkId: input.networkId,
    anchorPublicKey: qanKey(input.anchor).key.publicKey,
    policy: { ...DEFAULT_POLICY },
    members: sorted.map((m) => ({
      role: m.role,
      publicKey: qanKey(m.key).key.publicKey,
      levelPpm: m.levelPpm,
    })),
  });
  const got = toJsonValue(adapter.operations.genesisDocument?.(input)) as {
    bytes: string;
    hash: string;
  };
  if (got.hash !== bytesToHex(sha(body)))
    throw new Error(`${name}: genesis hash differs from the second path`);
  const sig = Uint8Array.from(Buffer.from(got.bytes, 'hex')).subarray(-3373);
  const envelope = bytesToHex(canon({ body, signature: sig }));
  if (envelope !== got.bytes)
    throw new Error(`${name}: genesis document differs from the second path`);
  return [
    { name, operation: 'genesisDocument', input, output: { bytes: envelope, hash: got.hash } },
    {
      name: `decode: ${name}`,
      operation: 'decodeGenesisDocument',
      input: { hex: envelope },
      output: {
        networkId: input.networkId,
        hash: got.hash,
        members: sorted.map((m) => ({ role: m.role, quid: qanKey(m.key).quid })),
      },
    },
  ];
}
const genesisDocs: Vector[] = [
  ...genesisVector('anchor 20, QAN 2 and operator 6', { networkId: 'testnet', ...documentNet }),
  ...genesisVector('anchor 20 and no members', { networkId: 'emptynet', anchor: 20, members: [] }),
];
{
  const good = (genesisDocs[0] as Vector).output as { bytes: string };
  const flipAt = (hex: string, at: number) =>
    hex.slice(0, at) +
    (Number.parseInt(hex[at] as string, 16) ^ 1).toString(16) +
    hex.slice(at + 1);
  genesisDocs.push(
    {
      name: 'decode: a signature bit flipped',
      operation: 'decodeGenesisDocument',
      input: { hex: flipAt(good.bytes, good.bytes.length - 10) },
      error: 'GENESIS_INVALID',
    },
    {
      name: 'decode: trailing byte',
      operation: 'decodeGenesisDocument',
      input: { hex: `${good.bytes}00` },
      error: 'GENESIS_INVALID',
    },
  );
}

// ---- block bytes ---------------------------------------------------------------------------------

function blockBytes(name: string, blocks: BlockSpec[], extra: object = {}): Vector[] {
  const input = { ...extra, blocks };
  const prior = foldSpecs({ ...extra, blocks: blocks.slice(0, -1) }).pop() as RegistryState;
  const after = foldSpecs(input).pop() as RegistryState;
  const version = blockVersionAt(prior.policy, prior.height + 1);
  const last = blocks[blocks.length - 1] as BlockSpec;
  const q = qanKey(last.by);
  // Second path: the body map, its canonical bytes, the hash.
  const toBytes = (r: Record<string, unknown>): Record<string, unknown> => {
    if (r.kind === 'OPERATOR_ACTION') return actionBytes(r, prior);
    const out: Record<string, unknown> = { ...r };
    if (typeof r.publicKey === 'string')
      out.publicKey = Uint8Array.from(Buffer.from(r.publicKey, 'hex'));
    if (r.kind === 'TRUST_EDGE') {
      out.trusteeKey = qanKey(r.trustee as number).key.publicKey;
      delete out.trustee;
    }
    return out;
  };
  const recs = (last.records as Record<string, unknown>[]).map((r, i) => ({
    ...toBytes(r),
    l: prior.lamport + 1 + i,
    origin: q.quid,
  }));
  const body = canon({
    type: 'qcos-registry-block',
    version,
    ...(version === 2 ? { stateRoot: Buffer.from(stateRootOf(after), 'hex') } : {}),
    height: prior.height + 1,
    prevHash: prior.headHash,
    origin: q.quid,
    lamportFirst: prior.lamport + 1,
    lamportLast: prior.lamport + recs.length,
    records: recs,
  });
  const hash = sha(body);
  const got = toJsonValue(adapter.operations.encodeBlock?.(input)) as {
    bytes: string;
    hash: string;
  };
  if (got.hash !== bytesToHex(hash))
    throw new Error(`${name}: block hash differs from the second path`);
  const sig = Uint8Array.from(Buffer.from(got.bytes, 'hex')).subarray(-3373);
  const envelope = bytesToHex(canon({ body, hash, signature: sig }));
  if (envelope !== got.bytes)
    throw new Error(`${name}: block envelope differs from the second path`);
  return [
    { name, operation: 'encodeBlock', input, output: { bytes: envelope, hash: bytesToHex(hash) } },
    {
      name: `decode: ${name}`,
      operation: 'decodeBlock',
      input: { hex: envelope },
      output: {
        height: prior.height + 1,
        origin: q.quid,
        records: recs.length,
        hash: bytesToHex(hash),
      },
    },
  ];
}
const bytes: Vector[] = [
  ...blockBytes('genesis child: REGISTER and three HEARTBEATs', [B(active(R))]),
  ...blockBytes('second block: EKS_LOSS', [
    B(active(R)),
    B([{ kind: 'EKS_LOSS', alias: R, atMs: 3_500, reason: 'LINK_DOWN' }]),
  ]),
  ...blockBytes('operator actions: a TRUST_EDGE and a POLICY signed by the anchor', [
    B([
      act(1, 1, edge(2, 900_000)),
      act(1, 2, { kind: 'POLICY', policy: policy({ version: 2 }).policy }, { atMs: 1_700 }),
    ]),
  ]),
];
const good = (bytes[0] as Vector).output as { bytes: string };
bytes.push(
  {
    name: 'decode: truncated block',
    operation: 'decodeBlock',
    input: { hex: good.bytes.slice(0, -2) },
    error: 'BLOCK_MALFORMED',
  },
  {
    name: 'decode: trailing byte',
    operation: 'decodeBlock',
    input: { hex: `${good.bytes}00` },
    error: 'BLOCK_MALFORMED',
  },
  {
    name: 'decode: not a map',
    operation: 'decodeBlock',
    input: { hex: '93010203' },
    error: 'BLOCK_MALFORMED',
  },
  {
    name: 'decode: unknown envelope field',
    operation: 'decodeBlock',
    input: {
      hex: bytesToHex(
        canon({
          body: new Uint8Array(1),
          extra: 1,
          hash: new Uint8Array(32),
          signature: new Uint8Array(1),
        }),
      ),
    },
    error: 'BLOCK_MALFORMED',
  },
);

// ---- protocol versions and the state root ---------------------------------------------------------

/** A state-root vector: block versions by hand; the root from the package, checked by the second path. */
function rootVector(
  name: string,
  blocks: BlockSpec[],
  versions: number[],
  extra: object = {},
): Vector {
  const input = { ...extra, blocks };
  const root = stateRootOf(foldSpecs(input).pop() as RegistryState);
  return { name, operation: 'stateRoot', input, output: { versions, stateRoot: root } };
}
/** Protocol 2 scheduled from height h in the genesis policy (h = 1: from the first block on). */
const v2From = (h: number) => policy({ protocol: 2, protocolHeight: h });
/** A POLICY record (anchor-signed operator action `seq`) scheduling protocol 2 at height h. */
const scheduleV2 = (seq: number, h: number) =>
  act(1, seq, {
    kind: 'POLICY',
    policy: policy({ version: 2, protocol: 2, protocolHeight: h }).policy,
  });
const protocol: Vector[] = [
  rootVector('the state root of the genesis state', [], []),
  rootVector('after an active node (protocol 1 blocks)', [B(active(R))], [1]),
  rootVector(
    'a trust edge changes the root, not the entries',
    [B(active(R)), B([act(1, 1, edge(2, 900_000))])],
    [1, 1],
  ),
  rootVector(
    'protocol 2 from the first block',
    [B(active(R)), B([hb(R, 4_000)])],
    [2, 2],
    v2From(1),
  ),
  rootVector(
    'a POLICY record in block 2 schedules protocol 2 at height 4',
    [B(active(R)), B([scheduleV2(1, 4)]), B([hb(R, 4_000)]), B([hb(R, 5_000)]), B([hb(R, 6_000)])],
    [1, 1, 1, 2, 2],
  ),
  refuse(
    'a version 2 block before protocol 2 is in force',
    [B(active(R)), B([scheduleV2(1, 4)]), B([hb(R, 4_000)], 1, 'as-version-2')],
    'BLOCK_VERSION',
  ),
  refuse(
    'a version 1 block once protocol 2 is in force',
    [B(active(R)), B([hb(R, 4_000)], 1, 'as-version-1')],
    'BLOCK_VERSION',
    v2From(2),
  ),
  refuse(
    'a state root that is not the folded state’s',
    [B(active(R)), B([hb(R, 4_000)], 1, 'state-root')],
    'BLOCK_STATE_ROOT',
    v2From(1),
  ),
  refuse(
    'a POLICY scheduling protocol 2 at the height of its own block',
    [B(active(R)), B([scheduleV2(1, 2)])],
    'RECORD_OUT_OF_POLICY',
  ),
  refuse(
    'a POLICY taking the protocol back down',
    [B(active(R)), B([act(1, 1, { kind: 'POLICY', policy: policy({ version: 2 }).policy })])],
    'RECORD_OUT_OF_POLICY',
    v2From(1),
  ),
  refuse(
    'a POLICY moving a scheduled protocol to another height',
    [
      B(active(R)),
      B([scheduleV2(1, 5)]),
      B([
        act(1, 2, {
          kind: 'POLICY',
          policy: policy({ version: 3, protocol: 2, protocolHeight: 6 }).policy,
        }),
      ]),
    ],
    'RECORD_OUT_OF_POLICY',
  ),
  ...blockBytes('version 2 block: its body carries the state root', [B(active(R))], v2From(1)),
  voidVector('bytes that are not a block are void', [B(active(R))], '010203', 'BLOCK_MALFORMED'),
  voidVector(
    'a block whose records are not permitted is void, however well signed',
    [B(active(R))],
    (
      toJsonValue(
        adapter.operations.encodeBlock?.({ blocks: [B(active(R)), B([hb(R, 4_000)], 3)] }),
      ) as { bytes: string }
    ).bytes,
    'UNKNOWN_ORIGIN',
  ),
];

/** A void-block vector: the head after, by registry.md §6.3 written out (second path). */
function voidVector(name: string, blocks: BlockSpec[], stored: string, code: string): Vector {
  const prior = foldSpecs({ blocks }).pop() as RegistryState;
  const headHash = sha(
    Uint8Array.from([
      ...Buffer.from('QCOS-VoidBlock-v1'),
      ...prior.headHash,
      ...sha(Buffer.from(stored, 'hex')),
    ]),
  );
  return {
    name,
    operation: 'foldStored',
    input: { blocks, stored },
    output: { void: true, code, height: prior.height + 1, headHash: bytesToHex(headHash) },
  };
}

// ---- write and self-check -------------------------------------------------------------------------

const files: Record<string, { description: string; vectors: Vector[] }> = {
  'status-transitions': {
    description:
      'Status policy over heartbeat timelines: every quarantine reason, its exit and the hysteresis. Statuses after each block; root of the final state.',
    vectors: status,
  },
  'trust-tiers': {
    description:
      'Acceptance tiers from the genesis trust anchor over trust edges (granted by operator actions), and what each tier may write.',
    vectors: [...trust, ...relational],
  },
  'operator-actions': {
    description:
      'Operator actions: what the fold accepts (signer tier, network, seq, signature), the action bytes, and genesis documents.',
    vectors: [...operators, ...actionCodec, ...genesisDocs],
  },
  'invalid-blocks': {
    description: 'Each block and record check of applyBlock, with its error code.',
    vectors: invalid,
  },
  records: { description: 'Record validation: shapes, ranges and error codes.', vectors: records },
  routing: {
    description:
      'QNH routing: deliver, soft-reject with each reason and each re-route tier, reroute=deny, not found, scope-wide targets.',
    vectors: routing,
  },
  merkle: {
    description:
      'RFC 6962 Merkle roots (CT reference leaves), registry roots and inclusion proofs.',
    vectors: merkle,
  },
  timeouts: {
    description: 'findTimedOutNodes: which nodes a QAN writes HEARTBEAT_TIMEOUT verdicts for.',
    vectors: timeouts,
  },
  'block-bytes': {
    description:
      'Canonical block bytes and hashes (hybrid-signed, deterministic), and strict decoding.',
    vectors: bytes,
  },
  'protocol-versions': {
    description:
      'Protocol versions scheduled by POLICY records, block versions per height, the state root over the whole folded state that version 2 blocks commit to, and the void-block rule of a shared log.',
    vectors: protocol,
  },
};

mkdirSync(OUT, { recursive: true });
let total = 0;
let failed = 0;
for (const [name, f] of Object.entries(files)) {
  for (const v of f.vectors) {
    total++;
    const op = adapter.operations[v.operation];
    try {
      const got = toJsonValue(await op?.(v.input));
      if (v.error) throw new Error(`succeeded, expected ${v.error}`);
      const diff = jsonEqual(got, v.output);
      if (diff) throw new Error(diff);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (!(v.error && code === v.error)) {
        failed++;
        console.error(`${name} / ${v.name}: ${code ?? ''} ${(e as Error).message}`);
      }
    }
  }
  writeFileSync(
    join(OUT, `${name}.json`),
    `${JSON.stringify({ $schema: '../../../schemas/conformance/vector-file.schema.json', package: 'registry-core', ...f }, null, 2)}\n`,
  );
}
console.log(`${total} vectors written, ${failed} disagree with the package`);
if (failed) process.exitCode = 1;
