/**
 * Writes conformance/vectors/registry-core/contracts.json: resource contracts folded from
 * protocol 3 (docs/spec/contracts.md).
 *
 * Every expected output is written here by hand from the spec, not read from the package: the
 * contract ids are the L values of the request records, counted from the records before them
 * (the setup below holds 22 records, so the first record after it has L 23); slot numbers,
 * lease ends, reasons and conflicts follow §4 and §5 by hand. The script then runs every vector
 * through the adapter and fails if the package disagrees with the hand-written value.
 * Run: pnpm tsx conformance/scripts/contract-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapter } from '../src/adapters/registry-core.js';
import { jsonEqual } from '../src/runner.js';

type Rec = Record<string, unknown>;
interface BlockSpec {
  by: number;
  records: Rec[];
}
interface Vector {
  name: string;
  operation: string;
  input: { blocks: BlockSpec[] };
  output?: unknown;
  error?: string;
}

const report = {
  eksOk: true,
  eksLastSyncMs: 1_000,
  fidelity1qPpm: 990_000,
  fidelity2qPpm: 970_000,
  utilisationPct: 10,
  faults: [],
};
const hex32 = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const activeNode = (alias: string, scope = 'eu-west'): Rec[] => [
  {
    kind: 'REGISTER',
    alias,
    address: `${alias}.example.net:9000`,
    scope,
    qubitCapacity: 20,
    publicKey: hex32(alias.length),
    atMs: 0,
  },
  ...[1_000, 2_000, 3_000].map((atMs) => ({ kind: 'HEARTBEAT', alias, atMs, report })),
];
const policy = (version: number, protocol: number, protocolHeight: number): Rec => ({
  kind: 'OPERATOR_ACTION',
  signer: 1,
  seq: version - 1,
  atMs: 0,
  record: {
    kind: 'POLICY',
    policy: {
      version,
      heartbeatIntervalMs: 60_000,
      minFidelityPpm: 950_000,
      hysteresisHeartbeats: 3,
      fidelityWindow: 8,
      protocol,
      protocolHeight,
    },
  },
});
const link = (peer: string, over: Rec = {}): Rec => ({
  peer,
  lengthM: 10_000,
  lossMdbPerKm: 200,
  attemptRateHz: 1_000_000,
  emissionPpm: 500_000,
  detectorPpm: 800_000,
  initialFidelityPpm: 950_000,
  memoryTimeMs: 1_000,
  capacityPairsPerS: 100,
  ...over,
});
const resources = (alias: string, over: Rec = {}): Rec => ({
  kind: 'RESOURCES',
  alias,
  atMs: 4_000,
  memorySlots: 4,
  links: ['a', 'b', 'c'].filter((p) => p !== alias).map((p) => link(p)),
  window: { maxLengthMs: 1_000, toleranceMrad: 10, clockDomain: 'gps' },
  ...over,
});

/**
 * Heights 1–2 protocol 1, 3–4 protocol 2, 5 on protocol 3. Block 1: a, b, c (eu-west) and d
 * (us-east) ACTIVE, L 1–16; block 2 schedules protocol 2 at 3 (L 17); block 3 a heartbeat (L 18);
 * block 4 schedules protocol 3 at 5 (L 19); block 5 advertises a, b, c: 4 slots, links to each
 * other (capacity 100 pairs/s, F₀ 0.95), windows up to 1 000 ms at 10 mrad in domain gps (L 20–22).
 */
const SETUP: BlockSpec[] = [
  {
    by: 1,
    records: [
      ...activeNode('a'),
      ...activeNode('b'),
      ...activeNode('c'),
      ...activeNode('d', 'us-east'),
    ],
  },
  { by: 1, records: [policy(2, 2, 3)] },
  { by: 1, records: [{ kind: 'HEARTBEAT', alias: 'a', atMs: 3_500, report }] },
  { by: 1, records: [policy(3, 3, 5)] },
  { by: 1, records: [resources('a'), resources('b'), resources('c')] },
];
/** L of the first record after the setup. */
const FIRST = 23;

