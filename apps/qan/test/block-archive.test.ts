/**
 * The QAN's local archive of the shared log: every folded block copied in order, reads served
 * from it where it holds the block and from the shared log beyond, and an archive that cannot
 * keep up stopping (once, logged) instead of failing the QAN.
 */
import type { BlockLog, StoredBlock } from '@qcos/interface';
import { StoreError } from '@qcos/interface';
import { openDatabase, sqliteBlockLog } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { BlockArchive } from '../src/registry/block-archive.js';
import { recordingLogger } from './recording-logger.js';

function block(height: number): StoredBlock {
  const hash = new Uint8Array(32).fill(height);
  return { height, hash, bytes: Uint8Array.of(height, height) };
}
const prev = (height: number) => block(height - 1).hash;

async function appendAll(log: BlockLog, from: number, to: number): Promise<void> {
  for (let h = from; h <= to; h++)
    await log.append(block(h), h === 1 ? null : { height: h - 1, hash: prev(h) });
}
const heights = async (it: AsyncIterable<StoredBlock>) => {
  const out: number[] = [];
  for await (const b of it) out.push(b.height);
  return out;
};
const logs = () => ({
  shared: sqliteBlockLog(openDatabase(':memory:')),
  archive: sqliteBlockLog(openDatabase(':memory:')),
});

