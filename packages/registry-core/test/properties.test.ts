import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  type Block,
  buildBlock,
  decodeBlock,
  decodeSnapshot,
  encodeBlock,
  encodeSnapshot,
  merkleRoot,
  proveEntry,
  type RecordBody,
  RegistryError,
  type RegistryState,
  routeJob,
  signBlock,
  tryApplyBlock,
  verifyEntryProof,
} from '../src/index.js';
import { buildIndex } from '../src/routing-index.js';
import { ANCHOR, block, edge, genesis, hex, qan, signed } from './helpers.js';

const ALIASES = ['rigel', 'vega', 'deneb', 'altair', 'sirius'] as const;
const SCOPES = ['eu-west', 'us-east'] as const;

type Action =
  | { t: 'reg'; a: number; scope: number; q: number }
  | { t: 'hb'; a: number; f: number; u: number; eks: number; fault: boolean; gap: number }
  | { t: 'loss' | 'sync' | 'fault' | 'dereg' | 'timeout' | 'ghost'; a: number }
  | { t: 'maint'; a: number; on: boolean }
  | { t: 'burst'; a: number; u: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ t: fc.constant('ghost' as const), a: fc.nat(4) }) },
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('burst' as const), a: fc.nat(4), u: fc.nat(100) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('reg' as const),
      a: fc.nat(4),
      scope: fc.nat(1),
      q: fc.integer({ min: 1, max: 80 }),
    }),
  },
  {
    weight: 14,
    arbitrary: fc.record({
      t: fc.constant('hb' as const),
      a: fc.nat(4),
      f: fc.integer({ min: 930_000, max: 1_000_000 }),
      u: fc.nat(100),
      eks: fc.nat(9),
      fault: fc.boolean(),
      gap: fc.integer({ min: 1, max: 70_000 }),
    }),
  },
  fc.record({
    t: fc.constantFrom(
      'loss' as const,
      'sync' as const,
      'sync' as const,
      'fault' as const,
      'dereg' as const,
      'timeout' as const,
    ),
    a: fc.nat(4),
  }),
  fc.record({ t: fc.constant('maint' as const), a: fc.nat(4), on: fc.boolean() }),
);

/** What a group of records has done so far to each alias (to keep most generated records valid). */
type Local = Map<string, { lastHb: number | null }>;

/**
 * Turns an action into a record body against the current state and the records before it in
 * the same block. Records about unregistered aliases become registrations; `ghost` actions stay
 * invalid on purpose, so refused blocks are exercised too.
 */
function toRecords(
  s: RegistryState,
  x: Action,
  clock: { now: number },
  local: Local,
): RecordBody[] {
  if (x.t !== 'burst') return [toRecord(s, x, clock, local)];
  const hb = { t: 'hb', a: x.a, f: 990_000, u: x.u, eks: 9, fault: false, gap: 1_000 } as const;
  return [
    toRecord(s, hb, clock, local),
    toRecord(s, hb, clock, local),
    toRecord(s, hb, clock, local),
  ];
}

function toRecord(
  s: RegistryState,
  x: Exclude<Action, { t: 'burst' }>,
  clock: { now: number },
  local: Local,
): RecordBody {
  const alias = ALIASES[x.a] as string;
  const known = local.has(alias)
    ? local.get(alias)
    : s.entries.find((n) => n.alias === alias)
      ? { lastHb: s.entries.find((n) => n.alias === alias)?.lastHeartbeatMs ?? null }
      : undefined;
  clock.now += x.t === 'hb' ? x.gap : 500;
  const atMs = clock.now;
  if (x.t === 'ghost') return { kind: 'EKS_SYNC', alias: 'ghost', atMs };
  if (!known || x.t === 'reg') {
    if (known) return { kind: 'MAINTENANCE', alias, atMs, on: false };
    const q = x.t === 'reg' ? x.q : 20;
    const scope = x.t === 'reg' ? x.scope : x.a % 2;
    local.set(alias, { lastHb: null });
    return {
      kind: 'REGISTER',
      alias,
      address: `[2001:db8::${x.a + 1}]:9000`,
      scope: SCOPES[scope] as string,
      qubitCapacity: q,
      publicKey: new Uint8Array(32).fill(x.a),
      atMs,
    };
  }
  switch (x.t) {
    case 'hb': {
      local.set(alias, { lastHb: atMs });
      const eksOk = x.eks > 1;
      return {
        kind: 'HEARTBEAT',
        alias,
        atMs,
        report: {
          eksOk,
          eksLastSyncMs: atMs - 1,
          ...(eksOk ? {} : { eksLossReason: 'QBER_ABOVE_THRESHOLD' as const }),
          fidelity1qPpm: x.f,
          fidelity2qPpm: x.f,
          utilisationPct: x.u,
          faults: x.fault && x.u > 80 ? ['CALIBRATION'] : [],
        },
      };
    }
    case 'loss':
      return { kind: 'EKS_LOSS', alias, atMs, reason: 'LINK_DOWN' };
    case 'sync':
      return { kind: 'EKS_SYNC', alias, atMs };
    case 'fault':
      return { kind: 'CRITICAL_FAULT', alias, atMs, fault: 'CRYOSTAT' };
    case 'dereg':
      local.delete(alias);
      return { kind: 'DEREGISTER', alias, atMs };
    case 'timeout':
      clock.now += 61_000;
      return {
        kind: 'HEARTBEAT_TIMEOUT',
        alias,
        observedAtMs: clock.now,
        lastHeartbeatMs: known.lastHb,
      };
    case 'maint':
      return { kind: 'MAINTENANCE', alias, atMs, on: x.on };
  }
}