const linkTerms = (over: Rec = {}): Rec => ({
  pairs: 100,
  minFidelityPpm: 900_000,
  type: 'M',
  priority: 1,
  bases: ['X', 'Z'],
  ...over,
});
/** a–b, 2 slots, [10 000, 20 000), lease 30 000 from 5 000 (so it ends with the interval). */
const LR = (over: Rec = {}): Rec => ({
  kind: 'CONTRACT_REQUEST',
  atMs: 5_000,
  contractKind: 'LINK',
  scopes: ['eu-west'],
  participants: ['a', 'b'],
  slots: 2,
  startMs: 10_000,
  endMs: 20_000,
  leaseMs: 30_000,
  link: linkTerms(),
  window: null,
  ...over,
});
/** a, b, c, 1 slot, [10 000, 12 000), a 500 ms window at 20 mrad in gps. */
const WR = (over: Rec = {}): Rec => ({
  kind: 'CONTRACT_REQUEST',
  atMs: 5_000,
  contractKind: 'WINDOW',
  scopes: ['eu-west'],
  participants: ['a', 'b', 'c'],
  slots: 1,
  startMs: 10_000,
  endMs: 12_000,
  leaseMs: 30_000,
  link: null,
  window: { lengthMs: 500, toleranceMrad: 20, clockDomain: 'gps' },
  ...over,
});
const ready = (id: number, alias: string, atMs = 6_000): Rec => ({
  kind: 'CONTRACT_READY',
  id,
  alias,
  atMs,
});
const held = (id: number, slotsHeld: number[][], leaseUntilMs: number, over: Rec = {}) => ({
  id,
  state: 'RESERVED',
  slotsHeld,
  ready: [],
  leaseUntilMs,
  activatedL: null,
  ...over,
});
const ended = (
  id: number,
  state: string,
  reason: string,
  endedL: number,
  alias: string | null = null,
  conflict: number | null = null,
) => ({
  id,
  state,
  reason,
  alias,
  conflict,
  endedL,
});

const vectors: Vector[] = [];
/** A vector whose blocks follow the setup, one block per list of records (QAN `by` or 1). */
function add(
  name: string,
  blocks: (Rec[] | BlockSpec)[],
  expected: { output: unknown } | { error: string },
  setup = SETUP,
) {
  vectors.push({
    name,
    operation: 'contracts',
    input: {
      blocks: [...setup, ...blocks.map((b) => (Array.isArray(b) ? { by: 1, records: b } : b))],
    },
    ...expected,
  });
}
const out = (holding: unknown[], endedList: unknown[] = []) => ({
  output: { holding, ended: endedList },
});