describe('BlockArchive', () => {
  it('fills in what the archive lacks, then adds each folded block in order', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 6);
    await appendAll(archive, 1, 2);
    const { logger, lines } = recordingLogger();
    const a = new BlockArchive(archive, shared, logger);
    await a.fill(5);
    expect(await a.height()).toBe(5);
    await a.add(block(6));
    expect(await heights(archive.range(1))).toStrictEqual([1, 2, 3, 4, 5, 6]);
    expect(lines).toStrictEqual([]);
  });

  it('reads archived heights from the archive and the rest from the shared log', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 8);
    await appendAll(archive, 1, 5);
    const reads = new BlockArchive(archive, shared, recordingLogger().logger).reads();
    expect(await heights(reads.range(3, 7))).toStrictEqual([3, 4, 5, 6]);
    expect(await heights(reads.range(6))).toStrictEqual([6, 7, 8]);
    expect(await heights(reads.range(2, 4))).toStrictEqual([2, 3]);
    const feed = reads.follow(4);
    const got: number[] = [];
    for await (const b of feed) {
      got.push(b.height);
      if (b.height === 8) await shared.append(block(9), { height: 8, hash: prev(9) });
      if (b.height === 9) break;
    }
    expect(got).toStrictEqual([4, 5, 6, 7, 8, 9]);
    feed.close();
    expect((await reads.head())?.height).toBe(9);
  });

  it('a feed closed while it waits at the shared log’s head ends', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 2);
    await appendAll(archive, 1, 2);
    const feed = new BlockArchive(archive, shared, recordingLogger().logger).reads().follow(3);
    const waiting = feed.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    feed.close();
    expect(await waiting).toStrictEqual({ done: true, value: undefined });
  });

  it('stops, logged once, when the shared log was pruned past it, and adds nothing after', async () => {
    const { archive } = logs();
    const pruned: BlockLog = {
      ...sqliteBlockLog(openDatabase(':memory:')),
      range: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(new StoreError('STORE_PRUNED', 'pruned', { base: 40 })),
        }),
      }),
    };
    const { logger, lines } = recordingLogger();
    const a = new BlockArchive(archive, pruned, logger);
    await a.fill(50);
    await a.add(block(51));
    await a.fill(52);
    expect(await a.height()).toBe(0);
    expect(lines.map((l) => [l['msg'], l['height']])).toStrictEqual([
      ['block archive stops here: its reads go to the shared log from this height on', 1],
    ]);
  });

  it('stops when a block does not extend it (a gap), keeping what it had', async () => {
    const { shared, archive } = logs();
    await appendAll(archive, 1, 3);
    const { logger, lines } = recordingLogger();
    const a = new BlockArchive(archive, shared, logger);
    await a.add(block(5));
    await a.add(block(4));
    expect(await a.height()).toBe(3);
    expect(lines.map((l) => l['height'])).toStrictEqual([5]);
  });

  /** The shared log after retention: blocks below `base` are gone (STORE_PRUNED). */
  function prunedBelow(inner: BlockLog, base: number): BlockLog {
    const guard = (from: number) => {
      if (from < base) throw new StoreError('STORE_PRUNED', 'pruned', { from, base });
    };
    return {
      ...inner,
      firstHeight: inner.firstHeight,
      range: (from, to) => {
        guard(from);
        return inner.range(from, to);
      },
      follow: (from) => {
        guard(from);
        return inner.follow(from);
      },
    };
  }

  it('serves what the shared log pruned from the archive: ranges and feeds across the boundary', async () => {
    const { shared: inner, archive } = logs();
    await appendAll(inner, 1, 8);
    await appendAll(archive, 1, 5);
    const shared = prunedBelow(inner, 5);
    const reads = new BlockArchive(archive, shared, recordingLogger().logger).reads();
    expect(await heights(reads.range(1))).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await heights(reads.range(1, 5))).toStrictEqual([1, 2, 3, 4]);
    expect(await heights(reads.range(1, 6))).toStrictEqual([1, 2, 3, 4, 5]);
    expect(await heights(reads.range(5, 5))).toStrictEqual([]);
    // Ends within the archive: the pruned shared log is not asked at all.
    expect(await heights(reads.range(1, 4))).toStrictEqual([1, 2, 3]);
    expect(await heights(reads.range(2, 3))).toStrictEqual([2]);
    expect(await heights(reads.range(4, 8))).toStrictEqual([4, 5, 6, 7]);
    const feed = reads.follow(1);
    const got: number[] = [];
    for await (const b of feed) {
      got.push(b.height);
      if (b.height === 8) break;
    }
    feed.close();
    expect(got).toStrictEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Writes, the head and the count are the shared log's.
    await reads.append(block(9), { height: 8, hash: prev(9) });
    expect((await inner.head())?.height).toBe(9);
    expect(await archive.count()).toBe(5);
    expect(await reads.count()).toBe(9);
    await reads.close();
    await expect(inner.head()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('an empty archive reads everything from the shared log', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 3);
    const reads = new BlockArchive(archive, shared, recordingLogger().logger).reads();
    expect(await heights(reads.range(1))).toStrictEqual([1, 2, 3]);
  });

  it('fills an empty archive from height 1, each block chained on the one before', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 4);
    const a = new BlockArchive(archive, shared, recordingLogger().logger);
    await a.fill(3);
    expect(await heights(archive.range(1))).toStrictEqual([1, 2, 3]);
    await a.fill(4);
    expect(await a.height()).toBe(4);
  });

  it('closing a feed while it reads the archive ends it there', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 6);
    await appendAll(archive, 1, 6);
    const feed = new BlockArchive(archive, shared, recordingLogger().logger).reads().follow(1);
    const first = await feed.next();
    expect(first.value?.height).toBe(1);
    feed.close();
    const rest: number[] = [];
    for await (const b of feed) rest.push(b.height);
    expect(rest).toStrictEqual([]);
  });

  it('each height comes from one source: the archive up to its top, the shared log above it', async () => {
    // The same heights and hashes in both, told apart by their bytes: [height, source].
    const tagged = (height: number, source: number): StoredBlock => ({
      ...block(height),
      bytes: Uint8Array.of(height, source),
    });
    const ARCHIVE = 1;
    const SHARED = 2;
    const { shared, archive } = logs();
    for (let h = 1; h <= 8; h++) {
      const expected = h === 1 ? null : { height: h - 1, hash: prev(h) };
      await shared.append(tagged(h, SHARED), expected);
      if (h <= 5) await archive.append(tagged(h, ARCHIVE), expected);
    }
    const sources = async (it: AsyncIterable<StoredBlock>, stopAt?: number) => {
      const out: number[][] = [];
      for await (const b of it) {
        out.push([b.height, b.bytes[1] as number]);
        if (b.height === stopAt) break;
      }
      return out;
    };
    const reads = new BlockArchive(archive, shared, recordingLogger().logger).reads();
    expect(await sources(reads.range(5))).toStrictEqual([
      [5, ARCHIVE],
      [6, SHARED],
      [7, SHARED],
      [8, SHARED],
    ]);
    expect(await sources(reads.range(7))).toStrictEqual([
      [7, SHARED],
      [8, SHARED],
    ]);
    const atTop = reads.follow(5);
    expect(await sources(atTop, 6)).toStrictEqual([
      [5, ARCHIVE],
      [6, SHARED],
    ]);
    atTop.close();
    const above = reads.follow(7);
    expect(await sources(above, 8)).toStrictEqual([
      [7, SHARED],
      [8, SHARED],
    ]);
    above.close();
  });

  it('a feed closed just after the archive’s last block does not go on to the shared log', async () => {
    const { shared, archive } = logs();
    await appendAll(shared, 1, 6);
    await appendAll(archive, 1, 3);
    const feed = new BlockArchive(archive, shared, recordingLogger().logger).reads().follow(1);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) got.push(((await feed.next()).value as StoredBlock).height);
    feed.close();
    expect(got).toStrictEqual([1, 2, 3]);
    expect(await feed.next()).toStrictEqual({ done: true, value: undefined });
  });
});
