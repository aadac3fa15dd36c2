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
import { afterAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { blockKeys } from '../src/block-keys.js';
import { blockRetention } from '../src/block-retention.js';
import { request } from '../src/etcd-request.js';
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
    prefix,
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

describe('the steps of a prune, and two pruners at once', () => {
  /**
   * The retention of `t.log`'s keys, recording the etcd requests it makes; each of its prune
   * transactions is preceded by the other client's prune below the next height of `moves`, so
   * the base moves between its read and its write.
   */
  const racingRetention = (t: Awaited<ReturnType<typeof freshLog>>, moves: number[] = []) => {
    const requests: string[] = [];
    const racing = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      requests.push(what);
      const below = what === 'prune' ? moves.shift() : undefined;
      if (below !== undefined) await t.otherLog.prune(below);
      return request(what, run);
    };
    const deadline = () => ({ deadline: Date.now() + 5_000 });
    const retention = blockRetention(t.client, blockKeys(t.prefix), 1, racing, deadline);
    return { retention, requests };
  };

  it('reads the base, then prunes in one transaction; at or above the base it writes nothing', async () => {
    const t = await freshLog();
    try {
      await appendRange(t.log, 1, 10);
      const r = racingRetention(t);
      expect(await r.retention.prune(6)).toBe(6);
      expect(r.requests).toStrictEqual(['read', 'prune']);
      expect(await r.retention.prune(6)).toBe(6);
      expect(await r.retention.prune(2)).toBe(6);
      expect(r.requests).toStrictEqual(['read', 'prune', 'read', 'read']);
      await expect(r.retention.prune(11)).rejects.toMatchObject({
        code: 'STORE_INVALID_ARGUMENT',
        message: 'no block 11 is stored to keep',
        details: { field: 'below', below: 11 },
      });
      expect(r.requests.slice(4)).toStrictEqual(['read', 'prune', 'read']);
      await expect(r.retention.prune(1.5)).rejects.toMatchObject({
        code: 'STORE_INVALID_ARGUMENT',
        details: { below: '1.5' },
      });
    } finally {
      t.close();
    }
  });

  it('tries again when the other moved the base below its height, first from no base at all', async () => {
    const t = await freshLog();
    try {
      await appendRange(t.log, 1, 10);
      const r = racingRetention(t, [3]);
      expect(await r.retention.prune(6)).toBe(6);
      expect(r.requests).toStrictEqual(['read', 'prune', 'read', 'prune']);
      expect(await t.log.base()).toBe(6);
      // What it pruned itself it knows without reading again.
      await expect(r.retention.checkNotPruned(5, false)).rejects.toMatchObject({
        code: 'STORE_PRUNED',
        message: 'blocks below 6 were pruned; asked from 5',
        details: { from: 5, base: 6 },
      });
      await r.retention.checkNotPruned(6, false);
      // And once more from a base that exists (the compare on its value).
      const again = racingRetention(t, [7]);
      expect(await again.retention.prune(8)).toBe(8);
      expect(again.requests).toStrictEqual(['read', 'prune', 'read', 'prune']);
      expect(await t.log.count()).toBe(3);
    } finally {
      t.close();
    }
  });

  it('stops at the other’s base when that is at or above its height, even on the last attempt', async () => {
    const t = await freshLog();
    try {
      await appendRange(t.log, 1, 12);
      const r = racingRetention(t, [8]);
      expect(await r.retention.prune(6)).toBe(8);
      expect(r.requests).toStrictEqual(['read', 'prune', 'read']);
      await expect(r.retention.checkNotPruned(7, false)).rejects.toMatchObject({
        code: 'STORE_PRUNED',
        details: { from: 7, base: 8 },
      });
      const last = racingRetention(t, [9, 10, 11]);
      expect(await last.retention.prune(11)).toBe(11);
      expect(last.requests.filter((w) => w === 'prune')).toHaveLength(3);
    } finally {
      t.close();
    }
  });

  it('gives up with STORE_CONFLICT after three attempts when the base moves every time', async () => {
    const t = await freshLog();
    try {
      await appendRange(t.log, 1, 10);
      const r = racingRetention(t, [2, 3, 4, 5]);
      await expect(r.retention.prune(9)).rejects.toMatchObject({
        code: 'STORE_CONFLICT',
        message: 'the base kept moving while pruning below 9',
        details: { below: 9 },
      });
      expect(r.requests.filter((w) => w === 'prune')).toHaveLength(3);
      expect(await t.log.base()).toBe(4);
    } finally {
      t.close();
    }
  });
});