function chainOf(groups: Action[][]): { blocks: Block[]; states: RegistryState[] } {
  let s = genesis();
  const clock = { now: 0 };
  const blocks: Block[] = [];
  const states: RegistryState[] = [s];
  for (const g of groups) {
    const local: Local = new Map();
    const bodies = g.flatMap((x) => toRecords(s, x, clock, local));
    // DEREGISTER is operator-only: it travels as an anchor-signed action, seqs in block order.
    const wrapped = signed(
      s,
      bodies.filter(
        (r): r is Extract<RecordBody, { kind: 'DEREGISTER' }> => r.kind === 'DEREGISTER',
      ),
    );
    let next = 0;
    const b = block(
      s,
      ANCHOR,
      bodies.map((r) => (r.kind === 'DEREGISTER' ? (wrapped[next++] as RecordBody) : r)),
    );
    const r = tryApplyBlock(s, b);
    if (!r.ok) {
      // A refused block leaves the state byte-identical.
      expect(r.error).toBeInstanceOf(RegistryError);
      continue;
    }
    s = r.state;
    blocks.push(b);
    states.push(s);
  }
  return { blocks, states };
}

const groups = fc.array(fc.array(action, { minLength: 1, maxLength: 12 }), {
  minLength: 1,
  maxLength: 6,
});
const fold = (blocks: readonly Block[], from: RegistryState = genesis()) =>
  blocks.reduce((s, b) => applyBlock(s, decodeBlock(encodeBlock(b))), from);

