import type { BlockHead, BlockLog, StoredBlock } from '@qcos/interface';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canRestart, checkRestart, type StoreFactory, type StoreFixture } from './fixture.js';
import { awkwardBytes, expectBytes, headConflict, hex, patternBytes, rejection } from './util.js';

/** A block whose hash and bytes are unique to (height, variant). */
export function testBlock(height: number, variant = 0): StoredBlock {
  const hash = new Uint8Array(32).fill(0xa5);
  hash[0] = height & 0xff;
  hash[1] = (height >>> 8) & 0xff;
  hash[2] = (height >>> 16) & 0xff;
  hash[3] = variant & 0xff;
  const bytes = new TextEncoder().encode(`block ${height} variant ${variant}`);
  return { height, hash, bytes };
}

const headOf = (b: BlockHead): BlockHead => ({ height: b.height, hash: b.hash });

async function collect(source: AsyncIterable<StoredBlock>): Promise<StoredBlock[]> {
  const out: StoredBlock[] = [];
  for await (const b of source) out.push(b);
  return out;
}

const heightsOf = (blocks: readonly StoredBlock[]) => blocks.map((b) => b.height);
const run = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** Appends `n` blocks after the current head; returns them. */
async function appendBlocks(log: BlockLog, n: number, variant = 0): Promise<StoredBlock[]> {
  const head = (await log.head()) ?? null;
  let expected: BlockHead | null = head === null ? null : headOf(head);
  let height = head === null ? log.firstHeight : head.height + 1;
  const out: StoredBlock[] = [];
  for (let i = 0; i < n; i++, height++) {
    const b = testBlock(height, variant);
    await log.append(b, expected);
    expected = headOf(b);
    out.push(b);
  }
  return out;
}

/**
 * Pins the `BlockLog` contract of @qcos/interface. `factory` makes a fixture on fresh storage for
 * each test; `fixture.open()` is called several times to get several writers on the same log. The
 * durability tests are registered only when the fixtures have `restart`.
 */