// ---- admission -----------------------------------------------------------------------------
add(
  'a link request is reserved: the two lowest slots at each end, lease to the interval’s end',
  [[LR()]],
  out([
    held(
      FIRST,
      [
        [0, 1],
        [0, 1],
      ],
      20_000,
    ),
  ]),
);
add(
  'a window request is reserved on every participant',
  [[WR()]],
  out([held(FIRST, [[0], [0], [0]], 12_000)]),
);
add(
  'two requests for the same slots in one block: the first is reserved, the second rejected naming it',
  [[LR({ slots: 3 }), LR({ startMs: 15_000, endMs: 25_000 })]],
  out(
    [
      held(
        FIRST,
        [
          [0, 1, 2],
          [0, 1, 2],
        ],
        20_000,
      ),
    ],
    [ended(FIRST + 1, 'REJECTED', 'SLOT_CONFLICT', FIRST + 1, 'a', FIRST)],
  ),
);
add(
  'the same slots over intervals that only touch: both reserved (intervals are half-open)',
  [[LR({ slots: 4 }), LR({ slots: 4, startMs: 20_000, endMs: 30_000 })]],
  out([
    held(
      FIRST,
      [
        [0, 1, 2, 3],
        [0, 1, 2, 3],
      ],
      20_000,
    ),
    held(
      FIRST + 1,
      [
        [0, 1, 2, 3],
        [0, 1, 2, 3],
      ],
      30_000,
    ),
  ]),
);
add(
  'an overlapping request gets the lowest slots still free',
  [[LR({ slots: 1 }), LR({ slots: 1, startMs: 15_000, endMs: 25_000 })]],
  out([held(FIRST, [[0], [0]], 20_000), held(FIRST + 1, [[1], [1]], 25_000)]),
);
add(
  'a rate the link cannot add is rejected naming the contract it meets',
  [
    [LR({ slots: 1, link: linkTerms({ pairs: 600 }) })],
    [LR({ slots: 1, link: linkTerms({ pairs: 500 }) })],
  ],
  out(
    [held(FIRST, [[0], [0]], 20_000)],
    [ended(FIRST + 1, 'REJECTED', 'LINK_CAPACITY', FIRST + 1, null, FIRST)],
  ),
);
add(
  'a rate above the capacity on its own: LINK_CAPACITY with no contract',
  [[LR({ link: linkTerms({ pairs: 1_001 }) })]],
  out([], [ended(FIRST, 'REJECTED', 'LINK_CAPACITY', FIRST)]),
);
add(
  'rates that fit the capacity together are both reserved',
  [
    [LR({ slots: 1, link: linkTerms({ pairs: 500 }) })],
    [LR({ slots: 1, link: linkTerms({ pairs: 500 }) })],
  ],
  out([held(FIRST, [[0], [0]], 20_000), held(FIRST + 1, [[1], [1]], 20_000)]),
);

// ---- rejections ----------------------------------------------------------------------------
const rejected = (
  name: string,
  request: Rec,
  reason: string,
  alias: string | null,
  before: Rec[][] = [],
) =>
  add(
    `rejects ${name}: ${reason}`,
    [...before, [request]],
    out([], [ended(FIRST + before.length, 'REJECTED', reason, FIRST + before.length, alias)]),
  );
rejected(
  'an unregistered participant',
  LR({ participants: ['a', 'zeta'] }),
  'PARTICIPANT_UNAVAILABLE',
  'zeta',
);
rejected('a quarantined participant', LR(), 'PARTICIPANT_UNAVAILABLE', 'b', [
  [{ kind: 'CRITICAL_FAULT', alias: 'b', atMs: 4_500, fault: 'CRYOSTAT' }],
]);
rejected('a participant outside the scopes', LR({ participants: ['a', 'd'] }), 'OUT_OF_SCOPE', 'd');
rejected('more slots than a node has', LR({ slots: 5 }), 'NO_RESOURCES', 'a');
rejected(
  'a node that advertised nothing',
  LR({ participants: ['a', 'd'], scopes: ['eu-west', 'us-east'] }),
  'NO_RESOURCES',
  'd',
);
rejected('a link one side does not advertise', LR(), 'NO_LINK', 'b', [
  [resources('b', { links: [link('c')] })],
]);
rejected(
  'a fidelity above the link’s',
  LR({ link: linkTerms({ minFidelityPpm: 960_000 }) }),
  'FIDELITY_UNREACHABLE',
  'a',
);
rejected(
  'a window longer than the envelopes',
  WR({ window: { lengthMs: 1_001, toleranceMrad: 20, clockDomain: 'gps' } }),
  'ENVELOPE_EMPTY',
  'a',
);
rejected(
  'a tolerance tighter than the nodes hold',
  WR({ window: { lengthMs: 500, toleranceMrad: 9, clockDomain: 'gps' } }),
  'ENVELOPE_EMPTY',
  'a',
);
rejected(
  'another clock domain',
  WR({ window: { lengthMs: 500, toleranceMrad: 20, clockDomain: 'ptp' } }),
  'ENVELOPE_EMPTY',
  'a',
);
rejected('a window on a node without an envelope', WR(), 'ENVELOPE_EMPTY', 'c', [
  [resources('c', { window: null })],
]);

