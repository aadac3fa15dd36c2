/**
 * Retention of the block log in etcd against real members: pruning behind a height, readers told
 * STORE_PRUNED, compaction and defragmentation giving the disk back, and a member with a small
 * space quota that keeps committing only because the log is pruned and compacted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlockHead, type StoredBlock, StoreError } from '@qcos/interface';
import { Etcd3 } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import { compactAndDefragment, etcdBlockLog, startEtcdCluster } from '../src/index.js';
import { sharedCluster } from './etcd-fixture.js';

/** Block `height` of `size` bytes; its hash is the height's digits padded to 32 bytes. */
function block(height: number, size = 64): StoredBlock {
  const hash = new Uint8Array(32);
  hash.set(new TextEncoder().encode(String(height)));
  return { height, hash, bytes: new Uint8Array(size).fill(height & 0xff) };
}
const headOf = (b: StoredBlock): BlockHead => ({ height: b.height, hash: b.hash });

/** Appends blocks from..to (inclusive) one after another; resolves with the last head. */
async function appendRange(
  log: ReturnType<typeof etcdBlockLog>,
  from: number,
  to: number,
  size = 64,
): Promise<void> {
  for (let h = from; h <= to; h++)
    await log.append(block(h, size), h === 1 ? null : headOf(block(h - 1, size)));
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; details: object } | null> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StoreError) return { code: e.code, details: e.details };
    throw e;
  }
  return null;
}
const drain = async (it: AsyncIterable<StoredBlock>) => {
  const heights: number[] = [];
  for await (const b of it) heights.push(b.height);
  return heights;
};

let prefixes = 0;
async function freshLog() {
  const { cluster } = await sharedCluster();
  const prefix = `/retention/${process.pid}/${++prefixes}/`;
  const client = new Etcd3({ hosts: [...cluster.endpoints] });
  const other = new Etcd3({ hosts: cluster.endpoints[1] as string });
  return {
    cluster,
    client,
    log: etcdBlockLog(client, { prefix, pageSize: 4 }),
    otherLog: etcdBlockLog(other, { prefix, pageSize: 4 }),
    close: () => {
      client.close();
      other.close();
    },
  };
}

describe('pruning the etcd block log', () => {
  it('deletes the blocks below the base, keeps the base block, and says STORE_PRUNED for what is gone', async () => {
    const t = await freshLog();
    try {
      await appendRange(t.log, 1, 10);
      expect(await t.log.base()).toBe(1);
      expect(await t.log.prune(6)).toBe(6);
      expect(await t.log.base()).toBe(6);
      expect(await t.log.count()).toBe(5);
      expect(await drain(t.log.range(6))).toStrictEqual([6, 7, 8, 9, 10]);
      const pruned = { code: 'STORE_PRUNED', details: { from: 1, base: 6 } };
      expect(await rejection(drain(t.log.range(1)))).toStrictEqual(pruned);
      expect(await rejection(drain(t.log.range(0)))).toStrictEqual({
        code: 'STORE_PRUNED',
        details: { from: 0, base: 6 },
      });
      expect(await rejection(drain(t.log.range(3, 5)))).toStrictEqual({
        code: 'STORE_PRUNED',
        details: { from: 3, base: 6 },
      });
      const feed = t.log.follow(2);
      expect(await rejection(feed.next())).toStrictEqual({
        code: 'STORE_PRUNED',
        details: { from: 2, base: 6 },
      });
      feed.close();
      // Another client, which never read the base, learns it from the gap it finds.
      expect(await rejection(drain(t.otherLog.range(5)))).toStrictEqual({
        code: 'STORE_PRUNED',
        details: { from: 5, base: 6 },
      });
      // The log goes on from its head.
      await appendRange(t.log, 11, 12);
      expect((await t.log.head())?.height).toBe(12);
    } finally {
      t.close();
    }
  });

  it('never lowers the base, and refuses to prune past the stored blocks', async () => {
    const t = await freshLog();
    try {
      await appendRange(t.log, 1, 5);
      expect(await t.log.prune(4)).toBe(4);
      expect(await t.otherLog.prune(2)).toBe(4);
      expect(await t.log.prune(4)).toBe(4);
      expect(await rejection(t.log.prune(6))).toStrictEqual({
        code: 'STORE_INVALID_ARGUMENT',
        details: { field: 'below', below: 6 },
      });
      expect(await t.log.base()).toBe(4);
      expect(await rejection(t.log.prune(-1))).toMatchObject({
        code: 'STORE_INVALID_ARGUMENT',
      });
    } finally {
      t.close();
    }
  });
});