export function blockLogCompliance(name: string, factory: StoreFactory<BlockLog>): void {
  describe(`${name}: BlockLog compliance`, async () => {
    const durable = await canRestart(factory);
    let fixture: StoreFixture<BlockLog>;
    let log: BlockLog;
    let first: number;
    beforeEach(async () => {
      fixture = await factory();
      checkRestart(fixture, durable);
      log = await fixture.open();
      first = log.firstHeight;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    describe('empty log', () => {
      it('has no head, no blocks and a non-negative integer first height', async () => {
        expect(Number.isSafeInteger(first) && first >= 0).toBe(true);
        expect(await log.head()).toBeUndefined();
        expect(await log.count()).toBe(0);
        expect(await collect(log.range(0))).toEqual([]);
        expect(await collect(log.range(0, 100))).toEqual([]);
      });

      it('accepts the first block only at the first height and only on a null expected head', async () => {
        const e1 = await headConflict(log.append(testBlock(first + 1), null));
        expect(e1.actual).toBeNull();
        const e2 = await headConflict(log.append(testBlock(first), headOf(testBlock(first - 1))));
        expect(e2.actual).toBeNull();
        expect(await log.count()).toBe(0);
        await log.append(testBlock(first), null);
        const head = await log.head();
        expect(head?.height).toBe(first);
        expectBytes(head?.hash, testBlock(first).hash);
        expect(await log.count()).toBe(1);
      });
    });

    describe('append', () => {
      it('stores contiguous heights; the head is the last block appended', async () => {
        const blocks = await appendBlocks(log, 5);
        expect(await log.count()).toBe(5);
        const head = await log.head();
        expect(head?.height).toBe(first + 4);
        expectBytes(head?.hash, (blocks[4] as StoredBlock).hash);
        expectBytes(head?.bytes, (blocks[4] as StoredBlock).bytes);
        expect(heightsOf(await collect(log.range(first)))).toEqual(run(first, 5));
      });

      it('rejects a wrong expected hash with the actual head, storing nothing', async () => {
        const [b0, b1] = await appendBlocks(log, 2);
        const wrong = { height: (b1 as StoredBlock).height, hash: testBlock(first + 1, 9).hash };
        const e = await headConflict(log.append(testBlock(first + 2), wrong));
        expect(e.actual?.height).toBe(first + 1);
        expectBytes(e.actual?.hash, (b1 as StoredBlock).hash);
        expect(e.expected?.height).toBe(first + 1);
        expect(e.height).toBe(first + 2);
        expect(await log.count()).toBe(2);
        expect(b0).toBeDefined();
      });

      it('rejects a stale expected head (a lower height) with the actual head', async () => {
        const [b0] = await appendBlocks(log, 3);
        const e = await headConflict(
          log.append(testBlock(first + 1, 1), headOf(b0 as StoredBlock)),
        );
        expect(e.actual?.height).toBe(first + 2);
        expectBytes(e.actual?.hash, testBlock(first + 2).hash);
        expect(await log.count()).toBe(3);
        expectBytes((await log.head())?.hash, testBlock(first + 2).hash);
      });

      it('rejects a null expected head on a non-empty log with the actual head', async () => {
        await appendBlocks(log, 1);
        const e = await headConflict(log.append(testBlock(first, 1), null));
        expect(e.actual?.height).toBe(first);
        expectBytes(e.actual?.hash, testBlock(first).hash);
        expect(await log.count()).toBe(1);
      });

      it('rejects a block whose height does not follow the expected head (no gap, no rewrite)', async () => {
        const [, b1] = await appendBlocks(log, 2);
        const skip = await headConflict(
          log.append(testBlock(first + 3), headOf(b1 as StoredBlock)),
        );
        expect(skip.actual?.height).toBe(first + 1);
        const same = await headConflict(
          log.append(testBlock(first + 1, 1), headOf(b1 as StoredBlock)),
        );
        expect(same.actual?.height).toBe(first + 1);
        expect(await log.count()).toBe(2);
      });

      it('stores one block per height, ever: a retried append is a conflict whose actual head is that block', async () => {
        const b0 = testBlock(first);
        await log.append(b0, null);
        const e = await headConflict(log.append(b0, null));
        expect(e.actual?.height).toBe(first);
        expectBytes(e.actual?.hash, b0.hash);
        expect(await log.count()).toBe(1);
      });

      it('lets exactly one of two concurrent appends on the same head win (two writers)', async () => {
        const other = await fixture.open();
        const [b0] = await appendBlocks(log, 1);
        const expected = headOf(b0 as StoredBlock);
        const mine = testBlock(first + 1, 1);
        const theirs = testBlock(first + 1, 2);
        const results = await Promise.allSettled([
          log.append(mine, expected),
          other.append(theirs, expected),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const winner = results[0]?.status === 'fulfilled' ? mine : theirs;
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        const e = await headConflict(Promise.reject(lost.reason));
        expect(e.actual?.height).toBe(first + 1);
        expectBytes(e.actual?.hash, winner.hash);
        for (const reader of [log, other]) {
          expect(await reader.count()).toBe(2);
          const stored = await collect(reader.range(first + 1, first + 2));
          expect(stored).toHaveLength(1);
          expectBytes(stored[0]?.hash, winner.hash);
          expectBytes(stored[0]?.bytes, winner.bytes);
        }
      });

      it('lets exactly one of two concurrent appends on the same head win (one instance)', async () => {
        const results = await Promise.allSettled([
          log.append(testBlock(first, 1), null),
          log.append(testBlock(first, 2), null),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await log.count()).toBe(1);
      });

      it('keeps one contiguous chain when several writers race, each retrying on the actual head', async () => {
        const writers = [log, await fixture.open(), await fixture.open()];
        const perWriter = 8;
        const wins = new Map<number, number>();
        await Promise.all(
          writers.map(async (w, id) => {
            let expected: BlockHead | null = null;
            for (let done = 0; done < perWriter; ) {
              const height = expected === null ? first : expected.height + 1;
              const b = testBlock(height, id + 1);
              try {
                await w.append(b, expected);
                expect(wins.has(height)).toBe(false);
                wins.set(height, id + 1);
                expected = headOf(b);
                done++;
              } catch (error) {
                const e = await headConflict(Promise.reject(error));
                expected = e.actual;
              }
            }
          }),
        );
        const total = writers.length * perWriter;
        const stored = await collect(log.range(first));
        expect(heightsOf(stored)).toEqual(run(first, total));
        for (const b of stored) expectBytes(b.hash, testBlock(b.height, wins.get(b.height)).hash);
      });

      it('rejects a malformed block with STORE_INVALID_ARGUMENT', async () => {
        const good = testBlock(first);
        for (const height of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
          await rejection(log.append({ ...good, height }, null), 'STORE_INVALID_ARGUMENT');
        }
        const notBytes = [1, 2, 3] as unknown as Uint8Array;
        await rejection(log.append({ ...good, hash: notBytes }, null), 'STORE_INVALID_ARGUMENT');
        await rejection(log.append({ ...good, bytes: notBytes }, null), 'STORE_INVALID_ARGUMENT');
        expect(await log.count()).toBe(0);
      });
    });

    describe('bytes', () => {
      it('round-trips hash and bytes exactly: empty, every byte value, one MiB', async () => {
        const payloads = [new Uint8Array(0), awkwardBytes(), patternBytes(1 << 20, 7)];
        let expected: BlockHead | null = null;
        const blocks: StoredBlock[] = [];
        for (const [i, bytes] of payloads.entries()) {
          const b = { height: first + i, hash: patternBytes(32, i + 1), bytes };
          await log.append(b, expected);
          expected = headOf(b);
          blocks.push(b);
        }
        const stored = await collect(log.range(first));
        expect(stored).toHaveLength(3);
        for (const [i, b] of stored.entries()) {
          expect(b.height).toBe(first + i);
          expectBytes(b.hash, (blocks[i] as StoredBlock).hash);
          expectBytes(b.bytes, (blocks[i] as StoredBlock).bytes);
        }
        const other = await fixture.open();
        expectBytes((await other.head())?.bytes, (blocks[2] as StoredBlock).bytes);
      });

      it('keeps its own copy: changing the arrays after append changes nothing stored', async () => {
        const b = testBlock(first);
        const original = { hash: b.hash.slice(), bytes: b.bytes.slice() };
        await log.append(b, null);
        b.hash.fill(0);
        b.bytes.fill(0);
        const head = await log.head();
        expectBytes(head?.hash, original.hash);
        expectBytes(head?.bytes, original.bytes);
      });
    });

    describe('range', () => {
      it('is half-open [from, to), ascending, clipped to what is stored', async () => {
        await appendBlocks(log, 6);
        expect(heightsOf(await collect(log.range(first + 1, first + 4)))).toEqual(
          run(first + 1, 3),
        );
        expect(heightsOf(await collect(log.range(first + 2)))).toEqual(run(first + 2, 4));
        expect(heightsOf(await collect(log.range(0, first + 2)))).toEqual(run(first, 2));
        expect(heightsOf(await collect(log.range(first + 4, first + 100)))).toEqual(
          run(first + 4, 2),
        );
        expect(await collect(log.range(first + 3, first + 3))).toEqual([]);
        expect(await collect(log.range(first + 4, first + 2))).toEqual([]);
        expect(await collect(log.range(first + 6))).toEqual([]);
        expect(await collect(log.range(first + 50, first + 60))).toEqual([]);
      });

      it('returns the stored bytes of each block', async () => {
        const blocks = await appendBlocks(log, 3);
        const stored = await collect(log.range(first, first + 3));
        for (const [i, b] of stored.entries()) {
          expectBytes(b.hash, (blocks[i] as StoredBlock).hash);
          expectBytes(b.bytes, (blocks[i] as StoredBlock).bytes);
        }
      });

      it('reads a long range completely and in order (past any page size)', async () => {
        await appendBlocks(log, 300);
        const stored = await collect(log.range(first));
        expect(heightsOf(stored)).toEqual(run(first, 300));
        expect(hex(stored[299]?.hash ?? new Uint8Array())).toBe(hex(testBlock(first + 299).hash));
      });

      it('without `to`, ends at the head of when the first block was read', async () => {
        await appendBlocks(log, 3);
        const it = log.range(first)[Symbol.asyncIterator]();
        const firstRead = await it.next();
        expect(firstRead.done).toBe(false);
        await appendBlocks(log, 2, 1);
        const rest: number[] = [];
        for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value.height);
        expect(rest).toEqual(run(first + 1, 2));
      });

      it('rejects bounds that are not non-negative integers with STORE_INVALID_ARGUMENT', async () => {
        await appendBlocks(log, 1);
        for (const [from, to] of [
          [-1, undefined],
          [1.5, undefined],
          [Number.NaN, 3],
          [0, -2],
          [0, 2.5],
        ] as const) {
          await rejection(collect(log.range(from, to)), 'STORE_INVALID_ARGUMENT');
        }
      });
    });

    describe('follow', () => {
      it('delivers the stored blocks, then each new one, in order', async () => {
        await appendBlocks(log, 3);
        const feed = log.follow(first);
        const got: number[] = [];
        for (let i = 0; i < 3; i++) got.push(((await feed.next()).value as StoredBlock).height);
        const pending = feed.next();
        await appendBlocks(log, 2, 1);
        got.push(((await pending).value as StoredBlock).height);
        got.push(((await feed.next()).value as StoredBlock).height);
        expect(got).toEqual(run(first, 5));
        feed.close();
      });

      it('delivers blocks appended by another writer of the same log', async () => {
        const other = await fixture.open();
        const feed = log.follow(first);
        const pending = feed.next();
        const [b0] = await appendBlocks(other, 2);
        const r0 = await pending;
        expect(r0.done).toBe(false);
        expect((r0.value as StoredBlock).height).toBe(first);
        expectBytes((r0.value as StoredBlock).hash, (b0 as StoredBlock).hash);
        expect(((await feed.next()).value as StoredBlock).height).toBe(first + 1);
        feed.close();
      });

      it('started mid-log, begins at its height', async () => {
        await appendBlocks(log, 5);
        const feed = log.follow(first + 3);
        expect(((await feed.next()).value as StoredBlock).height).toBe(first + 3);
        expect(((await feed.next()).value as StoredBlock).height).toBe(first + 4);
        const pending = feed.next();
        await appendBlocks(log, 1, 1);
        const r = await pending;
        expect((r.value as StoredBlock).height).toBe(first + 5);
        expectBytes((r.value as StoredBlock).bytes, testBlock(first + 5, 1).bytes);
        feed.close();
      });

      it('started beyond the head, skips nothing and delivers nothing below its height', async () => {
        await appendBlocks(log, 1);
        const feed = log.follow(first + 2);
        const pending = feed.next();
        await appendBlocks(log, 3, 1);
        expect(((await pending).value as StoredBlock).height).toBe(first + 2);
        expect(((await feed.next()).value as StoredBlock).height).toBe(first + 3);
        feed.close();
      });

      it('has no gap and no duplicate while a writer appends as it reads', async () => {
        const other = await fixture.open();
        const total = 60;
        const feed = log.follow(first);
        const writing = appendBlocks(other, total);
        const got: number[] = [];
        for await (const b of feed) {
          got.push(b.height);
          if (got.length === total) break;
        }
        await writing;
        expect(got).toEqual(run(first, total));
      });

      it('delivers a long backlog completely to a late reader (past any page size)', async () => {
        await appendBlocks(log, 300);
        const got: number[] = [];
        for await (const b of log.follow(first)) {
          got.push(b.height);
          if (got.length === 300) break;
        }
        expect(got).toEqual(run(first, 300));
      });

      it('concurrent next() calls resolve with consecutive blocks', async () => {
        const feed = log.follow(first);
        const pending = [feed.next(), feed.next(), feed.next()];
        await appendBlocks(log, 3);
        const got = (await Promise.all(pending)).map((r) => (r.value as StoredBlock).height);
        expect(got).toEqual(run(first, 3));
        feed.close();
      });

      it('feeds are independent of each other', async () => {
        await appendBlocks(log, 2);
        const a = log.follow(first);
        const b = log.follow(first + 1);
        expect(((await a.next()).value as StoredBlock).height).toBe(first);
        expect(((await b.next()).value as StoredBlock).height).toBe(first + 1);
        expect(((await a.next()).value as StoredBlock).height).toBe(first + 1);
        a.close();
        const pending = b.next();
        await appendBlocks(log, 1, 1);
        expect(((await pending).value as StoredBlock).height).toBe(first + 2);
        b.close();
      });

      it('close() ends the feed: a waiting next() and every later one resolve done', async () => {
        const feed = log.follow(first);
        const pending = feed.next();
        feed.close();
        expect(await pending).toEqual({ done: true, value: undefined });
        await appendBlocks(log, 1);
        expect((await feed.next()).done).toBe(true);
        feed.close();
      });

      it('return() (break in for await) ends the feed', async () => {
        await appendBlocks(log, 3);
        const feed = log.follow(first);
        for await (const b of feed) if (b.height === first) break;
        expect((await feed.next()).done).toBe(true);
        const other = log.follow(first);
        const pending = other.next();
        const returned = await other.return?.();
        expect(returned?.done).toBe(true);
        const r = await pending;
        // The waiting call may have been served first; either way nothing follows.
        if (!r.done) expect(r.value.height).toBe(first);
        expect((await other.next()).done).toBe(true);
      });

      it('closing the log ends its feeds', async () => {
        const feed = log.follow(first);
        const pending = feed.next();
        await log.close();
        expect((await pending).done).toBe(true);
        expect((await feed.next()).done).toBe(true);
      });

      it('rejects a fromHeight that is not a non-negative integer with STORE_INVALID_ARGUMENT', async () => {
        for (const from of [-1, 0.5, Number.NaN]) {
          await rejection(log.follow(from).next(), 'STORE_INVALID_ARGUMENT');
        }
      });
    });

    describe('close', () => {
      it('makes every later call reject with STORE_CLOSED, and is idempotent', async () => {
        await appendBlocks(log, 1);
        await log.close();
        await log.close();
        await rejection(log.head(), 'STORE_CLOSED');
        await rejection(log.count(), 'STORE_CLOSED');
        await rejection(log.append(testBlock(first + 1), headOf(testBlock(first))), 'STORE_CLOSED');
        await rejection(collect(log.range(first)), 'STORE_CLOSED');
        await rejection(log.follow(first).next(), 'STORE_CLOSED');
      });

      it('keeps what is stored: another instance still reads it', async () => {
        await appendBlocks(log, 2);
        await log.close();
        const other = await fixture.open();
        expect(await other.count()).toBe(2);
      });
    });

    if (durable) {
      describe('durability', () => {
        it('a block whose append resolved survives a restart, and the chain continues', async () => {
          const blocks = await appendBlocks(log, 4);
          await fixture.restart?.();
          const again = await fixture.open();
          expect(await again.count()).toBe(4);
          const head = await again.head();
          expect(head?.height).toBe(first + 3);
          const stored = await collect(again.range(first));
          for (const [i, b] of stored.entries()) {
            expectBytes(b.hash, (blocks[i] as StoredBlock).hash);
            expectBytes(b.bytes, (blocks[i] as StoredBlock).bytes);
          }
          await headConflict(
            again.append(testBlock(first + 3, 1), headOf(blocks[2] as StoredBlock)),
          );
          await again.append(testBlock(first + 4), headOf(head as StoredBlock));
          expect(await again.count()).toBe(5);
        });
      });
    }
  });
}