// ---- transitions ---------------------------------------------------------------------------
add(
  'ready from two of three participants: still RESERVED',
  [[WR()], [ready(FIRST, 'b'), ready(FIRST, 'a')]],
  out([held(FIRST, [[0], [0], [0]], 12_000, { ready: ['a', 'b'] })]),
);
add(
  'ready from the last participant: ACTIVE at that record’s L',
  [[WR()], [ready(FIRST, 'b'), ready(FIRST, 'a')], [ready(FIRST, 'c')]],
  out([
    held(FIRST, [[0], [0], [0]], 12_000, {
      ready: ['a', 'b', 'c'],
      state: 'ACTIVE',
      activatedL: FIRST + 3,
    }),
  ]),
);
add(
  'released: every participant freed at once',
  [[WR()], [{ kind: 'CONTRACT_RELEASE', id: FIRST, atMs: 7_000, reason: 'CANCELLED' }]],
  out([], [ended(FIRST, 'RELEASED', 'CANCELLED', FIRST + 1)]),
);
add(
  'the slots of a released contract serve the next request',
  [[WR()], [{ kind: 'CONTRACT_RELEASE', id: FIRST, atMs: 7_000, reason: 'DONE' }], [WR()]],
  out([held(FIRST + 2, [[0], [0], [0]], 12_000)], [ended(FIRST, 'RELEASED', 'DONE', FIRST + 1)]),
);
add(
  'revoked by a participant’s QAN, with its reason',
  [
    [WR()],
    [{ kind: 'CONTRACT_REVOKE', id: FIRST, atMs: 7_000, alias: 'c', reason: 'TOLERANCE_EXCEEDED' }],
  ],
  out([], [ended(FIRST, 'REVOKED', 'TOLERANCE_EXCEEDED', FIRST + 1, 'c')]),
);
add(
  'expired at its start while not ready: NOT_READY',
  [[WR()], [{ kind: 'CONTRACT_EXPIRE', id: FIRST, observedAtMs: 10_000 }]],
  out([], [ended(FIRST, 'EXPIRED', 'NOT_READY', FIRST + 1)]),
);
add(
  'expired when its lease ran out before the start: LEASE',
  [[WR({ leaseMs: 1_000 })], [{ kind: 'CONTRACT_EXPIRE', id: FIRST, observedAtMs: 6_000 }]],
  out([], [ended(FIRST, 'EXPIRED', 'LEASE', FIRST + 1)]),
);
add(
  'expired at the end of its interval while ACTIVE: DEADLINE',
  [
    [WR()],
    [ready(FIRST, 'a'), ready(FIRST, 'b'), ready(FIRST, 'c')],
    [{ kind: 'CONTRACT_EXPIRE', id: FIRST, observedAtMs: 12_000 }],
  ],
  out([], [ended(FIRST, 'EXPIRED', 'DEADLINE', FIRST + 4)]),
);
add(
  'a renewal moves the lease end to atMs + leaseMs',
  [
    [WR({ leaseMs: 1_000 })],
    [ready(FIRST, 'a', 5_500), ready(FIRST, 'b', 5_500), ready(FIRST, 'c', 5_500)],
    [{ kind: 'CONTRACT_RENEW', id: FIRST, atMs: 5_900 }],
  ],
  out([
    held(FIRST, [[0], [0], [0]], 6_900, {
      state: 'ACTIVE',
      ready: ['a', 'b', 'c'],
      activatedL: FIRST + 3,
    }),
  ]),
);
add(
  'a renewal never brings the lease end earlier, nor past the interval',
  [[WR({ leaseMs: 10_000 })], [{ kind: 'CONTRACT_RENEW', id: FIRST, atMs: 5_500 }]],
  out([held(FIRST, [[0], [0], [0]], 12_000)]),
);
add(
  'an expiry verdict on a contract that ended already changes nothing',
  [
    [WR()],
    [{ kind: 'CONTRACT_RELEASE', id: FIRST, atMs: 7_000, reason: 'DONE' }],
    [{ kind: 'CONTRACT_EXPIRE', id: FIRST, observedAtMs: 13_000 }],
  ],
  out([], [ended(FIRST, 'RELEASED', 'DONE', FIRST + 1)]),
);