describe('compactAndDefragment', () => {
  it('shrinks each member’s file after a prune, and compacting again at the same revision is fine', async () => {
    const t = await freshLog();
    const connect = (endpoint: string) => new Etcd3({ hosts: endpoint });
    try {
      await appendRange(t.log, 1, 24, 128 * 1024);
      await t.log.prune(24);
      const first = await compactAndDefragment(t.client, t.cluster.endpoints, connect);
      expect(first.members.map((m) => m.endpoint)).toStrictEqual([...t.cluster.endpoints]);
      for (const m of first.members) expect(m.dbSizeAfter).toBeLessThan(m.dbSizeBefore);
      const again = await compactAndDefragment(t.client, t.cluster.endpoints, connect);
      expect(again.revision).toBe(first.revision);
    } finally {
      t.close();
    }
  }, 60_000);

  it('fails STORE_UNAVAILABLE, naming the step, when no member answers', async () => {
    const dead = new Etcd3({ hosts: 'http://127.0.0.1:9', dialTimeout: 500 });
    try {
      await expect(
        compactAndDefragment(dead, ['http://127.0.0.1:9'], (e) => new Etcd3({ hosts: e })),
      ).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringMatching(/^etcd status failed: /),
      });
    } finally {
      dead.close();
    }
  }, 30_000);
});

describe('a member with a small space quota', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  // 16 MiB of quota; blocks of 256 KiB: without retention the quota is reached within 64 blocks.
  const QUOTA = 16 * 1024 * 1024;
  const SIZE = 256 * 1024;
  const start = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etcd-quota-'));
    dirs.push(dir);
    const cluster = await startEtcdCluster({ dir, size: 1, quotaBackendBytes: QUOTA });
    const client = new Etcd3({ hosts: [...cluster.endpoints] });
    return { cluster, client, log: etcdBlockLog(client, { prefix: '/quota/' }) };
  };

  it('goes read-only without retention (the quota is real)', async () => {
    const { cluster, client, log } = await start();
    try {
      let failure: { code: string; details: object } | null = null;
      let h = 1;
      for (; h <= 200 && failure === null; h++)
        failure = await rejection(
          log.append(block(h, SIZE), h === 1 ? null : headOf(block(h - 1, SIZE))),
        );
      expect(failure).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        details: { cause: expect.stringMatching(/space exceeded/) },
      });
      expect(h).toBeLessThan(100);
    } finally {
      client.close();
      await cluster.stop();
    }
  }, 120_000);

  it('keeps committing 200 blocks (50 MiB) when the log is pruned, compacted and defragmented', async () => {
    const { cluster, client, log } = await start();
    const connect = (endpoint: string) => new Etcd3({ hosts: endpoint });
    let largestFile = 0;
    try {
      for (let h = 1; h <= 200; h++) {
        await log.append(block(h, SIZE), h === 1 ? null : headOf(block(h - 1, SIZE)));
        if (h % 10 === 0) {
          await log.prune(h - 4);
          const space = await compactAndDefragment(client, cluster.endpoints, connect);
          const member = space.members[0];
          largestFile = Math.max(largestFile, member?.dbSizeBefore ?? 0);
          expect(member?.dbSizeAfter).toBeLessThanOrEqual(member?.dbSizeBefore ?? 0);
        }
      }
      expect((await log.head())?.height).toBe(200);
      expect(await log.base()).toBe(196);
      expect(largestFile).toBeLessThan(QUOTA);
    } finally {
      client.close();
      await cluster.stop();
    }
  }, 180_000);
});
