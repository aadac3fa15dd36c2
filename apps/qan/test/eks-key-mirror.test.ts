import {
  decodePacket,
  type EksSyncBody,
  encodePacket,
  type KeyId,
  type NodeId,
  type PacketId,
} from '@qcos/chips-codec';
import {
  DEFAULT_EKS_LINK,
  type EksLink,
  eksLinkOfWire,
  eksRoundKeys,
  eksRoundSeed,
  eksWireLinkOf,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import type { KeyPoolStore, PooledKey } from '@qcos/interface';
import { describe, expect, it } from 'vitest';
import { EksKeyMirror } from '../src/keys/eks-key-mirror.js';

const BINDING = new Uint8Array(32).fill(7);
/** Not the default link: 25 km, and an intercept-resend eavesdropper below the abort threshold. */
const LINK: EksLink = {
  ...DEFAULT_EKS_LINK,
  distanceKm: 25,
  eavesdropper: 0.02,
  pulsesPerRound: 2 ** 19,
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A pool store that records what was added. */
function recordingStore(): KeyPoolStore & { added: PooledKey[]; cleared: number } {
  const added: PooledKey[] = [];
  return {
    added,
    cleared: 0,
    async add(_pool, keys) {
      added.push(...keys);
    },
    async status() {
      return { stored: added.length, delivered: 0 } as never;
    },
    async takeKeys() {
      return [];
    },
    async fetchByIds() {
      return [];
    },
    async clear() {
      this.cleared++;
      return 0;
    },
  };
}

/** The agent's end of round `round`, as its EksKeeper runs it, and the EKS_SYNC it sends (via the wire). */
function agentRound(round: number): { keys: PooledKey[]; sync: EksSyncBody } {
  const link = eksWireLinkOf(LINK);
  const seed = eksRoundSeed(BINDING, round);
  const outcome = runEksRound(seed, eksLinkOfWire(link), 'alice');
  if (!outcome.ok) throw new Error(`round aborted: ${outcome.reason}`);
  const keys = eksRoundKeys(seed, outcome.key).map((k) => ({ keyId: k.id, key: k.key }));
  const body: EksSyncBody = {
    status: { state: 'stable', lastSyncMs: 1000, keyBitsAvailable: keys.length * 256 },
    keyIds: keys.map((k) => k.keyId as KeyId).sort(),
    round,
    link,
  };
  const bytes = encodePacket({
    type: 'EKS_SYNC',
    header: {
      destination: 'qan',
      source: '0011223344556677' as NodeId,
      packetId: '000102030405060708090a0b0c0d0e0f' as PacketId,
      lamport: 1,
      seq: round,
      scope: 'eks:sync',
      hopLimit: 4,
      reroute: 'deny',
    },
    body,
  });
  const decoded = decodePacket(bytes);
  if (decoded.type !== 'EKS_SYNC') throw new Error('not an EKS_SYNC');
  return { keys, sync: decoded.body };
}

describe('EksKeyMirror', () => {
  it('holds the same key bytes as the agent under the same key ids on a non-default link', async () => {
    const { keys, sync } = agentRound(4);
    expect(keys.length).toBeGreaterThan(0);
    expect(sync.link).toEqual({
      distanceM: 25_000,
      fibreLossMilliDbPerKm: 200,
      pulsesPerRound: 2 ** 19,
      eavesdropperPpm: 20_000,
    });
    const store = recordingStore();
    const mirror = new EksKeyMirror(store);
    expect(mirror.stableRound('rigel', BINDING, sync.round, sync.link, sync.keyIds)).toBe(
      'mirrored',
    );
    expect(await mirror.materialise('rigel', 2000)).toBe(keys.length);
    expect(store.added.map((k) => [k.keyId, hex(k.key)]).sort()).toEqual(
      keys.map((k) => [k.keyId, hex(k.key)]).sort(),
    );
    // What the QAN held before the link travelled: the default link gives other bytes under the
    // same ids.
    const seed = eksRoundSeed(BINDING, 4);
    const assumed = runEksRound(seed, { ...DEFAULT_EKS_LINK, pulsesPerRound: 2 ** 19 }, 'bob');
    const assumedKeys = assumed.ok ? eksRoundKeys(seed, assumed.key) : [];
    expect(hex(assumedKeys[0]?.key ?? new Uint8Array())).not.toBe(hex(keys[0]!.key));
  });

  it('ignores a round number that repeats or goes backwards: no key is derived again', async () => {
    const store = recordingStore();
    const mirror = new EksKeyMirror(store);
    const ids = ['00000000-0000-4000-8000-000000000000'];
    const link = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 1024 });
    expect(mirror.stableRound('rigel', BINDING, 5, link, ids)).toBe('mirrored');
    await mirror.materialise('rigel', 1);
    expect(mirror.stableRound('rigel', BINDING, 5, link, ids)).toBe('not-forward');
    expect(mirror.stableRound('rigel', BINDING, 3, link, ids)).toBe('not-forward');
    expect(await mirror.materialise('rigel', 2)).toBe(0);
    expect(await mirror.lost('rigel', BINDING, 4)).toBe(false);
    expect(store.cleared).toBe(0);
    // A gap (round 6 lost in transit) is fine; a new session starts again from any round.
    expect(mirror.stableRound('rigel', BINDING, 7, link, ids)).toBe('mirrored');
    expect(mirror.stableRound('rigel', new Uint8Array(32).fill(8), 0, link, ids)).toBe('mirrored');
    expect(await mirror.lost('rigel', new Uint8Array(32).fill(8), 1)).toBe(true);
    expect(store.cleared).toBe(1);
  });

  it("mirrors rounds no faster than the EKS link's 1 MHz source runs: a flood is ignored, counted", async () => {
    let now = 0;
    const store = recordingStore();
    const mirror = new EksKeyMirror(store, undefined, () => now);
    const ids = ['00000000-0000-4000-8000-000000000000'];
    const second = eksWireLinkOf({ ...DEFAULT_EKS_LINK, pulsesPerRound: 1_000_000 }); // 1 s of link time
    const outcomes = [];
    for (let round = 0; round < 20; round++)
      outcomes.push(mirror.stableRound('rigel', BINDING, round, second, ids));
    // Two of the longest rounds of slack (8.39 s) hold eight 1 s rounds; the rest are refused.
    expect(outcomes.filter((o) => o === 'mirrored')).toHaveLength(8);
    expect(outcomes.slice(8).every((o) => o === 'too-fast')).toBe(true);
    expect(mirror.tooFastRounds).toBe(12);
    // The pending round is the last one mirrored, not a refused one.
    expect(mirror.announcedKeyCount('rigel')).toBe(1);
    // One round period of wall time later, one more round fits.
    now = 1000;
    expect(mirror.stableRound('rigel', BINDING, 20, second, ids)).toBe('mirrored');
    expect(mirror.stableRound('rigel', BINDING, 21, second, ids)).toBe('too-fast');
    // A node on a 1 s round period is never refused.
    const steady = new EksKeyMirror(store, undefined, () => now);
    for (let round = 0; round < 100; round++, now += 1000)
      expect(steady.stableRound('vega', BINDING, round, second, ids)).toBe('mirrored');
  });
});