// ---- rollback ------------------------------------------------------------------------------
add(
  'a participant quarantined by a fault: its contracts revoked on every participant, the others kept',
  [
    [WR(), LR({ participants: ['a', 'c'], slots: 1 })],
    [{ kind: 'CRITICAL_FAULT', alias: 'b', atMs: 7_000, fault: 'CRYOSTAT' }],
  ],
  out(
    [held(FIRST + 1, [[1], [1]], 20_000)],
    [ended(FIRST, 'REVOKED', 'PARTICIPANT_UNAVAILABLE', FIRST + 2, 'b')],
  ),
);
add(
  'a node in maintenance leaves its contracts',
  [[LR()], [{ kind: 'MAINTENANCE', alias: 'a', atMs: 7_000, on: true }]],
  out([], [ended(FIRST, 'REVOKED', 'PARTICIPANT_UNAVAILABLE', FIRST + 1, 'a')]),
);
add(
  'resources advertised again without the link: the link contract revoked',
  [[LR()], [resources('b', { links: [link('c')] })]],
  out([], [ended(FIRST, 'REVOKED', 'PARTICIPANT_UNAVAILABLE', FIRST + 1, 'b')]),
);
add(
  'resources advertised again with fewer slots than held: revoked',
  [[LR({ slots: 2 })], [resources('a', { memorySlots: 1 })]],
  out([], [ended(FIRST, 'REVOKED', 'PARTICIPANT_UNAVAILABLE', FIRST + 1, 'a')]),
);
add(
  'resources advertised again keeping what is held: nothing revoked',
  [[LR({ slots: 2 })], [resources('a', { memorySlots: 2 })]],
  out([
    held(
      FIRST,
      [
        [0, 1],
        [0, 1],
      ],
      20_000,
    ),
  ]),
);

// ---- refusals ------------------------------------------------------------------------------
add(
  'contract records before protocol 3 are refused',
  [[resources('a')]],
  { error: 'RECORD_OUT_OF_POLICY' },
  SETUP.slice(0, 3),
);
add('ready for a contract that holds nothing', [[ready(99, 'a')]], {
  error: 'RECORD_UNKNOWN_CONTRACT',
});
add(
  'release of a contract that holds nothing',
  [[{ kind: 'CONTRACT_RELEASE', id: 99, atMs: 7_000, reason: 'DONE' }]],
  { error: 'RECORD_UNKNOWN_CONTRACT' },
);
add('ready twice from one participant', [[WR()], [ready(FIRST, 'a')], [ready(FIRST, 'a')]], {
  error: 'RECORD_OUT_OF_POLICY',
});
add('ready from a node that is not a participant', [[LR()], [ready(FIRST, 'c')]], {
  error: 'RECORD_OUT_OF_POLICY',
});
add(
  'ready for a contract already ACTIVE',
  [[LR()], [ready(FIRST, 'a'), ready(FIRST, 'b')], [ready(FIRST, 'a')]],
  { error: 'RECORD_OUT_OF_POLICY' },
);
add(
  'expiry before the deadline',
  [[WR()], [{ kind: 'CONTRACT_EXPIRE', id: FIRST, observedAtMs: 9_999 }]],
  { error: 'RECORD_OUT_OF_POLICY' },
);
add(
  'renewal at the lease end',
  [[WR({ leaseMs: 1_000 })], [{ kind: 'CONTRACT_RENEW', id: FIRST, atMs: 6_000 }]],
  { error: 'RECORD_STALE' },
);
add(
  'revocation naming a node that is not a participant',
  [[WR()], [{ kind: 'CONTRACT_REVOKE', id: FIRST, atMs: 7_000, alias: 'd', reason: 'LINK_LOST' }]],
  { error: 'RECORD_OUT_OF_POLICY' },
);
const trustQan2: Rec = {
  kind: 'OPERATOR_ACTION',
  signer: 1,
  seq: 3,
  atMs: 0,
  record: { kind: 'TRUST_EDGE', trustee: 2, role: 'QAN', levelPpm: 1_000_000 },
};
add(
  'release by a QAN that is not the contract’s',
  [
    [trustQan2],
    [WR()],
    { by: 2, records: [{ kind: 'CONTRACT_RELEASE', id: FIRST + 1, atMs: 7_000, reason: 'DONE' }] },
  ],
  { error: 'RECORD_NOT_PERMITTED' },
);
add(
  'expiry by another QAN within the grace of two heartbeat intervals',
  [
    [trustQan2],
    [WR()],
    { by: 2, records: [{ kind: 'CONTRACT_EXPIRE', id: FIRST + 1, observedAtMs: 129_999 }] },
  ],
  { error: 'RECORD_NOT_PERMITTED' },
);
add(
  'expiry by another QAN after the grace',
  [
    [trustQan2],
    [WR()],
    { by: 2, records: [{ kind: 'CONTRACT_EXPIRE', id: FIRST + 1, observedAtMs: 130_000 }] },
  ],
  out([], [ended(FIRST + 1, 'EXPIRED', 'NOT_READY', FIRST + 2)]),
);
add(
  'resources advertised by a QAN that is not the node’s',
  [[trustQan2], { by: 2, records: [resources('a')] }],
  { error: 'RECORD_NOT_PERMITTED' },
);

