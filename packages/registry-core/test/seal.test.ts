import { describe, expect, it } from 'vitest';
import {
  applyBlock,
  applyUnsignedBlock,
  buildBlock,
  encodeBlock,
  getEntry,
  hybridBlockSigner,
  isStaleHeartbeat,
  merkleRoot,
  nextHeartbeatAtMs,
  type RecordBody,
  RegistryError,
  type SealParams,
  sealBlock,
  signBlock,
  tryApplyBlock,
} from '../src/index.js';
import { MAX_RECORDS_PER_BLOCK } from '../src/limits.js';
import { ANCHOR, block, genesis, heartbeat, qan, register } from './helpers.js';

const anchor = qan(ANCHOR);

describe('sealBlock', () => {
  it('drops refused records with their codes and signs the rest into the block signBlock makes', () => {
    const s = genesis();
    const pending: RecordBody[] = [
      register('rigel'),
      heartbeat('vega', 1_000), // not registered
      heartbeat('rigel', 1_000),
      heartbeat('rigel', 1_000), // not after the previous one
      heartbeat('rigel', 2_000),
    ];
    const sealed = sealBlock(s, { origin: anchor.quid, records: pending, sign: anchor.key });
    if (sealed.kind !== 'block') throw new Error('expected a block');
    expect(sealed.refused.map((r) => [r.position, r.code])).toStrictEqual([
      [1, 'RECORD_UNKNOWN_NODE'],
      [3, 'RECORD_STALE'],
    ]);
    expect(sealed.kept).toStrictEqual([0, 2, 4]);
    const kept = sealed.kept.map((i) => pending[i] as RecordBody);
    const direct = signBlock(buildBlock(s, anchor.quid, kept), anchor.key);
    expect(sealed.bytes).toStrictEqual(encodeBlock(direct));
    expect(sealed.hash).toStrictEqual(direct.hash);
    expect(merkleRoot(sealed.state)).toStrictEqual(merkleRoot(applyBlock(s, sealed.block)));
    expect(getEntry(sealed.state, 'rigel')?.lastHeartbeatMs).toBe(2_000);
  });

  it('seals nothing when every record is refused', () => {
    const sealed = sealBlock(genesis(), {
      origin: anchor.quid,
      records: [heartbeat('vega', 1_000)],
      sign: anchor.key,
    });
    expect(sealed).toStrictEqual({
      kind: 'none',
      refused: [expect.objectContaining({ position: 0, code: 'RECORD_UNKNOWN_NODE' })],
    });
  });

  it('takes a signer of the block hash in place of the key', () => {
    const s = genesis();
    const records = [register('rigel')];
    const withKey = sealBlock(s, { origin: anchor.quid, records, sign: anchor.key });
    const withSigner = sealBlock(s, {
      origin: anchor.quid,
      records,
      sign: hybridBlockSigner(anchor.key),
    });
    expect(withSigner.kind === 'block' && withSigner.hash).toStrictEqual(
      withKey.kind === 'block' && withKey.hash,
    );
  });
});

describe('sealBlock trials', () => {
  const seal = (records: readonly RecordBody[], over: Partial<SealParams> = {}) => {
    const sealed = sealBlock(genesis(), {
      origin: anchor.quid,
      records,
      sign: anchor.key,
      ...over,
    });
    return { kind: sealed.kind, refused: sealed.refused.map((r) => [r.position, r.code]) };
  };
  const unknownNode = heartbeat('vega', 1_000);

  it('tries only the first MAX_RECORDS_PER_BLOCK pending records', () => {
    const records = Array.from({ length: MAX_RECORDS_PER_BLOCK + 1 }, () => unknownNode);
    expect(seal(records, { maxTrials: 1 })).toStrictEqual({
      kind: 'none',
      refused: [[0, 'RECORD_UNKNOWN_NODE']],
    });
  });

  it('stops after maxTrials trial folds', () => {
    const records = [unknownNode, unknownNode, unknownNode, register('rigel')];
    expect(seal(records, { maxTrials: 2 })).toStrictEqual({
      kind: 'none',
      refused: [
        [0, 'RECORD_UNKNOWN_NODE'],
        [1, 'RECORD_UNKNOWN_NODE'],
      ],
    });
  });

  it('drops the first record when the refusal names none, and retries the rest', () => {
    const records = [register('rigel'), register('vega')];
    expect(seal(records, { origin: qan(9).quid })).toStrictEqual({
      kind: 'none',
      refused: [
        [0, 'UNKNOWN_ORIGIN'],
        [1, 'UNKNOWN_ORIGIN'],
      ],
    });
  });

  it('drops the first record when the refusal names a position past the block', () => {
    const tierOf = () => {
      throw new RegistryError('RECORD_NOT_PERMITTED', 'tier store says no', { index: 1 });
    };
    expect(seal([register('rigel')], { tierOf })).toStrictEqual({
      kind: 'none',
      refused: [[0, 'RECORD_NOT_PERMITTED']],
    });
  });
});

