import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  type Block,
  buildBlock,
  decodeBlock,
  encodeBlock,
  encodeSnapshot,
  findTimedOutNodes,
  getEntry,
  merkleRoot,
  quarantineReason,
  type RecordBody,
  RegistryError,
  type RegistryRecord,
  type RegistryState,
  signBlock,
  timeoutVerdicts,
  tryApplyBlock,
} from '../src/index.js';
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

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return (e as RegistryError).code;
  }
  return undefined;
};

/** The code and field of the RegistryError `f` throws. */
const refusal = (f: () => unknown): { code: string; field: string | undefined } | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return { code: (e as RegistryError).code, field: (e as RegistryError).field };
  }
  return undefined;
};

const reason = (s: RegistryState, alias: string) => {
  const e = getEntry(s, alias);
  return e ? (quarantineReason(e) ?? 'ACTIVE') : 'ABSENT';
};

describe('status transitions', () => {
  it('a new registration starts on PROBATION and needs three good heartbeats', () => {
    let s = apply(genesis(), ANCHOR, [register('rigel')]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
    s = apply(s, ANCHOR, [heartbeat('rigel', 1_000), heartbeat('rigel', 2_000)]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
    s = apply(s, ANCHOR, [heartbeat('rigel', 3_000)]);
    expect(reason(s, 'rigel')).toBe('ACTIVE');
  });

  it('a heartbeat gap over the interval resets the hysteresis count', () => {
    let s = apply(genesis(), ANCHOR, [
      register('rigel'),
      heartbeat('rigel', 1_000),
      heartbeat('rigel', 2_000),
    ]);
    s = apply(s, ANCHOR, [heartbeat('rigel', 70_000)]);
    expect(getEntry(s, 'rigel')?.goodHeartbeats).toBe(0);
    expect(reason(s, 'rigel')).toBe('PROBATION');
  });

  it('EKS loss quarantines until an EKS sync and three good heartbeats', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [
      { kind: 'EKS_LOSS', alias: 'rigel', atMs: 3_500, reason: 'EAVESDROPPER_DETECTED' },
    ]);
    expect(getEntry(s, 'rigel')?.status).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'EKS_LOSS', eksLossReason: 'EAVESDROPPER_DETECTED' },
    });
    // Good heartbeats alone do not clear a recorded loss.
    s = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000),
      heartbeat('rigel', 5_000),
      heartbeat('rigel', 6_000),
    ]);
    expect(reason(s, 'rigel')).toBe('EKS_LOSS');
    s = apply(s, ANCHOR, [{ kind: 'EKS_SYNC', alias: 'rigel', atMs: 6_500 }]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
    s = apply(s, ANCHOR, [
      heartbeat('rigel', 7_000),
      heartbeat('rigel', 8_000),
      heartbeat('rigel', 9_000),
    ]);
    expect(reason(s, 'rigel')).toBe('ACTIVE');
  });

  it('a heartbeat reporting a fault quarantines with the fault kind; a clean one starts recovery', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [heartbeat('rigel', 4_000, { faults: ['CRYOSTAT'] })]);
    expect(getEntry(s, 'rigel')?.status).toStrictEqual({
      state: 'QUARANTINE',
      cause: { reason: 'CRITICAL_FAULT', fault: 'CRYOSTAT' },
    });
    s = apply(s, ANCHOR, [heartbeat('rigel', 5_000)]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
  });

  it('a CRITICAL_FAULT record quarantines', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [
      { kind: 'CRITICAL_FAULT', alias: 'rigel', atMs: 3_100, fault: 'CONTROL_ELECTRONICS' },
    ]);
    expect(reason(s, 'rigel')).toBe('CRITICAL_FAULT');
  });

  it('maintenance on quarantines, off needs hysteresis again', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [{ kind: 'MAINTENANCE', alias: 'rigel', atMs: 3_100, on: true }]);
    expect(reason(s, 'rigel')).toBe('MAINTENANCE');
    s = apply(s, ANCHOR, [{ kind: 'MAINTENANCE', alias: 'rigel', atMs: 3_200, on: false }]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
  });

  it('low fidelity quarantines and recovers only after the average climbs back', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000, { fidelity1qPpm: 500_000, fidelity2qPpm: 500_000 }),
    ]);
    // avg = floor((980000·7 + 500000) / 8) = 920000 < 950000
    expect(getEntry(s, 'rigel')?.avgFidelityPpm).toBe(920_000);
    expect(reason(s, 'rigel')).toBe('LOW_FIDELITY');
  });

  it('timeout verdicts: too early is out of policy; a late one quarantines; a heartbeat recovers', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    expect(findTimedOutNodes(s, 63_000)).toStrictEqual([]);
    expect(
      codeOf(() =>
        apply(s, ANCHOR, [
          {
            kind: 'HEARTBEAT_TIMEOUT',
            alias: 'rigel',
            observedAtMs: 63_000,
            lastHeartbeatMs: 3_000,
          },
        ]),
      ),
    ).toBe('RECORD_OUT_OF_POLICY');
    expect(findTimedOutNodes(s, 63_001)).toStrictEqual([
      { alias: 'rigel', lastHeartbeatMs: 3_000, silentForMs: 60_001 },
    ]);
    s = apply(s, ANCHOR, timeoutVerdicts(s, 63_001));
    expect(reason(s, 'rigel')).toBe('HEARTBEAT_TIMEOUT');
    expect(findTimedOutNodes(s, 100_000)).toStrictEqual([]);
    s = apply(s, ANCHOR, [heartbeat('rigel', 64_000)]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
  });

  it('a verdict overtaken by a newer heartbeat changes nothing', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, [
      heartbeat('rigel', 4_000),
      { kind: 'HEARTBEAT_TIMEOUT', alias: 'rigel', observedAtMs: 70_000, lastHeartbeatMs: 3_000 },
    ]);
    expect(reason(s, 'rigel')).toBe('ACTIVE');
  });

  it('a policy change re-evaluates every node', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(
      s,
      ANCHOR,
      signed(s, [{ kind: 'POLICY', policy: { ...s.policy, version: 2, minFidelityPpm: 990_000 } }]),
    );
    expect(reason(s, 'rigel')).toBe('LOW_FIDELITY');
    expect(
      codeOf(() => apply(s, ANCHOR, signed(s, [{ kind: 'POLICY', policy: { ...s.policy } }]))),
    ).toBe('RECORD_OUT_OF_POLICY');
  });

  it('deregister removes and a later register starts over', () => {
    let s = apply(genesis(), ANCHOR, activeNode('rigel'));
    s = apply(s, ANCHOR, signed(s, [{ kind: 'DEREGISTER', alias: 'rigel', atMs: 5_000 }]));
    expect(reason(s, 'rigel')).toBe('ABSENT');
    expect(s.index.byScope.size).toBe(0);
    s = apply(s, ANCHOR, [register('rigel', { scope: 'us-east' })]);
    expect(reason(s, 'rigel')).toBe('PROBATION');
  });
});

