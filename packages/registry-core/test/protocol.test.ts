/**
 * Protocol versions: a POLICY record schedules protocol 2 at a later height; from there every
 * block is version 2 and commits to the state root after it (docs/spec/registry.md §4, §5.1,
 * §7.1). Blocks of the wrong version for their height, and roots that are not the folded
 * state's, are refused with exact codes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProtocolStep } from '../src/fold/rules/policy.js';
import {
  applyBlock,
  applyUnsignedBlock,
  type Block,
  blockVersionAt,
  buildBlock,
  DEFAULT_POLICY,
  decodeBlock,
  decodeSnapshot,
  encodeBlock,
  encodeSnapshot,
  type RecordBody,
  type RegistryState,
  type StatusPolicy,
  sealBlock,
  signBlock,
  stateRoot,
  validateRecord,
} from '../src/index.js';
import {
  ANCHOR,
  activeNode,
  block,
  edge,
  genesis,
  heartbeat,
  qan,
  refusal,
  signed,
} from './helpers.js';

const policy = (over: Partial<StatusPolicy>): StatusPolicy => ({ ...DEFAULT_POLICY, ...over });
const apply = (s: RegistryState, records: readonly RecordBody[]): RegistryState =>
  applyBlock(s, block(s, ANCHOR, records));
/** A POLICY record (through an anchor-signed operator action) with the given fields. */
const schedule = (s: RegistryState, over: Partial<StatusPolicy>): RecordBody[] =>
  signed(s, [
    { kind: 'POLICY', policy: policy({ ...s.policy, version: s.policy.version + 1, ...over }) },
  ]);

/** Heights 1–2 are protocol 1; block 2 schedules protocol 2 from height 4. */
function upgraded(): { readonly s2: RegistryState; readonly s3: RegistryState } {
  const s1 = apply(genesis(), activeNode('rigel'));
  const s2 = apply(s1, schedule(s1, { protocol: 2, protocolHeight: 4 }));
  const s3 = apply(s2, [heartbeat('rigel', 4_000)]);
  return { s2, s3 };
}

describe('blockVersionAt', () => {
  it.each([
    [DEFAULT_POLICY, 1, 1],
    [DEFAULT_POLICY, 1_000_000, 1],
    [policy({ protocol: 2, protocolHeight: 10 }), 9, 1],
    [policy({ protocol: 2, protocolHeight: 10 }), 10, 2],
    [policy({ protocol: 2, protocolHeight: 10 }), 11, 2],
  ])('%o at height %i is version %i', (p, height, version) => {
    expect(blockVersionAt(p, height)).toBe(version);
  });
});