describe('sealBlock under a block size limit', () => {
  const pending = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((alias) => register(alias));
  const whole = sealBlock(genesis(), { origin: anchor.quid, records: pending, sign: anchor.key });
  if (whole.kind !== 'block') throw new Error('expected a block');

  it('keeps the longest prefix that fits; the rest are neither kept nor refused', () => {
    const limit = whole.bytes.length - 1;
    const sealed = sealBlock(genesis(), {
      origin: anchor.quid,
      records: pending,
      sign: anchor.key,
      maxBlockBytes: limit,
    });
    if (sealed.kind !== 'block') throw new Error('expected a block');
    expect(sealed.kept).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sealed.refused).toStrictEqual([]);
    expect(sealed.bytes.length).toBeLessThanOrEqual(limit);
    const exact = sealBlock(genesis(), {
      origin: anchor.quid,
      records: pending,
      sign: anchor.key,
      maxBlockBytes: whole.bytes.length,
    });
    expect(exact.kind === 'block' && exact.kept).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('shrinks by the share of bytes that fits, down to the prefix a limit has room for', () => {
    const sizeOf = (n: number) => {
      const s = sealBlock(genesis(), {
        origin: anchor.quid,
        records: pending.slice(0, n),
        sign: anchor.key,
      });
      return s.kind === 'block' ? s.bytes.length : 0;
    };
    for (const n of [1, 3, 4, 6]) {
      const sealed = sealBlock(genesis(), {
        origin: anchor.quid,
        records: pending,
        sign: anchor.key,
        maxBlockBytes: sizeOf(n),
      });
      expect(sealed.kind === 'block' && sealed.kept).toStrictEqual(
        Array.from({ length: n }, (_, i) => i),
      );
    }
  });

  it('refuses a lone record that does not fit with BLOCK_TOO_LARGE', () => {
    const sealed = sealBlock(genesis(), {
      origin: anchor.quid,
      records: pending.slice(0, 1),
      sign: anchor.key,
      maxBlockBytes: 1_000,
    });
    expect(sealed.kind).toBe('none');
    expect(sealed.refused).toHaveLength(1);
    expect(sealed.refused[0]?.position).toBe(0);
    expect(sealed.refused[0]?.code).toBe('BLOCK_TOO_LARGE');
    expect(sealed.refused[0]?.message).toMatch(
      /^one record makes a block of \d+ bytes, over 1000$/,
    );
  });
});

describe('applyUnsignedBlock', () => {
  it('folds like applyBlock and returns the hash the signature must cover', () => {
    const s = genesis();
    const unsigned = buildBlock(s, anchor.quid, [register('rigel'), heartbeat('rigel', 1_000)]);
    const signed = signBlock(unsigned, anchor.key);
    const trial = applyUnsignedBlock(s, unsigned);
    expect(trial.hash).toStrictEqual(signed.hash);
    expect(merkleRoot(trial.state)).toStrictEqual(merkleRoot(applyBlock(s, signed)));
  });

  it('refuses an unknown origin, as applyBlock does', () => {
    const s = genesis();
    const unsigned = buildBlock(s, qan(9).quid, [register('rigel')]);
    expect(() => applyUnsignedBlock(s, unsigned)).toThrow(RegistryError);
    expect(() => applyUnsignedBlock(s, unsigned)).toThrow(/UNKNOWN_ORIGIN/);
  });
});

/** vega registered at 0 with no heartbeat; rigel registered at 500 with a heartbeat at 1 000. */
const timed = applyBlock(
  genesis(),
  block(genesis(), ANCHOR, [
    register('vega', { atMs: 0 }),
    register('rigel', { atMs: 500 }),
    heartbeat('rigel', 1_000),
  ]),
);

describe('nextHeartbeatAtMs', () => {
  const rigel = getEntry(timed, 'rigel');

  it('is the clock when the clock is past every earlier time', () => {
    expect(nextHeartbeatAtMs(rigel, 5_000, 4_000)).toBe(5_000);
  });
  it('moves past the last folded heartbeat, the queued one and the registration', () => {
    expect(nextHeartbeatAtMs(rigel, 900)).toBe(1_001);
    expect(nextHeartbeatAtMs(rigel, 900, 3_000)).toBe(3_001);
    expect(nextHeartbeatAtMs(undefined, 0)).toBe(1);
  });
});

describe('isStaleHeartbeat', () => {
  it.each([
    ['vega', 0, false, 'at the registration time 0, with no heartbeat yet'],
    ['rigel', 499, true, 'before the registration'],
    ['rigel', 1_000, true, 'at the last heartbeat'],
    ['rigel', 1_001, false, 'after the last heartbeat'],
  ])('%s at %d → stale %s (%s)', (alias, atMs, stale) => {
    expect(isStaleHeartbeat(getEntry(timed, alias)!, atMs)).toBe(stale);
  });
});

describe('tryApplyBlock', () => {
  it('refuses a block when a tier function passed in the context throws', () => {
    const s = genesis();
    const b = signBlock(buildBlock(s, anchor.quid, [register('rigel')]), anchor.key);
    const tierOf = () => {
      throw new Error('tier store unavailable');
    };
    const result = tryApplyBlock(s, b, { tierOf });
    expect(result.ok === false && result.error.code).toBe('BLOCK_MALFORMED');
  });
});
