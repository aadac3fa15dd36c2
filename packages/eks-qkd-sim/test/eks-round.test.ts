import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EKS_LINK,
  EKS_KEY_BYTES,
  eksKeyId,
  eksRoundKeys,
  eksRoundLossReason,
  eksRoundSeed,
  isUuidV4,
  QkdError,
  runEksRound,
} from '../src/index.js';

const BINDING = new Uint8Array(32).fill(9);
const SMALL = { ...DEFAULT_EKS_LINK, pulsesPerRound: 2 ** 18 };

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof QkdError ? `${e.code}:${e.field}` : String(e);
  }
  return undefined;
}

describe('EKS round seed and key ids', () => {
  it('are the SHA-256 derivations of the spec (computed here a second way)', () => {
    for (const round of [0, 1, 77, 0xffff_ffff]) {
      const expected = createHash('sha256')
        .update('qcos/eks-round/v1')
        .update(BINDING)
        .update(u32be(round))
        .digest();
      expect(Buffer.from(eksRoundSeed(BINDING, round))).toEqual(expected);
    }
    const seed = eksRoundSeed(BINDING, 3);
    const h = createHash('sha256').update(seed).update('key').update(u32be(5)).digest();
    h[6] = (h[6]! & 0x0f) | 0x40;
    h[8] = (h[8]! & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    expect(eksKeyId(seed, 5)).toBe(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    );
    expect(isUuidV4(eksKeyId(seed, 5))).toBe(true);
  });

  it('refuses round numbers and indices outside u32, and non-byte inputs', () => {
    expect(codeOf(() => eksRoundSeed(BINDING, -1))).toBe('INVALID_PARAMETER:round');
    expect(codeOf(() => eksRoundSeed(BINDING, 2 ** 32))).toBe('INVALID_PARAMETER:round');
    expect(codeOf(() => eksRoundSeed(BINDING, 1.5))).toBe('INVALID_PARAMETER:round');
    expect(codeOf(() => eksRoundSeed('ab' as never, 0))).toBe('INVALID_PARAMETER:sessionBinding');
    expect(codeOf(() => eksKeyId(BINDING, -1))).toBe('INVALID_PARAMETER:index');
    expect(codeOf(() => eksRoundKeys(BINDING, [1] as never))).toBe('INVALID_PARAMETER:distilled');
  });

  it('cut a distilled key into whole 256-bit keys named by index', () => {
    const seed = eksRoundSeed(BINDING, 0);
    const distilled = Uint8Array.from({ length: 3 * EKS_KEY_BYTES + 7 }, (_, i) => i);
    const keys = eksRoundKeys(seed, distilled);
    expect(keys.map((k) => k.id)).toEqual([0, 1, 2].map((i) => eksKeyId(seed, i)));
    expect(keys[1]!.key).toEqual(distilled.slice(32, 64));
    expect(eksRoundKeys(seed, new Uint8Array(31))).toEqual([]);
  });
});

describe('EKS rounds', () => {
  it('give both ends the same keys from the same seed and link', () => {
    const seed = eksRoundSeed(BINDING, 0);
    const alice = runEksRound(seed, SMALL, 'alice');
    const bob = runEksRound(seed, SMALL, 'bob');
    expect(alice.ok && bob.ok).toBe(true);
    expect(alice).toEqual(bob);
    expect(runEksRound(seed, SMALL, 'alice')).toEqual(alice);
  });

  it('lose the EKS to an eavesdropper that pushes the QBER past the honest link', () => {
    const seed = eksRoundSeed(BINDING, 1);
    expect(runEksRound(seed, { ...SMALL, eavesdropper: 0.6 }, 'alice')).toMatchObject({
      ok: false,
      reason: 'EAVESDROPPER_DETECTED',
    });
    expect(codeOf(() => runEksRound(seed, { ...SMALL, eavesdropper: 2 }, 'bob'))).toBe(
      'INVALID_PARAMETER:eavesdropper',
    );
  });

  it('attribute an abort to an eavesdropper only when the QBER exceeds the honest link', () => {
    const link = DEFAULT_EKS_LINK;
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', 0.13, link)).toBe('EAVESDROPPER_DETECTED');
    expect(eksRoundLossReason('NO_DETECTIONS', 0, link)).toBe('LINK_DOWN');
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', 0.02, link)).toBe('QBER_ABOVE_THRESHOLD');
    expect(eksRoundLossReason('DECOY_INCONSISTENT', 0.02, link)).toBe('EAVESDROPPER_DETECTED');
  });
});