describe('scheduling protocol 2', () => {
  it('blocks below the scheduled height stay version 1, from it they are version 2 with the root', () => {
    const { s2, s3 } = upgraded();
    expect(s2.policy).toStrictEqual(policy({ version: 2, protocol: 2, protocolHeight: 4 }));
    expect(buildBlock(s2, qan(ANCHOR).quid, [heartbeat('rigel', 4_000)]).version).toBe(1);
    const b4 = block(s3, ANCHOR, [heartbeat('rigel', 5_000)]);
    expect(b4.version).toBe(2);
    // buildBlock leaves the root out; applyUnsignedBlock fills it in, so block() signs it with one.
    expect(buildBlock(s3, qan(ANCHOR).quid, [heartbeat('rigel', 5_000)]).stateRoot).toBeUndefined();
    const s4 = applyBlock(s3, b4);
    expect(b4.stateRoot).toStrictEqual(stateRoot(s4));
    expect(s4.headHash).toStrictEqual(b4.hash);
    // The wire form round-trips, root included, and folds the same.
    const again = decodeBlock(encodeBlock(b4));
    expect(again.stateRoot).toStrictEqual(b4.stateRoot);
    expect(encodeSnapshot(applyBlock(s3, again))).toStrictEqual(encodeSnapshot(s4));
  });

  it('sealBlock signs the root of the state it returns', () => {
    const { s3 } = upgraded();
    const q = qan(ANCHOR);
    const sealed = sealBlock(s3, {
      origin: q.quid,
      records: [heartbeat('rigel', 5_000)],
      sign: q.key,
    });
    if (sealed.kind !== 'block') throw new Error('expected a block');
    expect(sealed.block.version).toBe(2);
    expect(sealed.block.stateRoot).toStrictEqual(stateRoot(sealed.state));
    expect(encodeSnapshot(applyBlock(s3, sealed.block))).toStrictEqual(
      encodeSnapshot(sealed.state),
    );
  });

  it('a version 2 block before the scheduled height is BLOCK_VERSION at version', () => {
    const { s2 } = upgraded();
    const v1 = buildBlock(s2, qan(ANCHOR).quid, [heartbeat('rigel', 4_000)]);
    const early = signBlock({ ...v1, version: 2, stateRoot: new Uint8Array(32) }, qan(ANCHOR).key);
    expect(refusal(() => applyBlock(s2, early))).toStrictEqual({
      code: 'BLOCK_VERSION',
      field: 'version',
    });
    expect(refusal(() => applyUnsignedBlock(s2, { ...v1, version: 2 }))).toStrictEqual({
      code: 'BLOCK_VERSION',
      field: 'version',
    });
  });

  it('a version 1 block at or above the scheduled height is BLOCK_VERSION at version', () => {
    const { s3 } = upgraded();
    const v2 = buildBlock(s3, qan(ANCHOR).quid, [heartbeat('rigel', 5_000)]);
    const late = signBlock({ ...v2, version: 1 }, qan(ANCHOR).key);
    expect(refusal(() => applyBlock(s3, late))).toStrictEqual({
      code: 'BLOCK_VERSION',
      field: 'version',
    });
  });

  it('a version 2 block whose root is not the folded state’s is BLOCK_STATE_ROOT, state unchanged', () => {
    const { s3 } = upgraded();
    const good = block(s3, ANCHOR, [heartbeat('rigel', 5_000)]);
    const root = (good.stateRoot as Uint8Array).slice();
    root[0] = (root[0] as number) ^ 1;
    const bad: Block = signBlock({ ...good, stateRoot: root }, qan(ANCHOR).key);
    const before = encodeSnapshot(s3);
    expect(refusal(() => applyBlock(s3, bad))).toStrictEqual({
      code: 'BLOCK_STATE_ROOT',
      field: 'stateRoot',
    });
    expect(refusal(() => applyUnsignedBlock(s3, { ...good, stateRoot: root }))).toStrictEqual({
      code: 'BLOCK_STATE_ROOT',
      field: 'stateRoot',
    });
    expect(encodeSnapshot(s3)).toStrictEqual(before);
  });

  it('a root taken from the state before the block is refused as well', () => {
    const { s3 } = upgraded();
    const good = block(s3, ANCHOR, [heartbeat('rigel', 5_000)]);
    const stale = signBlock({ ...good, stateRoot: stateRoot(s3) }, qan(ANCHOR).key);
    expect(refusal(() => applyBlock(s3, stale))).toStrictEqual({
      code: 'BLOCK_STATE_ROOT',
      field: 'stateRoot',
    });
  });
});

describe('POLICY protocol steps', () => {
  const s1 = apply(genesis(), activeNode('rigel'));
  const outOfPolicy = (field: string) => ({
    code: 'RECORD_OUT_OF_POLICY',
    field: `policy.${field}`,
  });
  it.each([
    [
      'a height at the scheduling block',
      { protocol: 2, protocolHeight: 2 },
      outOfPolicy('protocolHeight'),
    ],
    ['a height below it', { protocol: 2, protocolHeight: 1 }, outOfPolicy('protocolHeight')],
  ])('scheduling protocol 2 at %s is refused', (_, over, expected) => {
    expect(refusal(() => apply(s1, schedule(s1, over)))).toStrictEqual(expected);
  });

  it('the height right above the scheduling block is accepted', () => {
    const s2 = apply(s1, schedule(s1, { protocol: 2, protocolHeight: 3 }));
    expect(blockVersionAt(s2.policy, 3)).toBe(2);
  });

  it('a scheduled protocol keeps its height, and the protocol never goes down', () => {
    const { s3 } = upgraded();
    expect(refusal(() => apply(s3, schedule(s3, { protocolHeight: 9 })))).toStrictEqual(
      outOfPolicy('protocolHeight'),
    );
    const down = policy({ version: s3.policy.version + 1 });
    expect(refusal(() => apply(s3, signed(s3, [{ kind: 'POLICY', policy: down }])))).toStrictEqual(
      outOfPolicy('protocol'),
    );
    // A later policy that keeps the schedule changes thresholds as before.
    const s4 = apply(s3, schedule(s3, { minFidelityPpm: 900_000 }));
    expect(s4.policy).toStrictEqual(
      policy({ version: 3, protocol: 2, protocolHeight: 4, minFidelityPpm: 900_000 }),
    );
  });

  it.each([
    ['protocol 4 (not supported)', { protocol: 4, protocolHeight: 9 }, 'policy.protocol'],
    ['protocol 1 written out', { protocol: 1, protocolHeight: 9 }, 'policy.protocol'],
    ['a protocol without a height', { protocol: 2 }, 'policy.protocolHeight'],
    ['a height without a protocol', { protocolHeight: 9 }, 'policy.protocol'],
    ['height 0', { protocol: 2, protocolHeight: 0 }, 'policy.protocolHeight'],
  ])('%s is RECORD_INVALID at the field', (_, over, field) => {
    const body = { kind: 'POLICY', l: 1, origin: qan(ANCHOR).quid, policy: policy(over) };
    expect(refusal(() => validateRecord(body))).toStrictEqual({ code: 'RECORD_INVALID', field });
  });
});

