import type { SnapshotStore, StoredSnapshot } from '@qcos/interface';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canRestart, checkRestart, type StoreFactory, type StoreFixture } from './fixture.js';
import { awkwardBytes, expectBytes, patternBytes, rejection } from './util.js';

const snapshot = (height: number, size = 16): StoredSnapshot => ({
  height,
  root: patternBytes(32, height + 1),
  bytes: patternBytes(size, height + 1000),
});

function expectSnapshot(actual: StoredSnapshot | undefined, expected: StoredSnapshot): void {
  expect(actual?.height).toBe(expected.height);
  expectBytes(actual?.root, expected.root);
  expectBytes(actual?.bytes, expected.bytes);
}

/**
 * Pins the `SnapshotStore` contract of @qcos/interface. The durability test is registered only
 * when the fixtures have `restart`.
 */
export function snapshotStoreCompliance(name: string, factory: StoreFactory<SnapshotStore>): void {
  describe(`${name}: SnapshotStore compliance`, async () => {
    const durable = await canRestart(factory);
    let fixture: StoreFixture<SnapshotStore>;
    let store: SnapshotStore;
    beforeEach(async () => {
      fixture = await factory();
      checkRestart(fixture, durable);
      store = await fixture.open();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('holds nothing when empty', async () => {
      expect(await store.latest()).toBeUndefined();
    });

    it('returns the saved snapshot exactly: empty bytes, every byte value, one MiB', async () => {
      for (const [i, bytes] of [
        new Uint8Array(0),
        awkwardBytes(),
        patternBytes(1 << 20, 3),
      ].entries()) {
        const s = { height: 10 + i, root: patternBytes(32, i), bytes };
        await store.save(s);
        expectSnapshot(await store.latest(), s);
      }
    });

    it('latest is the highest height, whatever the order of saves', async () => {
      await store.save(snapshot(5));
      await store.save(snapshot(3));
      expectSnapshot(await store.latest(), snapshot(5));
      await store.save(snapshot(8));
      expectSnapshot(await store.latest(), snapshot(8));
    });

    it('a save at a stored height replaces it', async () => {
      await store.save(snapshot(4));
      const replacement = { height: 4, root: patternBytes(32, 99), bytes: patternBytes(40, 99) };
      await store.save(replacement);
      expectSnapshot(await store.latest(), replacement);
    });

    it('never drops the highest snapshot, however many are saved', async () => {
      for (let h = 0; h < 20; h++) {
        await store.save(snapshot(h));
        expectSnapshot(await store.latest(), snapshot(h));
      }
    });

    it('keeps its own copy: changing the arrays after save changes nothing stored', async () => {
      const s = snapshot(2);
      const original = { ...s, root: s.root.slice(), bytes: s.bytes.slice() };
      await store.save(s);
      s.root.fill(0);
      s.bytes.fill(0);
      expectSnapshot(await store.latest(), original);
    });

    it('is seen by another instance on the same storage', async () => {
      await store.save(snapshot(6));
      const other = await fixture.open();
      expectSnapshot(await other.latest(), snapshot(6));
      await other.save(snapshot(7));
      expectSnapshot(await store.latest(), snapshot(7));
    });

    it('rejects a malformed snapshot with STORE_INVALID_ARGUMENT, storing nothing', async () => {
      const good = snapshot(1);
      for (const height of [-1, 2.5, Number.NaN]) {
        await rejection(store.save({ ...good, height }), 'STORE_INVALID_ARGUMENT');
      }
      const notBytes = 'root' as unknown as Uint8Array;
      await rejection(store.save({ ...good, root: notBytes }), 'STORE_INVALID_ARGUMENT');
      await rejection(store.save({ ...good, bytes: notBytes }), 'STORE_INVALID_ARGUMENT');
      expect(await store.latest()).toBeUndefined();
    });

    if (durable) {
      it('a snapshot whose save resolved survives a restart', async () => {
        await store.save(snapshot(3));
        await store.save(snapshot(9, 4096));
        await fixture.restart?.();
        const again = await fixture.open();
        expectSnapshot(await again.latest(), snapshot(9, 4096));
      });
    }
  });
}
