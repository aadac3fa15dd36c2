import type { BlockRootStore, StoredRoot } from '@qcos/interface';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canRestart, checkRestart, type StoreFactory, type StoreFixture } from './fixture.js';
import { expectBytes, patternBytes, rejection } from './util.js';

const root = (height: number, nodeCount = height % 7): StoredRoot => ({
  height,
  root: patternBytes(32, height + 1),
  nodeCount,
});

function expectRoot(actual: StoredRoot | undefined, expected: StoredRoot): void {
  expect(actual?.height).toBe(expected.height);
  expect(actual?.nodeCount).toBe(expected.nodeCount);
  expectBytes(actual?.root, expected.root);
}

/**
 * Pins the `BlockRootStore` contract of @qcos/interface. The durability test is registered only
 * when the fixtures have `restart`.
 */
export function blockRootStoreCompliance(
  name: string,
  factory: StoreFactory<BlockRootStore>,
): void {
  describe(`${name}: BlockRootStore compliance`, async () => {
    const durable = await canRestart(factory);
    let fixture: StoreFixture<BlockRootStore>;
    let store: BlockRootStore;
    beforeEach(async () => {
      fixture = await factory();
      checkRestart(fixture, durable);
      store = await fixture.open();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('holds nothing when empty', async () => {
      expect(await store.count()).toBe(0);
      expect(await store.at(1)).toBeUndefined();
    });

    it('returns each saved root exactly, by height, and counts them', async () => {
      await store.save([root(1), root(2)]);
      await store.save([root(3, 0), root(5, 1_000_000)]);
      for (const r of [root(1), root(2), root(3, 0), root(5, 1_000_000)])
        expectRoot(await store.at(r.height), r);
      expect(await store.at(4)).toBeUndefined();
      expect(await store.at(6)).toBeUndefined();
      expect(await store.count()).toBe(4);
    });

    it('a save at a stored height replaces it', async () => {
      await store.save([root(4)]);
      const replacement = { height: 4, root: patternBytes(32, 99), nodeCount: 9 };
      await store.save([replacement]);
      expectRoot(await store.at(4), replacement);
      expect(await store.count()).toBe(1);
    });

    it('stores a large batch in one save', async () => {
      const batch = Array.from({ length: 2_000 }, (_, i) => root(i + 1));
      await store.save(batch);
      expect(await store.count()).toBe(2_000);
      expectRoot(await store.at(1_234), root(1_234));
    });

    it('keeps its own copy: changing the arrays after save changes nothing stored', async () => {
      const r = root(2);
      const original = { ...r, root: r.root.slice() };
      await store.save([r]);
      r.root.fill(0);
      expectRoot(await store.at(2), original);
    });

    it('is seen by another instance on the same storage', async () => {
      await store.save([root(6)]);
      const other = await fixture.open();
      expectRoot(await other.at(6), root(6));
      await other.save([root(7)]);
      expectRoot(await store.at(7), root(7));
    });

    it('rejects a malformed root with STORE_INVALID_ARGUMENT, storing none of the batch', async () => {
      for (const bad of [-1, 2.5, Number.NaN]) {
        await rejection(
          store.save([root(1), { ...root(2), height: bad }]),
          'STORE_INVALID_ARGUMENT',
        );
        await rejection(
          store.save([root(1), { ...root(2), nodeCount: bad }]),
          'STORE_INVALID_ARGUMENT',
        );
        await rejection(store.at(bad), 'STORE_INVALID_ARGUMENT');
      }
      const notBytes = 'root' as unknown as Uint8Array;
      await rejection(
        store.save([root(1), { ...root(2), root: notBytes }]),
        'STORE_INVALID_ARGUMENT',
      );
      expect(await store.count()).toBe(0);
    });

    if (durable) {
      it('a root whose save resolved survives a restart', async () => {
        await store.save([root(3), root(9)]);
        await fixture.restart?.();
        const again = await fixture.open();
        expectRoot(await again.at(9), root(9));
        expect(await again.count()).toBe(2);
      });
    }
  });
}