describe('registry properties', () => {
  it('two independently built states fed the same blocks have equal Merkle roots and snapshots', () => {
    fc.assert(
      fc.property(groups, (g) => {
        const { blocks, states } = chainOf(g);
        const last = states[states.length - 1] as RegistryState;
        const replay = fold(blocks);
        expect(hex(merkleRoot(replay))).toBe(hex(merkleRoot(last)));
        expect(hex(encodeSnapshot(replay))).toBe(hex(encodeSnapshot(last)));
        // Incremental Merkle and index updates agree with a rebuild from the entries.
        const rebuilt = decodeSnapshot(encodeSnapshot(last));
        expect(hex(merkleRoot(rebuilt))).toBe(hex(merkleRoot(last)));
        expect(buildIndex(last.entries)).toStrictEqual(last.index);
      }),
      { numRuns: 12 },
    );
  });

  it('snapshot + later blocks = full replay', () => {
    fc.assert(
      fc.property(groups, fc.nat(), (g, cut) => {
        const { blocks, states } = chainOf(g);
        const k = cut % (blocks.length + 1);
        const fromSnap = fold(
          blocks.slice(k),
          decodeSnapshot(encodeSnapshot(states[k] as RegistryState)),
        );
        expect(hex(encodeSnapshot(fromSnap))).toBe(
          hex(encodeSnapshot(states[states.length - 1] as RegistryState)),
        );
      }),
      { numRuns: 10 },
    );
  });

  it('an invalid block leaves the state byte-identical', () => {
    fc.assert(
      fc.property(groups, fc.nat(), fc.nat(255), (g, pos, flip) => {
        const { states } = chainOf(g);
        const s = states[states.length - 1] as RegistryState;
        const before = encodeSnapshot(s);
        const rootBefore = hex(merkleRoot(s));
        const alias = s.entries[0]?.alias ?? 'rigel';
        const b = block(s, ANCHOR, [{ kind: 'MAINTENANCE', alias, atMs: 1e12, on: true }]);
        const bytes = encodeBlock(b);
        const bad = bytes.slice();
        const i = pos % bad.length;
        bad[i] = (bad[i] as number) ^ (flip || 1);
        let decoded: Block | undefined;
        try {
          decoded = decodeBlock(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(RegistryError);
        }
        if (decoded) expect(tryApplyBlock(s, decoded).ok).toBe(false);
        expect(hex(encodeSnapshot(s))).toBe(hex(before));
        expect(hex(merkleRoot(s))).toBe(rootBefore);
      }),
      { numRuns: 10 },
    );
  });

  it('a block signed by an untrusted origin cannot quarantine a node', () => {
    const base = fold([
      block(genesis(), ANCHOR, [
        ...signed(genesis(), [edge(4, 200_000)]),
        {
          kind: 'REGISTER',
          alias: 'rigel',
          address: 'rigel.example.net:1',
          scope: 'eu-west',
          qubitCapacity: 20,
          publicKey: new Uint8Array(32),
          atMs: 0,
        },
        ...[1, 2, 3].map((i) => ({
          kind: 'HEARTBEAT' as const,
          alias: 'rigel',
          atMs: i * 1_000,
          report: {
            eksOk: true,
            eksLastSyncMs: 0,
            fidelity1qPpm: 990_000,
            fidelity2qPpm: 990_000,
            utilisationPct: 1,
            faults: [],
          },
        })),
      ]),
    ]);
    expect(base.entries[0]?.status.state).toBe('ACTIVE');
    const hostile: fc.Arbitrary<RecordBody> = fc.oneof(
      fc.constant<RecordBody>({
        kind: 'EKS_LOSS',
        alias: 'rigel',
        atMs: 5_000,
        reason: 'EAVESDROPPER_DETECTED',
      }),
      fc.constant<RecordBody>({
        kind: 'CRITICAL_FAULT',
        alias: 'rigel',
        atMs: 5_000,
        fault: 'CRYOSTAT',
      }),
      fc.constant<RecordBody>({ kind: 'MAINTENANCE', alias: 'rigel', atMs: 5_000, on: true }),
      fc.constant<RecordBody>({
        kind: 'HEARTBEAT_TIMEOUT',
        alias: 'rigel',
        observedAtMs: 1e9,
        lastHeartbeatMs: 3_000,
      }),
      fc.constant<RecordBody>({ kind: 'DEREGISTER', alias: 'rigel', atMs: 5_000 }),
      fc.constant<RecordBody>({
        kind: 'POLICY',
        policy: { ...base.policy, version: 9, minFidelityPpm: 1_000_000 },
      }),
    );
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 3 }), (records) => {
        const b = signBlock(buildBlock(base, qan(4).quid, records), qan(4).key);
        const r = tryApplyBlock(base, b);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('RECORD_NOT_PERMITTED');
        expect(routeJob(base, { kind: 'node', alias: 'rigel' }).kind).toBe('deliver');
      }),
      { numRuns: 8 },
    );
  });

  it('routing never delivers to or re-routes to a quarantined or unfit node; proofs verify', () => {
    fc.assert(
      fc.property(
        groups,
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (g, qubits, minFidelity) => {
          const { states } = chainOf(g);
          for (const s of states) {
            const root = merkleRoot(s);
            for (const alias of ALIASES) {
              for (const d of [
                routeJob(
                  s,
                  { kind: 'node', alias },
                  { qubits, minFidelity },
                  { failover: { 'eu-west': ['us-east'], 'us-east': ['eu-west'] } },
                ),
                routeJob(s, { kind: 'scope', scope: 'eu-west' }, { qubits }),
              ]) {
                const chosen =
                  d.kind === 'deliver'
                    ? d.alias
                    : d.kind === 'soft-reject'
                      ? d.reroute?.alias
                      : undefined;
                if (chosen === undefined) continue;
                const e = s.entries.find((n) => n.alias === chosen);
                expect(e?.status.state).toBe('ACTIVE');
                expect(e && e.qubitCapacity >= qubits).toBe(true);
              }
              const p = proveEntry(s, alias);
              if (p) expect(verifyEntryProof(root, p)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});