// ---- bad input -----------------------------------------------------------------------------
const invalid = (name: string, record: Rec) =>
  add(`malformed: ${name}`, [[record]], { error: 'RECORD_INVALID' });
invalid('65 memory slots', resources('a', { memorySlots: 65 }));
invalid('an unknown field in a link', resources('a', { links: [{ ...link('b'), colour: 'red' }] }));
invalid('links not sorted by peer', resources('a', { links: [link('c'), link('b')] }));
invalid('a link request with three participants', LR({ participants: ['a', 'b', 'c'] }));
invalid('a window request with link terms', WR({ link: linkTerms() }));
invalid('an interval that ends where it starts', LR({ endMs: 10_000 }));
invalid('an interval that starts before the request', LR({ startMs: 4_999 }));
invalid('scopes not sorted', LR({ scopes: ['us-east', 'eu-west'] }));
invalid('a lease under a second', LR({ leaseMs: 999 }));
invalid('a measure-directly request without bases', LR({ link: linkTerms({ bases: [] }) }));
invalid('a release reason outside the list', {
  kind: 'CONTRACT_RELEASE',
  id: 1,
  atMs: 0,
  reason: 'LATER',
});
invalid('zero slots', LR({ slots: 0 }));

const file = join(import.meta.dirname, '..', 'vectors', 'registry-core', 'contracts.json');
let failed = 0;
for (const v of vectors) {
  try {
    const got = adapter.operations.contracts?.(v.input);
    if (v.error) throw new Error(`succeeded, expected ${v.error}: ${JSON.stringify(got)}`);
    const diff = jsonEqual(JSON.parse(JSON.stringify(got)), v.output);
    if (diff) throw new Error(diff);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (!(v.error && code === v.error)) {
      failed++;
      console.error(`${v.name}: ${code ?? ''} ${(e as Error).message}`);
    }
  }
}
writeFileSync(
  file,
  `${JSON.stringify(
    {
      $schema: '../../../schemas/conformance/vector-file.schema.json',
      package: 'registry-core',
      description:
        'Resource contracts folded from protocol 3 (docs/spec/contracts.md): admission in log order, every rejection reason, transitions, rollback, refusals and malformed records. Each vector starts with the same five setup blocks; contract ids are the L of the request records (23 is the first after the setup).',
      vectors,
    },
    null,
    2,
  )}\n`,
);
console.log(`${vectors.length} vectors written, ${failed} disagree with the package`);
if (failed) process.exitCode = 1;