describe('checkProtocolStep (the rule for every later protocol too)', () => {
  const p = (protocol?: number, protocolHeight?: number): StatusPolicy =>
    protocol === undefined ? DEFAULT_POLICY : policy({ protocol, protocolHeight });
  const step = (from: StatusPolicy, to: StatusPolicy, height: number) => {
    try {
      checkProtocolStep(from, to, height, 4);
      return null;
    } catch (e) {
      const r = e as { code: string; field: string; index: number; message: string };
      return { code: r.code, field: r.field, index: r.index, message: r.message };
    }
  };
  const refused = (field: string, why: string) => ({
    code: 'RECORD_OUT_OF_POLICY',
    field: `policy.${field}`,
    index: 4,
    message: `RECORD_OUT_OF_POLICY: ${why}`,
  });
  it.each([
    ['1 → 2 above the block', p(), p(2, 11), 10, null],
    ['1 → 1', p(), p(), 10, null],
    ['2 → 2, same height', p(2, 5), p(2, 5), 10, null],
    ['2 → 3 once 2 is in force', p(2, 5), p(3, 12), 5, null],
    ['2 → 1', p(2, 5), p(), 10, refused('protocol', 'protocol 1 is below 2')],
    [
      '2 → 2, another height',
      p(2, 5),
      p(2, 6),
      3,
      refused('protocolHeight', 'protocol 2 is scheduled at 5 already'),
    ],
    ['1 → 3', p(), p(3, 20), 10, refused('protocol', 'protocol 3 skips 2')],
    [
      '2 → 3 before 2 is in force',
      p(2, 5),
      p(3, 20),
      4,
      refused('protocol', 'protocol 2 is not in force before height 5'),
    ],
    [
      '1 → 2 at the block’s height',
      p(),
      p(2, 10),
      10,
      refused('protocolHeight', "protocol 2 must start above this block's height 10"),
    ],
  ])('%s', (_, from, to, height, expected) => {
    expect(step(from, to, height)).toStrictEqual(expected);
  });

  it('a POLICY that does not raise the version names both versions', () => {
    const same = { kind: 'POLICY' as const, policy: { ...s0p, version: 1 } };
    const s = apply(genesis(), activeNode('rigel'));
    expect(() => apply(s, signed(s, [same]))).toThrow(
      'RECORD_OUT_OF_POLICY: policy version 1 is not above 1',
    );
  });
});

const s0p = DEFAULT_POLICY;

describe('stateRoot', () => {
  const s1 = apply(genesis(), activeNode('rigel'));
  it('covers trust edges, policy, operator seqs and entries, not only the entries', () => {
    const trusted = apply(s1, signed(s1, [edge(2, 800_000)]));
    const stricter = apply(s1, schedule(s1, { minFidelityPpm: 900_000 }));
    const beat = apply(s1, [heartbeat('rigel', 4_000)]);
    const roots = [s1, trusted, stricter, beat].map((s) =>
      Buffer.from(stateRoot(s)).toString('hex'),
    );
    expect(new Set(roots).size).toBe(4);
  });

  it('is the same for a state and its snapshot round trip, and does not depend on the head hash', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        (gaps) => {
          let s = s1;
          let at = 3_000;
          for (const gap of gaps) {
            at += gap;
            s = apply(s, [heartbeat('rigel', at)]);
          }
          expect(stateRoot(decodeSnapshot(encodeSnapshot(s)))).toStrictEqual(stateRoot(s));
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });

  it('returns a copy each time: changing one answer does not change the next', () => {
    const s = apply(s1, [heartbeat('rigel', 4_000)]);
    const first = stateRoot(s);
    const kept = first.slice();
    first[0] = (first[0] as number) ^ 0xff;
    const second = stateRoot(s);
    expect(second).toStrictEqual(kept);
    second[1] = (second[1] as number) ^ 0xff;
    expect(stateRoot(s)).toStrictEqual(kept);
  });
});