describe('block checks', () => {
  const s0 = apply(genesis(), ANCHOR, activeNode('rigel'));
  const good = block(s0, ANCHOR, [heartbeat('rigel', 4_000)]);

  it('accepts the good block', () => {
    expect(applyBlock(s0, good).height).toBe(2);
  });

  const cases: [string, () => Block, string, string][] = [
    ['wrong height', () => ({ ...good, height: 5 }), 'BLOCK_HEIGHT', 'height'],
    [
      'broken chain',
      () => ({ ...good, prevHash: new Uint8Array(32) }),
      'BLOCK_PREV_HASH',
      'prevHash',
    ],
    [
      'bad hash',
      () => ({ ...good, hash: good.hash.map((b, i) => (i === 0 ? b ^ 1 : b)) }),
      'BLOCK_HASH',
      'hash',
    ],
    [
      'body changed after signing',
      () =>
        ({
          ...good,
          records: [{ ...(good.records[0] as RegistryRecord), atMs: 4_001 }],
        }) as Block,
      'BLOCK_HASH',
      'hash',
    ],
    [
      'bad signature',
      () => ({ ...good, signature: good.signature.map((b, i) => (i === 10 ? b ^ 1 : b)) }),
      'BAD_SIGNATURE',
      'signature',
    ],
    ['unknown origin', () => block(s0, 9, [heartbeat('rigel', 4_000)]), 'UNKNOWN_ORIGIN', 'origin'],
    [
      'wrong version',
      () => ({ ...good, version: 4 }) as unknown as Block,
      'BLOCK_VERSION',
      'version',
    ],
  ];
  for (const [name, make, code, field] of cases) {
    it(`${name} → ${code} at ${field}, state unchanged`, () => {
      const before = encodeSnapshot(s0);
      expect(refusal(() => applyBlock(s0, make()))).toStrictEqual({ code, field });
      expect(encodeSnapshot(s0)).toStrictEqual(before);
    });
  }

  it('records out of order or stamped by another origin are refused', () => {
    const u = buildBlock(s0, qan(ANCHOR).quid, [
      heartbeat('rigel', 4_000),
      heartbeat('rigel', 5_000),
    ]);
    const swapped = signBlock(
      {
        ...u,
        records: [u.records[1], u.records[0]] as typeof u.records,
        lamportFirst: u.records[1]?.l ?? 0,
        lamportLast: u.records[0]?.l ?? 0,
      },
      qan(ANCHOR).key,
    );
    expect(codeOf(() => applyBlock(s0, swapped))).toBe('RECORD_ORDER');
    const foreign = signBlock(
      { ...u, records: u.records.map((r) => ({ ...r, origin: qan(2).quid })) },
      qan(ANCHOR).key,
    );
    expect(codeOf(() => applyBlock(s0, foreign))).toBe('RECORD_ORIGIN_MISMATCH');
    const stale = signBlock(
      {
        ...u,
        records: u.records.map((r, i) => ({ ...r, l: i + 1 })),
        lamportFirst: 1,
        lamportLast: 2,
      },
      qan(ANCHOR).key,
    );
    expect(codeOf(() => applyBlock(s0, stale))).toBe('RECORD_LAMPORT');
    const range = signBlock({ ...u, lamportLast: 99 }, qan(ANCHOR).key);
    expect(codeOf(() => applyBlock(s0, range))).toBe('BLOCK_LAMPORT_RANGE');
  });

  it('semantic record faults reject the whole block', () => {
    expect(codeOf(() => apply(s0, ANCHOR, [heartbeat('vega', 4_000)]))).toBe('RECORD_UNKNOWN_NODE');
    expect(codeOf(() => apply(s0, ANCHOR, [register('rigel')]))).toBe('RECORD_DUPLICATE_NODE');
    expect(codeOf(() => apply(s0, ANCHOR, [heartbeat('rigel', 3_000)]))).toBe('RECORD_STALE');
    const r = tryApplyBlock(
      s0,
      block(s0, ANCHOR, [heartbeat('rigel', 4_000), heartbeat('vega', 4_000)]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.index).toBe(1);
  });

  it('encodeBlock/decodeBlock round-trip and the decoded block applies', () => {
    const bytes = encodeBlock(good);
    const back = decodeBlock(bytes);
    expect(encodeBlock(back)).toStrictEqual(bytes);
    expect(applyBlock(s0, back).headHash).toStrictEqual(good.hash);
  });
});

describe('trust tiers', () => {
  // anchor trusts qan 2 at 0.9 (trusted) and qan 3 at 0.5 (tentative); qan 4 at 0.1 (untrusted).
  const edges = (s: RegistryState) =>
    apply(s, ANCHOR, [
      ...signed(s, [edge(2, 900_000), edge(3, 500_000), edge(4, 100_000)]),
      ...activeNode('rigel'),
    ]);
  const s0 = edges(genesis());

  it('an accepted EKS loss from a trusted QAN quarantines', () => {
    const s = apply(s0, 2, [
      { kind: 'EKS_LOSS', alias: 'rigel', atMs: 4_000, reason: 'QBER_ABOVE_THRESHOLD' },
    ]);
    expect(reason(s, 'rigel')).toBe('EKS_LOSS');
  });

  it('an untrusted QAN cannot quarantine, register or heartbeat', () => {
    for (const rec of [
      { kind: 'EKS_LOSS', alias: 'rigel', atMs: 4_000, reason: 'LINK_DOWN' } as const,
      register('vega'),
      heartbeat('rigel', 4_000),
    ]) {
      expect(codeOf(() => apply(s0, 4, [rec]))).toBe('RECORD_NOT_PERMITTED');
    }
  });

  it('a tentative QAN may only report on its own nodes', () => {
    expect(codeOf(() => apply(s0, 3, [heartbeat('rigel', 4_000)]))).toBe('RECORD_NOT_PERMITTED');
    expect(codeOf(() => apply(s0, 3, [register('vega')]))).toBe('RECORD_NOT_PERMITTED');
    // qan 3 registers vega while trusted, then the anchor lowers it to tentative.
    let s = apply(s0, ANCHOR, signed(s0, [edge(3, 900_000)]));
    s = apply(s, 3, [register('vega')]);
    s = apply(s, ANCHOR, signed(s, [edge(3, 500_000)]));
    s = apply(s, 3, [heartbeat('vega', 1_000)]);
    expect(getEntry(s, 'vega')?.lastHeartbeatMs).toBe(1_000);
    expect(
      codeOf(() =>
        apply(s, 3, [{ kind: 'EKS_LOSS', alias: 'vega', atMs: 2_000, reason: 'LINK_DOWN' }]),
      ),
    ).toBe('RECORD_NOT_PERMITTED');
  });

  it('trust is transitive through edges in the log and revocable', () => {
    // operator 6 (0.9) trusts qan 5 at 0.9 → 0.81 trusted; revoking the anchor's edge to the
    // operator drops both.
    let s = apply(s0, ANCHOR, signed(s0, [edge(6, 900_000, 'OPERATOR')]));
    s = apply(s, 2, signed(s, [edge(5, 900_000)], 6));
    s = apply(s, 5, [{ kind: 'EKS_LOSS', alias: 'rigel', atMs: 4_000, reason: 'LINK_DOWN' }]);
    expect(reason(s, 'rigel')).toBe('EKS_LOSS');
    s = apply(s, ANCHOR, signed(s, [edge(6, 0, 'OPERATOR')]));
    expect(codeOf(() => apply(s, 5, [{ kind: 'EKS_SYNC', alias: 'rigel', atMs: 5_000 }]))).toBe(
      'RECORD_NOT_PERMITTED',
    );
  });

  it('an origin the tier callback calls invalid is refused', () => {
    const b = block(s0, 2, [heartbeat('rigel', 4_000)]);
    expect(codeOf(() => applyBlock(s0, b, { tierOf: () => 'invalid' }))).toBe('ORIGIN_INVALID');
  });
});

describe('trustGraphTierOf (the @qcos/trust-graph engine)', () => {
  it('tiers like the default on clear cases', async () => {
    const { trustGraphTierOf, defaultTierOf } = await import('../src/index.js');
    let s = applyBlock(
      genesis(),
      block(
        genesis(),
        ANCHOR,
        signed(genesis(), [edge(2, 900_000), edge(3, 500_000), edge(6, 900_000, 'OPERATOR')]),
      ),
    );
    s = applyBlock(s, block(s, 2, signed(s, [edge(5, 900_000)], 6)));
    const engine = trustGraphTierOf();
    const ours = defaultTierOf();
    for (const [n, tier] of [
      [ANCHOR, 'trusted'],
      [2, 'trusted'],
      [5, 'trusted'],
      [3, 'tentative'],
      [9, 'invalid'],
    ] as const) {
      expect(engine(qan(n).quid, s)).toBe(tier);
      expect(ours(qan(n).quid, s)).toBe(tier);
    }
    // The engine's tier decides acceptance in the fold.
    expect(() => applyBlock(s, block(s, 3, [register('vega')]), { tierOf: engine })).toThrow(
      RegistryError,
    );
    expect(applyBlock(s, block(s, 5, [register('vega')]), { tierOf: engine }).entries).toHaveLength(
      1,
    );
  });
});

describe('concurrent origins', () => {
  it('competing blocks on one head are ordered by (L, origin) and the loser rebuilds on the winner', async () => {
    const { compareConcurrentBlocks } = await import('../src/index.js');
    let s = applyBlock(
      genesis(),
      block(genesis(), ANCHOR, [
        ...signed(genesis(), [edge(2, 900_000)]),
        ...activeNode('rigel'),
        ...activeNode('vega'),
      ]),
    );
    const a = block(s, ANCHOR, [heartbeat('rigel', 4_000)]);
    const b = block(s, 2, [{ kind: 'EKS_LOSS', alias: 'vega', atMs: 4_000, reason: 'LINK_DOWN' }]);
    const [first, second] = [b, a].sort(compareConcurrentBlocks);
    expect((first as Block).lamportFirst).toBe((second as Block).lamportFirst);
    expect((first as Block).origin < (second as Block).origin).toBe(true);
    s = applyBlock(s, first as Block);
    expect(tryApplyBlock(s, second as Block).ok).toBe(false); // same height: refused
    const loserBy = second === a ? ANCHOR : 2;
    s = applyBlock(
      s,
      block(
        s,
        loserBy,
        (second as Block).records.map(({ l: _l, origin: _o, ...body }) => body as RecordBody),
      ),
    );
    expect(reason(s, 'vega')).toBe('EKS_LOSS');
    expect(getEntry(s, 'rigel')?.lastHeartbeatMs).toBe(4_000);
  });
});

describe('persistent states', () => {
  it('older states keep their entries, snapshot and Merkle root while later blocks change entries', () => {
    // 70 nodes span three 32-entry leaves, so a block touches some leaves and shares others.
    const aliases = Array.from({ length: 70 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const s0 = apply(
      genesis(),
      ANCHOR,
      aliases.flatMap((a) => activeNode(a)),
    );
    const seen = [s0];
    const frozen = [{ snap: encodeSnapshot(s0), root: merkleRoot(s0), entries: [...s0.entries] }];
    let s = s0;
    for (let b = 0; b < 4; b++) {
      const picked = aliases.filter((_, i) => i % (b + 2) === 0);
      s = apply(
        s,
        ANCHOR,
        picked.map((a) => heartbeat(a, 10_000 + b * 1_000, { utilisationPct: b * 10 })),
      );
      seen.push(s);
      frozen.push({ snap: encodeSnapshot(s), root: merkleRoot(s), entries: [...s.entries] });
    }
    // A block that replaces one entry in place, applied to the oldest state again.
    const branch = apply(s0, ANCHOR, [heartbeat('n05', 50_000, { utilisationPct: 99 })]);
    expect(getEntry(branch, 'n05')?.utilisationPct).toBe(99);
    seen.forEach((state, i) => {
      const f = frozen[i] as (typeof frozen)[number];
      expect(encodeSnapshot(state)).toStrictEqual(f.snap);
      expect(merkleRoot(state)).toStrictEqual(f.root);
      expect(state.entries).toStrictEqual(f.entries);
      for (const e of f.entries) expect(getEntry(state, e.alias)).toBe(e);
    });
    expect(getEntry(seen[4] as RegistryState, 'n00')?.utilisationPct).toBe(30);
    expect(merkleRoot(branch)).not.toStrictEqual(merkleRoot(s0));
  });
});
