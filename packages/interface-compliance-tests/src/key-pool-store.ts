import type { KeyPoolStore, PooledKey } from '@qcos/interface';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canRestart, checkRestart, type StoreFactory, type StoreFixture } from './fixture.js';
import { awkwardBytes, expectBytes, patternBytes, rejection } from './util.js';

/** A key with a UUID-shaped key_ID unique to (pool tag, index). */
const key = (tag: number, index: number): PooledKey => ({
  keyId: `${tag.toString(16).padStart(8, '0')}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
  key: patternBytes(32, tag * 10_000 + index),
});
const keys = (tag: number, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => key(tag, from + i));
/** The master SAE that takes keys in these tests; OTHER_MASTER is a second one. */
const MASTER = 'sae-alpha';
const OTHER_MASTER = 'sae-beta';
const ids = (list: readonly PooledKey[]) => list.map((k) => k.keyId);

function expectKeys(actual: readonly PooledKey[], expected: readonly PooledKey[]): void {
  expect(ids(actual)).toEqual(ids(expected));
  for (const [i, k] of actual.entries()) expectBytes(k.key, (expected[i] as PooledKey).key);
}

/**
 * Pins the `KeyPoolStore` contract of @qcos/interface. The durability test is registered only
 * when the fixtures have `restart`.
 */
export function keyPoolStoreCompliance(name: string, factory: StoreFactory<KeyPoolStore>): void {
  describe(`${name}: KeyPoolStore compliance`, async () => {
    const durable = await canRestart(factory);
    let fixture: StoreFixture<KeyPoolStore>;
    let store: KeyPoolStore;
    beforeEach(async () => {
      fixture = await factory();
      checkRestart(fixture, durable);
      store = await fixture.open();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('an unknown pool is empty', async () => {
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
      expect(await store.takeKeys('rigel', 3, MASTER)).toEqual([]);
      expect(await store.fetchByIds('rigel', [key(1, 0).keyId], MASTER)).toEqual([]);
      expect(await store.clear('rigel')).toBe(0);
    });

    it('counts added keys as stored', async () => {
      await store.add('rigel', keys(1, 0, 3), 1_000);
      await store.add('rigel', [], 1_001);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 3, deliveredKeyCount: 0 });
    });

    it('takeKeys hands out the oldest keys first, across batches, and marks them delivered', async () => {
      await store.add('rigel', keys(1, 0, 2), 1_000);
      await store.add('rigel', keys(1, 2, 2), 2_000);
      expectKeys(await store.takeKeys('rigel', 3, MASTER), keys(1, 0, 3));
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 1, deliveredKeyCount: 3 });
      expectKeys(await store.takeKeys('rigel', 5, MASTER), keys(1, 3, 1));
      expect(await store.takeKeys('rigel', 5, MASTER)).toEqual([]);
      expect(await store.takeKeys('rigel', 0, MASTER)).toEqual([]);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 4 });
    });

    it('fetchByIds returns delivered keys once, in the order asked, and erases them', async () => {
      await store.add('rigel', keys(1, 0, 3), 1_000);
      const taken = await store.takeKeys('rigel', 3, MASTER);
      const asked = [taken[2], taken[0]] as PooledKey[];
      expectKeys(await store.fetchByIds('rigel', ids(asked), MASTER), asked);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 1 });
      expect(await store.fetchByIds('rigel', ids(asked), MASTER)).toEqual([]);
      const unknown = key(9, 9).keyId;
      expectKeys(await store.fetchByIds('rigel', [unknown, taken[1]?.keyId as string], MASTER), [
        taken[1] as PooledKey,
      ]);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
    });

    it('fetchByIds returns only keys delivered to the master asking, and keeps the others', async () => {
      await store.add('rigel', keys(1, 0, 4), 1_000);
      const mine = await store.takeKeys('rigel', 2, MASTER);
      const theirs = await store.takeKeys('rigel', 2, OTHER_MASTER);
      expect(await store.fetchByIds('rigel', ids(theirs), MASTER)).toEqual([]);
      expect(await store.fetchByIds('rigel', ids(mine), OTHER_MASTER)).toEqual([]);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 4 });
      expectKeys(await store.fetchByIds('rigel', [...ids(theirs), ...ids(mine)], MASTER), mine);
      expectKeys(await store.fetchByIds('rigel', ids(theirs), OTHER_MASTER), theirs);
    });

    it('a key not yet handed out cannot be fetched, and stays available', async () => {
      await store.add('rigel', keys(1, 0, 2), 1_000);
      expect(await store.fetchByIds('rigel', ids(keys(1, 0, 2)), MASTER)).toEqual([]);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 2, deliveredKeyCount: 0 });
      expectKeys(await store.takeKeys('rigel', 2, MASTER), keys(1, 0, 2));
    });

    it('pools are separate: taking, fetching and clearing touch one pool only', async () => {
      await store.add('rigel', keys(1, 0, 2), 1_000);
      await store.add('sirius', keys(2, 0, 2), 1_000);
      expectKeys(await store.takeKeys('sirius', 1, MASTER), keys(2, 0, 1));
      expect(await store.fetchByIds('rigel', [key(2, 0).keyId], MASTER)).toEqual([]);
      expect(await store.status('sirius')).toEqual({ storedKeyCount: 1, deliveredKeyCount: 1 });
      expect(await store.clear('rigel')).toBe(2);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
      expect(await store.status('sirius')).toEqual({ storedKeyCount: 1, deliveredKeyCount: 1 });
      expectKeys(await store.fetchByIds('sirius', [key(2, 0).keyId], MASTER), keys(2, 0, 1));
    });

    it('clear erases stored and delivered keys and says how many', async () => {
      await store.add('rigel', keys(1, 0, 4), 1_000);
      await store.takeKeys('rigel', 1, MASTER);
      expect(await store.clear('rigel')).toBe(4);
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
      expect(await store.fetchByIds('rigel', [key(1, 0).keyId], MASTER)).toEqual([]);
      expect(await store.clear('rigel')).toBe(0);
    });

    it('a key_ID already stored, in any pool or twice in a batch, is a conflict that adds nothing', async () => {
      await store.add('rigel', keys(1, 0, 2), 1_000);
      const again = await rejection(
        store.add('rigel', [key(1, 5), key(1, 1)], 2_000),
        'STORE_CONFLICT',
      );
      expect(again.details['keyId']).toBe(key(1, 1).keyId);
      await rejection(store.add('sirius', [key(2, 0), key(1, 0)], 2_000), 'STORE_CONFLICT');
      await rejection(store.add('vega', [key(3, 0), key(3, 0)], 2_000), 'STORE_CONFLICT');
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 2, deliveredKeyCount: 0 });
      expect(await store.status('sirius')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
      expect(await store.status('vega')).toEqual({ storedKeyCount: 0, deliveredKeyCount: 0 });
    });

    it('round-trips key bytes exactly and keeps its own copy', async () => {
      const odd = [
        { keyId: key(1, 0).keyId, key: awkwardBytes() },
        { keyId: key(1, 1).keyId, key: new Uint8Array(32) },
      ];
      const original = odd.map((k) => ({ keyId: k.keyId, key: k.key.slice() }));
      await store.add('rigel', odd, 1_000);
      for (const k of odd) k.key.fill(7);
      const taken = await store.takeKeys('rigel', 2, MASTER);
      expectKeys(taken, original);
      expectKeys(await store.fetchByIds('rigel', ids(original), MASTER), original);
    });

    it('two instances never hand out the same key', async () => {
      const other = await fixture.open();
      await store.add('rigel', keys(1, 0, 20), 1_000);
      const rounds = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? store : other).takeKeys('rigel', 4, MASTER),
        ),
      );
      const handed = rounds.flatMap(ids);
      expect(handed).toHaveLength(20);
      expect(new Set(handed).size).toBe(20);
    });

    it('two instances never fetch the same key', async () => {
      const other = await fixture.open();
      await store.add('rigel', keys(1, 0, 3), 1_000);
      const taken = ids(await store.takeKeys('rigel', 3, MASTER));
      const [a, b] = await Promise.all([
        store.fetchByIds('rigel', taken, MASTER),
        other.fetchByIds('rigel', taken, MASTER),
      ]);
      expect([...ids(a ?? []), ...ids(b ?? [])].sort()).toEqual([...taken].sort());
    });

    it('rejects a count that is not a non-negative integer with STORE_INVALID_ARGUMENT', async () => {
      await store.add('rigel', keys(1, 0, 2), 1_000);
      for (const count of [-1, 1.5, Number.NaN]) {
        await rejection(store.takeKeys('rigel', count, MASTER), 'STORE_INVALID_ARGUMENT');
      }
      expect(await store.status('rigel')).toEqual({ storedKeyCount: 2, deliveredKeyCount: 0 });
    });

    if (durable) {
      it('keys and their delivered state survive a restart', async () => {
        await store.add('rigel', keys(1, 0, 3), 1_000);
        const taken = await store.takeKeys('rigel', 1, MASTER);
        await fixture.restart?.();
        const again = await fixture.open();
        expect(await again.status('rigel')).toEqual({ storedKeyCount: 2, deliveredKeyCount: 1 });
        expectKeys(await again.fetchByIds('rigel', ids(taken), MASTER), taken);
        expectKeys(await again.takeKeys('rigel', 2, MASTER), keys(1, 1, 2));
      });
    }
  });
}