describe('compactAndDefragment', () => {
  // A cluster of its own: the revision is the whole cluster's, so no other test may write to it
  // between the two compactions.
  it('shrinks each member’s file after a prune, and compacting again at the same revision is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etcd-compact-'));
    const cluster = await startEtcdCluster({ dir, size: 2 });
    const client = new Etcd3({ hosts: [...cluster.endpoints] });
    const log = etcdBlockLog(client, { prefix: '/compact/' });
    const connect = (endpoint: string) => new Etcd3({ hosts: endpoint });
    try {
      await appendRange(log, 1, 24, 128 * 1024);
      await log.prune(24);
      const first = await compactAndDefragment(client, cluster.endpoints, connect);
      expect(first.members.map((m) => m.endpoint)).toStrictEqual([...cluster.endpoints]);
      for (const m of first.members) expect(m.dbSizeAfter).toBeLessThan(m.dbSizeBefore);
      const again = await compactAndDefragment(client, cluster.endpoints, connect);
      expect(again.revision).toBe(first.revision);
      for (const m of again.members) expect(m.dbSizeBefore).toBe(m.dbSizeAfter);
    } finally {
      client.close();
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
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

describe('compactAndDefragment when etcd refuses a step', () => {
  /**
   * `connect` for compactAndDefragment that records the clients it makes (with a spy on their
   * `close`) and, when `fault` is given, makes call number `nth` of that maintenance step on each
   * fail with "down"; every other call goes to the real cluster.
   */
  const connecting = (fault?: { step: 'status' | 'defragment'; nth: number }) => {
    const made: { client: Etcd3; close: MockInstance }[] = [];
    const connect = (endpoint: string) => {
      const client = new Etcd3({ hosts: endpoint });
      made.push({ client, close: vi.spyOn(client, 'close') });
      if (fault !== undefined) {
        const m = client.maintenance;
        const original = m[fault.step].bind(m) as () => Promise<never>;
        let calls = 0;
        vi.spyOn(m, fault.step).mockImplementation((() => {
          calls++;
          return calls === fault.nth ? Promise.reject(new Error('down')) : original();
        }) as never);
      }
      return client;
    };
    return { made, connect };
  };

  it('takes a compaction that another writer already made as done, and closes each member’s client', async () => {
    const { cluster } = await sharedCluster();
    const client = new Etcd3({ hosts: [...cluster.endpoints] });
    const { made, connect } = connecting();
    try {
      vi.spyOn(client.kv, 'compact').mockRejectedValueOnce(
        new Error('etcdserver: mvcc: required revision has been compacted'),
      );
      const done = await compactAndDefragment(client, cluster.endpoints.slice(0, 2), connect);
      expect(done.members).toHaveLength(2);
      expect(made.map((m) => m.close.mock.calls.length)).toStrictEqual([1, 1]);
    } finally {
      client.close();
    }
  }, 30_000);

  it('fails STORE_UNAVAILABLE naming compact for any other refusal, and defragments nothing', async () => {
    const { cluster } = await sharedCluster();
    const client = new Etcd3({ hosts: [...cluster.endpoints] });
    const { made, connect } = connecting();
    try {
      vi.spyOn(client.kv, 'compact').mockRejectedValueOnce(
        new Error('etcdserver: mvcc: required revision is a future revision'),
      );
      await expect(compactAndDefragment(client, cluster.endpoints, connect)).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: 'etcd compact failed: etcdserver: mvcc: required revision is a future revision',
      });
      expect(made).toHaveLength(0);
    } finally {
      client.close();
    }
  }, 30_000);

  it.each([
    { step: 'status' as const, nth: 1 },
    { step: 'defragment' as const, nth: 1 },
    { step: 'status' as const, nth: 2 },
  ])(
    'names the member step that failed ($step, call $nth) and still closes that member’s client',
    async (fault) => {
      const { cluster } = await sharedCluster();
      const client = new Etcd3({ hosts: [...cluster.endpoints] });
      const { made, connect } = connecting(fault);
      try {
        await expect(
          compactAndDefragment(client, cluster.endpoints, connect),
        ).rejects.toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message: `etcd ${fault.step} failed: down`,
        });
        expect(made.map((m) => m.close.mock.calls.length)).toStrictEqual([1]);
      } finally {
        client.close();
      }
    },
    30_000,
  );
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
