import type { BlockHead, BlockLog } from '@qcos/interface';
import { expectBytes, rejection, testBlock } from '@qcos/interface-compliance-tests';
import { Etcd3 } from 'etcd3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKeys } from '../src/block-keys.js';
import { etcdBlockLog } from '../src/index.js';
import { sharedCluster } from './etcd-fixture.js';

let client: Etcd3;
let prefix: string;
let serial = 0;
const opened: BlockLog[] = [];

beforeEach(async () => {
  const { cluster } = await sharedCluster();
  client = new Etcd3({ hosts: [...cluster.endpoints] });
  prefix = `/unit/${process.pid}/${++serial}/`;
});
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
  await client.delete().prefix(prefix);
  client.close();
});

function open(options: Parameters<typeof etcdBlockLog>[1] = {}): BlockLog {
  const log = etcdBlockLog(client, { prefix, ...options });
  opened.push(log);
  return log;
}
const headOf = (b: BlockHead): BlockHead => ({ height: b.height, hash: b.hash });

describe('etcdBlockLog', () => {
  it('refuses a block over maxBlockBytes (hash + bytes) with STORE_INVALID_ARGUMENT, storing nothing', async () => {
    const log = open({ maxBlockBytes: 100 });
    const over = { height: 1, hash: new Uint8Array(32), bytes: new Uint8Array(69) };
    const e = await rejection(log.append(over, null), 'STORE_INVALID_ARGUMENT');
    expect(e.details).toEqual({ field: 'bytes', size: 101, limit: 100 });
    expect(e.message).toBe('a block of 101 bytes is over the 100-byte limit');
    expect(await log.count()).toBe(0);
    await log.append({ ...over, bytes: new Uint8Array(68) }, null);
    expect(await log.count()).toBe(1);
  });

  it('keeps the default block limit under etcd request limit of 1.5 MiB, with room for the head', async () => {
    const log = open();
    const limit = (1 << 20) + (1 << 18);
    const big = { height: 1, hash: new Uint8Array(32), bytes: new Uint8Array(limit - 32) };
    await log.append(big, null);
    const e = await rejection(
      log.append({ ...big, height: 2, bytes: new Uint8Array(limit - 31) }, headOf(big)),
      'STORE_INVALID_ARGUMENT',
    );
    expect(e.details).toEqual({ field: 'bytes', size: limit + 1, limit });
  });

  it('keeps logs under different prefixes apart', async () => {
    const a = open();
    const b = etcdBlockLog(client, { prefix: `${prefix}other/` });
    opened.push(b);
    await a.append(testBlock(1, 1), null);
    await b.append(testBlock(1, 2), null);
    await a.append(testBlock(2, 1), headOf(testBlock(1, 1)));
    expect(await a.count()).toBe(2);
    expect(await b.count()).toBe(1);
    expectBytes((await b.head())?.hash, testBlock(1, 2).hash);
  });

  it('starts at its firstHeight and refuses a malformed one', async () => {
    const log = open({ firstHeight: 5 });
    expect(log.firstHeight).toBe(5);
    await log.append(testBlock(5), null);
    expect((await log.head())?.height).toBe(5);
    expect(() => etcdBlockLog(client, { firstHeight: -1 })).toThrow(
      'firstHeight must be a non-negative integer',
    );
  });

  it('of four writers on four clients racing on each head, exactly one wins every height', async () => {
    const { cluster } = await sharedCluster();
    const clients = cluster.endpoints
      .concat(cluster.endpoints[0] as string)
      .map((hosts) => new Etcd3({ hosts }));
    try {
      const writers = clients.map((c) => etcdBlockLog(c, { prefix }));
      let expected: BlockHead | null = null;
      for (let height = 1; height <= 20; height++) {
        const results = await Promise.allSettled(
          writers.map((w, i) => w.append(testBlock(height, i + 1), expected)),
        );
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
        expect(winners).toHaveLength(1);
        const head = await writers[0]?.head();
        expectBytes(head?.hash, testBlock(height, winners[0]).hash);
        expected = headOf(testBlock(height, winners[0]));
      }
      for (const w of writers) await w.close();
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('reads a value that is not a block as STORE_CORRUPT naming the key', async () => {
    const log = open();
    await log.append(testBlock(1), null);
    const keys = blockKeys(prefix);
    await client.put(keys.block(2)).value(Buffer.from([0, 0]));
    const e = await rejection(log.head(), 'STORE_CORRUPT');
    expect(e.details).toEqual({ key: keys.block(2) });
    await client.put(keys.head).value(Buffer.from([1]));
    const conflict = await rejection(
      log.append(testBlock(2, 1), { height: 1, hash: new Uint8Array(1) }),
      'STORE_CORRUPT',
    );
    expect(conflict.details).toEqual({ key: keys.head });
  });

  it('a feed reads again on each poll even when no watch event comes', async () => {
    const log = open({ pollIntervalMs: 50 });
    const feed = log.follow(1);
    const pending = feed.next();
    // Written behind the log's back: the block key only, not the head key the watch is on.
    const keys = blockKeys(prefix);
    const b = testBlock(1);
    const value = Buffer.concat([Buffer.from([0, 0, 0, 32]), b.hash, b.bytes]);
    await client.put(keys.block(1)).value(value);
    const r = await pending;
    expect(r.done).toBe(false);
    expectBytes(r.value?.bytes, b.bytes);
    feed.close();
  });
});

describe('etcdBlockLog feeds and the watch', () => {
  it('a block another client appends wakes a waiting feed through the watch alone (no poll for an hour)', async () => {
    const { cluster } = await sharedCluster();
    const other = new Etcd3({ hosts: cluster.endpoints[1] as string });
    try {
      const log = open({ pollIntervalMs: 3_600_000 });
      const feed = log.follow(1);
      const pending = feed.next();
      const writer = etcdBlockLog(other, { prefix });
      await writer.append(testBlock(1), null);
      await writer.append(testBlock(2), headOf(testBlock(1)));
      expect((await pending).value?.height).toBe(1);
      expect((await feed.next()).value?.height).toBe(2);
      feed.close();
      await writer.close();
    } finally {
      other.close();
    }
  });

  it('a feed asked of a closed log fails STORE_CLOSED and starts no watch', async () => {
    const log = open({ pollIntervalMs: 3_600_000 });
    await log.close();
    await rejection(log.follow(1).next(), 'STORE_CLOSED');
    // A new writer's append must not reach a listener of the closed log (none was added).
    await etcdBlockLog(client, { prefix }).append(testBlock(1), null);
    await rejection(log.head(), 'STORE_CLOSED');
  });
});

describe('etcdBlockLog without etcd', () => {
  // A client to a port where nothing listens: every call must end STORE_UNAVAILABLE in time.
  const unreachable = () => new Etcd3({ hosts: '127.0.0.1:1' });

  it('reads and appends fail STORE_UNAVAILABLE, naming what failed', async () => {
    const c = unreachable();
    try {
      const log = etcdBlockLog(c, { prefix: '/nowhere/', requestTimeoutMs: 500 });
      const read = await rejection(log.head(), 'STORE_UNAVAILABLE');
      expect(read.message).toMatch(/^etcd read failed: /);
      expect(typeof read.details.cause).toBe('string');
      const write = await rejection(log.append(testBlock(1), null), 'STORE_UNAVAILABLE');
      expect(write.message).toMatch(/^etcd append failed: /);
      await rejection(log.count(), 'STORE_UNAVAILABLE');
      await log.close();
    } finally {
      c.close();
    }
  });

  it('a feed fails STORE_UNAVAILABLE when its watch cannot be set up in time', async () => {
    const c = unreachable();
    try {
      const log = etcdBlockLog(c, { prefix: '/nowhere/', requestTimeoutMs: 500 });
      const e = await rejection(log.follow(1).next(), 'STORE_UNAVAILABLE');
      expect(e.message).toMatch(/^etcd watch failed: /);
      await log.close();
    } finally {
      c.close();
    }
  });
});
