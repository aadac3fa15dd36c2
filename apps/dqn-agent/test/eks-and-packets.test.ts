import type { NodeId, PacketId } from '@qcos/chips-codec';
import { decodePacket, encodePacket, isKeyId, truncateUtf8 } from '@qcos/chips-codec';
import { eksKeyId, eksRoundLossReason, eksRoundSeed } from '@qcos/eks-qkd-sim';
import { describe, expect, it } from 'vitest';
import { EksKeeper, type QkdRound } from '../src/eks-keeper.js';
import { PacketFactory, toMeasurementCounts } from '../src/packets.js';
import { decoyBb84Round, linkOf } from '../src/qkd-round.js';

const HASH = new Uint8Array(32).fill(9);
const CHANNEL = { distanceKm: 10, eavesdropper: 0 };

describe('EksKeeper', () => {
  const scripted = (outcomes: ReturnType<QkdRound>[]): QkdRound => {
    let i = 0;
    return () => outcomes[i++]!;
  };

  it('is lost (LINK_DOWN) before the first round, stable after a keyed round, lost on abort', () => {
    const keeper = new EksKeeper(
      scripted([
        { ok: true, key: new Uint8Array(100).fill(1), qber: 0.01 },
        { ok: false, reason: 'EAVESDROPPER_DETECTED', qber: 0.12 },
        { ok: true, key: new Uint8Array(10), qber: 0.01 },
        { ok: true, key: new Uint8Array(32), qber: 0.01 },
      ]),
    );
    expect(keeper.status).toEqual({ state: 'lost', lastSyncMs: 0, reason: 'LINK_DOWN' });
    expect(keeper.lastRound).toBeUndefined();
    const first = keeper.sync(HASH, CHANNEL, 1000);
    // 100 bytes distilled: three whole 256-bit keys.
    expect(keeper.lastRound).toEqual({ qber: 0.01, secretKeyBytes: 96 });
    expect(first.status).toEqual({ state: 'stable', lastSyncMs: 1000, keyBitsAvailable: 3 * 256 });
    expect(first.keyIds).toHaveLength(3);
    expect(first.keyIds.every(isKeyId)).toBe(true);
    expect([...first.keyIds].sort()).toEqual(first.keyIds);
    const second = keeper.sync(HASH, CHANNEL, 2000);
    expect(keeper.lastRound).toEqual({ qber: 0.12, secretKeyBytes: 0 });
    expect(second).toEqual({
      status: { state: 'lost', lastSyncMs: 1000, reason: 'EAVESDROPPER_DETECTED' },
      keyIds: [],
      round: 1,
      link: {
        distanceM: 10_000,
        fibreLossMilliDbPerKm: 200,
        pulsesPerRound: 2 ** 20,
        eavesdropperPpm: 0,
      },
    });
    // A round too short for one whole key leaves the pool empty: KEY_EXHAUSTED.
    expect(keeper.sync(HASH, CHANNEL, 3000).status).toEqual({
      state: 'lost',
      lastSyncMs: 1000,
      reason: 'KEY_EXHAUSTED',
    });
    keeper.linkDown();
    expect(keeper.status).toMatchObject({ state: 'lost', reason: 'LINK_DOWN' });
    // A new session numbers its rounds from 0 again.
    expect(keeper.sync(HASH, CHANNEL, 4000).round).toBe(0);
  });

  it('derives round seeds and key ids from the session, deterministically', () => {
    expect(eksRoundSeed(HASH, 0)).toEqual(eksRoundSeed(HASH, 0));
    expect(eksRoundSeed(HASH, 0)).not.toEqual(eksRoundSeed(HASH, 1));
    expect(eksRoundSeed(HASH, 0)).not.toEqual(eksRoundSeed(new Uint8Array(32), 0));
    const id = eksKeyId(eksRoundSeed(HASH, 0), 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('EKS_SYNC round and link', () => {
  it('names the round and the fixed-point link the keeper ran it over', () => {
    const links: unknown[] = [];
    const keeper = new EksKeeper((_seed, link) => {
      links.push(link);
      return { ok: true, key: new Uint8Array(64), qber: 0.01 };
    }, 2 ** 19);
    const body = keeper.sync(HASH, { distanceKm: 25.0004, eavesdropper: 0.02 }, 1);
    expect(body.round).toBe(0);
    expect(body.link).toEqual({
      distanceM: 25_000,
      fibreLossMilliDbPerKm: 200,
      pulsesPerRound: 2 ** 19,
      eavesdropperPpm: 20_000,
    });
    // The round ran over exactly the link the packet names (rounded to its units), not the config.
    expect(links[0]).toEqual({
      distanceKm: 25,
      fibreLossDbPerKm: 0.2,
      pulsesPerRound: 2 ** 19,
      eavesdropper: 0.02,
    });
    expect(keeper.sync(HASH, CHANNEL, 2).round).toBe(1);
  });
});

describe('decoy-BB84 rounds', () => {
  const round = decoyBb84Round();
  const PULSES = 2 ** 18;

  it('give the same key from the same seed and an eavesdropper abort under attack', () => {
    const seed = eksRoundSeed(HASH, 3);
    const a = round(seed, linkOf(CHANNEL, PULSES));
    const b = round(seed, linkOf(CHANNEL, PULSES));
    expect(a.ok).toBe(true);
    expect(a).toEqual(b);
    const attacked = round(seed, linkOf({ distanceKm: 10, eavesdropper: 0.6 }, PULSES));
    expect(attacked).toMatchObject({ ok: false, reason: 'EAVESDROPPER_DETECTED' });
  });

  it('attributes an abort to an eavesdropper only when the QBER exceeds the honest link', () => {
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', 0.13, linkOf(CHANNEL))).toBe(
      'EAVESDROPPER_DETECTED',
    );
    expect(eksRoundLossReason('NO_DETECTIONS', 0, linkOf(CHANNEL))).toBe('LINK_DOWN');
    expect(eksRoundLossReason('QBER_ABOVE_THRESHOLD', 0.02, linkOf(CHANNEL))).toBe(
      'QBER_ABOVE_THRESHOLD',
    );
  });
});

describe('packets', () => {
  const factory = new PacketFactory('0123456789abcdef' as NodeId, 'qan', () =>
    new Uint8Array(16).fill(0xef),
  );

  it('builds canonical CHIPS packets with rising Lamport time and per-destination sequence', () => {
    const a = factory.heartbeat({
      eksOk: true,
      eksLastSyncMs: 1,
      fidelity1qPpm: 999_000,
      fidelity2qPpm: 990_000,
      utilisationPct: 0,
      faults: [],
    });
    const b = factory.jobResult('12'.repeat(16) as PacketId, 3, { '01 1': 2, '00 0': 1 });
    expect(b.header.lamport).toBeGreaterThan(a.header.lamport);
    expect([a.header.seq, b.header.seq]).toEqual([0, 1]);
    expect(decodePacket(encodePacket(a))).toEqual(a);
    const decoded = decodePacket(encodePacket(b));
    expect(decoded.type === 'JOB_RESULT' && decoded.body.counts).toEqual([
      { bits: '000', count: 1 },
      { bits: '011', count: 2 },
    ]);
    // Receiving L = 500 is an event (L ← max(L, 500) + 1 = 501); the next send ticks to 502.
    factory.received({ ...a, header: { ...a.header, lamport: 500 } });
    expect(
      factory.heartbeat(a.type === 'HEARTBEAT' ? a.body.report : (undefined as never)).header
        .lamport,
    ).toBe(502);
  });

  it('keeps NACK details within the wire limit without splitting characters', () => {
    const nack = factory.nack('34'.repeat(16) as PacketId, 'EXECUTION_FAILED', 'é'.repeat(300));
    expect(nack.type === 'NACK' && new TextEncoder().encode(nack.body.detail).length).toBe(256);
    expect(() => decodePacket(encodePacket(nack))).not.toThrow();
    expect(truncateUtf8('abc', 2)).toBe('ab');
    expect(toMeasurementCounts({ '1 0': 1, '10': 2 })).toEqual([{ bits: '10', count: 3 }]);
  });
});
