/**
 * RegistryService paths the main tests do not reach: what it logs for a refused record, how the
 * follower treats each kind of read failure, roots that could not be stored, historical roots
 * and states, and a block in doubt that another QAN's block overtook.
 */
import { hybridKeyFromSeed } from '@qcos/identity';
import type { BlockFeed, BlockLog, BlockRootStore, StoredBlock } from '@qcos/interface';
import { StoreError } from '@qcos/interface';
import {
  buildBlock,
  createGenesis,
  DEFAULT_POLICY,
  encodeBlock,
  encodeSnapshot,
  merkleRoot,
  type RegistryState,
  signBlock,
} from '@qcos/registry-core';
import {
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { describe, expect, it, vi } from 'vitest';
import { RegistryService, type RegistryServiceOptions } from '../src/registry/registry-service.js';
import { recordingLogger } from './recording-logger.js';
import { healthyReport, registerRecord } from './registry-fixtures.js';

const key = hybridKeyFromSeed(new Uint8Array(32).fill(3));
const nodeKey = hybridKeyFromSeed(new Uint8Array(32).fill(4)).publicKey;
const genesis = createGenesis({
  networkId: 'test',
  anchorPublicKey: key.publicKey,
  policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 600_000 },
});
const beat = (atMs: number) =>
  ({ kind: 'HEARTBEAT', alias: 'rigel', atMs, report: healthyReport }) as const;

async function open(log: BlockLog, extra: Partial<RegistryServiceOptions> = {}) {
  const db = openDatabase(':memory:');
  const { logger, lines } = recordingLogger();
  const reg = await RegistryService.open({
    genesis,
    signingKey: key,
    log,
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 100,
    logger,
    ...extra,
  });
  return { reg, lines };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** A block signed by the registry's own key on `state`, as another process with it would. */
function blockOn(state: RegistryState, atMs: number): StoredBlock {
  const b = signBlock(buildBlock(state, genesis.anchor, [beat(atMs)]), key);
  return { height: b.height, hash: b.hash, bytes: encodeBlock(b) };
}

describe('RegistryService logs', () => {
  it('names the code and the record (kind, alias) of each record the fold refuses', async () => {
    const { reg, lines } = await open(sqliteBlockLog(openDatabase(':memory:')));
    const refused = reg.submit({ ...beat(1_000), alias: 'nobody' });
    await reg.seal();
    await expect(refused).rejects.toMatchObject({ code: 'RECORD_UNKNOWN_NODE' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'record refused by the fold',
        code: 'RECORD_UNKNOWN_NODE',
        record: { kind: 'HEARTBEAT', alias: 'nobody' },
      }),
    );
  });
});

describe('RegistryService follower', () => {
  /** A log whose first follow() fails with `error`; every later one is the real log's. */
  function failingFollow(error: Error) {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    let follows = 0;
    const log: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      follow: (from) => {
        follows++;
        if (follows > 1) return inner.follow(from);
        const feed: BlockFeed = {
          next: () => Promise.reject(error),
          close: () => {},
          [Symbol.asyncIterator]() {
            return feed;
          },
        } as BlockFeed;
        return feed;
      },
    };
    return { inner, log, follows: () => follows };
  }

  it('a read failure is logged and the log followed again; blocks appended later are folded', async () => {
    const f = failingFollow(new StoreError('STORE_UNAVAILABLE', 'no quorum'));
    const { reg, lines } = await open(f.log);
    reg.startFollowing();
    reg.startFollowing(); // already following: no second loop
    await f.inner.append(blockOn(genesis, 1_000), null);
    // RECORD_UNKNOWN_NODE: rigel is not registered, so the block is void, but it is folded.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(reg.state.height).toBe(1);
    expect(f.follows()).toBe(2);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'block log unreadable; following again shortly',
        err: expect.objectContaining({ message: 'no quorum' }),
      }),
    );
    expect(reg.voidBlocks).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'void block: the block at this height does not fold, and changes nothing',
        height: 1,
        code: 'RECORD_UNKNOWN_NODE',
        reason: expect.stringContaining('RECORD_UNKNOWN_NODE'),
      }),
    );
    reg.stopFollowing();
  });

  it('a log pruned past this QAN stops the follower with the remedy', async () => {
    const f = failingFollow(new StoreError('STORE_PRUNED', 'pruned', { base: 9 }));
    const { reg, lines } = await open(f.log);
    reg.startFollowing();
    await settle();
    await f.inner.append(blockOn(genesis, 1_000), null);
    await settle();
    expect(reg.state.height).toBe(0);
    expect(f.follows()).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'the shared log was pruned past this QAN: restart it with a snapshotFile',
        height: 0,
      }),
    );
    // Stopped, so it can be started again (here the log is whole again).
    reg.startFollowing();
    await vi.waitFor(() => expect(reg.state.height).toBe(1));
    expect(f.follows()).toBe(2);
    reg.stopFollowing();
  });

  it('a closed log ends the follower quietly', async () => {
    const f = failingFollow(new StoreError('STORE_CLOSED', 'closed'));
    const { reg, lines } = await open(f.log);
    reg.startFollowing();
    await settle();
    expect(f.follows()).toBe(1);
    expect(lines).toStrictEqual([
      expect.objectContaining({ msg: 'registry recovered from the block log' }),
    ]);
  });

  it('a failure that is not the log’s stops the follower, logged', async () => {
    const f = failingFollow(new Error('disk full'));
    const { reg, lines } = await open(f.log);
    reg.startFollowing();
    await settle();
    expect(f.follows()).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'stopped following the log' }));
  });

  it('after stopFollowing, blocks appended by others are not folded', async () => {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    const { reg } = await open(inner);
    reg.stopFollowing(); // never started: nothing to stop
    reg.startFollowing();
    reg.stopFollowing();
    await inner.append(blockOn(genesis, 1_000), null);
    await settle();
    expect(reg.state.height).toBe(0);
  });
});

describe('RegistryService roots and states', () => {
  it('a root it could not store is kept, answered from memory, and stored with the next block', async () => {
    const db = openDatabase(':memory:');
    const store = sqliteBlockRootStore(db);
    let failures = 2;
    const batches: number[][] = [];
    let lookups = 0;
    const roots: BlockRootStore = {
      save: async (r) => {
        if (r.length === 0) return store.save(r);
        batches.push(r.map((x) => x.height));
        if (failures-- > 0) throw new StoreError('STORE_UNAVAILABLE', 'disk busy');
        return store.save(r);
      },
      at: (h) => {
        lookups++;
        return store.at(h);
      },
      count: () => store.count(),
    };
    const { reg, lines } = await open(sqliteBlockLog(db), { roots });
    await Promise.all([reg.submit(registerRecord('rigel', nodeKey)), reg.seal()]);
    const after1 = reg.state;
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'block root not stored; will retry with the next block',
        height: 1,
        unsaved: 1,
      }),
    );
    await Promise.all([reg.submit(beat(2_000)), reg.seal()]);
    // Height 1 is unsaved and not current: answered from memory, without a store lookup.
    expect(await store.at(1)).toBeUndefined();
    expect((await reg.rootAt(1))?.root).toStrictEqual(merkleRoot(after1));
    expect((await reg.rootAt(2))?.root).toStrictEqual(merkleRoot(reg.state));
    expect(lookups).toBe(0);
    await Promise.all([reg.submit(beat(3_000)), reg.seal()]);
    await Promise.all([reg.submit(beat(4_000)), reg.seal()]);
    // Stored together with the next block's, then each block's alone.
    expect(batches).toStrictEqual([[1], [1, 2], [1, 2, 3], [4]]);
    expect((await reg.rootAt(1))?.root).toStrictEqual((await store.at(1))?.root);
    expect(lookups).toBe(1);
    expect(await store.count()).toBe(4);
  });

  it('answers roots and states by height: genesis, stored, current, none above', async () => {
    const log = sqliteBlockLog(openDatabase(':memory:'));
    const { reg } = await open(log);
    await Promise.all([reg.submit(registerRecord('rigel', nodeKey)), reg.seal()]);
    const after1 = reg.state;
    await Promise.all([reg.submit(beat(2_000)), reg.seal()]);
    expect((await reg.rootAt(0))?.root).toStrictEqual(merkleRoot(genesis));
    expect((await reg.rootAt(1))?.root).toStrictEqual(merkleRoot(after1));
    expect((await reg.rootAt(2))?.root).toStrictEqual(merkleRoot(reg.state));
    expect(await reg.rootAt(3)).toBeUndefined();
    expect(await reg.stateAt(3)).toBeUndefined();
    expect(await reg.stateAt(2)).toBe(reg.state);
    expect(encodeSnapshot((await reg.stateAt(1)) as RegistryState)).toStrictEqual(
      encodeSnapshot(after1),
    );
    expect(await reg.stateAt(0)).toStrictEqual(genesis);
  });

  it('a root missing from the store below the current height is STORE_PRUNED', async () => {
    const log = sqliteBlockLog(openDatabase(':memory:'));
    const { reg } = await open(log);
    await Promise.all([reg.submit(registerRecord('rigel', nodeKey)), reg.seal()]);
    await Promise.all([reg.submit(beat(2_000)), reg.seal()]);
    // A QAN that started from another's snapshot has no roots below it: a store without them.
    const none: BlockRootStore = {
      save: async () => {},
      at: async () => undefined,
      count: async () => 99,
    };
    const bare = await open(log, { roots: none });
    await expect(bare.reg.rootAt(1)).rejects.toMatchObject({
      code: 'STORE_PRUNED',
      message: 'no root is stored for block 1',
      details: { height: 1 },
    });
  });
});

describe('RegistryService, a block in doubt overtaken by another QAN’s', () => {
  it('puts its records back when the block the log holds at that height is not its own', async () => {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    let failures = 1;
    const log: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      append: async (block, expected) => {
        if (failures-- > 0) {
          // No answer, and not stored: meanwhile another writer takes the height.
          await inner.append(blockOn(genesis, 500), null);
          throw new StoreError('STORE_UNAVAILABLE', 'no answer');
        }
        return inner.append(block, expected);
      },
    };
    const { reg } = await open(log);
    const ack = reg.submit(registerRecord('rigel', nodeKey));
    await expect(reg.seal()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    reg.startFollowing();
    await settle();
    reg.stopFollowing();
    // The follower folded the other block at 1 (void: rigel was unknown to it) and gave the
    // record back, which the next seal commits at 2.
    expect(reg.state.height).toBe(1);
    expect(reg.pendingCount).toBe(1);
    expect(await reg.seal()).toBe(2);
    expect(await ack).toBe(2);
  });
});

describe('RegistryService on a log pruned by retention', () => {
  /** The log with blocks below `base` pruned: reads from below reject STORE_PRUNED. */
  function pruned(inner: BlockLog, base: number): BlockLog {
    return {
      ...inner,
      firstHeight: inner.firstHeight,
      range: (from, to) => {
        if (from < base) throw new StoreError('STORE_PRUNED', 'pruned', { from, base });
        return inner.range(from, to);
      },
    };
  }
  async function threeBlocks() {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    const { reg } = await open(inner);
    await Promise.all([reg.submit(registerRecord('rigel', nodeKey)), reg.seal()]);
    await Promise.all([reg.submit(beat(2_000)), reg.seal()]);
    await Promise.all([reg.submit(beat(3_000)), reg.seal()]);
    return { inner, state2: (await reg.stateAt(2)) as RegistryState, head: reg.state };
  }

  it('a QAN with nothing to start from refuses to open, naming snapshotFile and the base', async () => {
    const { inner } = await threeBlocks();
    await expect(open(pruned(inner, 2))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message:
        'the shared log keeps blocks only from height 2 on, and this QAN has state up to 0: start it with a snapshotFile of height 2 or above (qcos snapshot export on another QAN)',
      details: { field: 'snapshotFile', base: 2, height: 0 },
    });
  });

  it('a QAN started from a snapshot above the base opens; the roots below it are reported missing', async () => {
    const { inner, state2, head } = await threeBlocks();
    const { logger, lines } = recordingLogger();
    // Its own stored snapshot at height 2, which the log's block 2 vouches for.
    const own = openDatabase(':memory:');
    await sqliteSnapshotStore(own).save({
      height: 2,
      root: merkleRoot(state2),
      bytes: encodeSnapshot(state2),
    });
    const fromOwn = await RegistryService.open({
      genesis,
      signingKey: key,
      log: pruned(inner, 2),
      snapshots: sqliteSnapshotStore(own),
      roots: sqliteBlockRootStore(own),
      snapshotEvery: 100,
      logger,
    });
    expect(fromOwn.state.headHash).toStrictEqual(head.headHash);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'block roots below the snapshot not available: the shared log was pruned',
        upTo: 2,
        base: 2,
      }),
    );
    await expect(fromOwn.rootAt(3)).resolves.toMatchObject({ height: 3 });
  });
});

describe('RegistryService seals and listeners', () => {
  it('a seal queued behind another keeps sealInProgress until it ends, and runs after it', async () => {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    const gates: (() => void)[] = [];
    const log: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      append: async (block, expected) => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return inner.append(block, expected);
      },
    };
    const { reg } = await open(log);
    const first = reg.submit(registerRecord('rigel', nodeKey));
    const s1 = reg.seal();
    const second = reg.submit(beat(2_000));
    const s2 = reg.seal();
    expect(reg.sealInProgress).toBe(true);
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    gates[0]?.();
    expect(await s1).toBe(1);
    expect(await first).toBe(1);
    expect(reg.sealInProgress).toBe(true);
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    gates[1]?.();
    expect(await s2).toBe(2);
    expect(await second).toBe(2);
    expect(reg.sealInProgress).toBe(false);
    expect(await reg.seal()).toBeUndefined();
  });

  it('tells its listener of a void block another QAN appended: no records, no origin', async () => {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    const calls: unknown[][] = [];
    const { reg } = await open(inner, { onBlock: (...args) => calls.push(args) });
    const other = blockOn(genesis, 1_000); // rigel is not registered: void
    await inner.append(other, null);
    reg.startFollowing();
    await vi.waitFor(() => expect(reg.state.height).toBe(1));
    reg.stopFollowing();
    expect(calls).toStrictEqual([[reg.state, [], other.bytes, undefined]]);
  });

  it('answers no state above its height without reading the log', async () => {
    const inner = sqliteBlockLog(openDatabase(':memory:'));
    let ranges = 0;
    const log: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      range: (from, to) => {
        ranges++;
        return inner.range(from, to);
      },
    };
    const { reg } = await open(log);
    const before = ranges;
    expect(await reg.stateAt(5)).toBeUndefined();
    expect(await reg.rootAt(5)).toBeUndefined();
    expect(ranges).toBe(before);
  });
});

describe('RegistryService recovery', () => {
  /** Block `height` of bytes that are no block at all (void), chained by an arbitrary hash. */
  const junk = (height: number): StoredBlock => ({
    height,
    hash: new Uint8Array(32).fill(height & 0xff),
    bytes: Uint8Array.of(1, 2, 3),
  });
  async function junkLog(count: number) {
    const log = sqliteBlockLog(openDatabase(':memory:'));
    for (let h = 1; h <= count; h++)
      await log.append(junk(h), h === 1 ? null : { height: h - 1, hash: junk(h - 1).hash });
    return log;
  }

  it('reports the void blocks it replays, stores their roots in batches of 1 000, and appends on the stored head', async () => {
    const log = await junkLog(1_001);
    const db = openDatabase(':memory:');
    const store = sqliteBlockRootStore(db);
    const batches: number[] = [];
    const roots: BlockRootStore = {
      ...store,
      save: (r) => {
        batches.push(r.length);
        return store.save(r);
      },
      at: (h) => store.at(h),
      count: () => store.count(),
    };
    const { reg, lines } = await open(log, { roots });
    expect(reg.voidBlocks).toBe(1_001);
    expect(lines.filter((l) => String(l['msg']).startsWith('void block'))).toHaveLength(1_001);
    expect(batches).toStrictEqual([1_000, 1]);
    expect(await store.count()).toBe(1_001);
    // The next block chains on the void head of the log.
    expect(
      await Promise.all([reg.submit(registerRecord('rigel', nodeKey)), reg.seal()]),
    ).toStrictEqual([1_002, 1_002]);
  });

  it('from a snapshot of the log’s head: nothing replayed, the next block appended on that head', async () => {
    const log = sqliteBlockLog(openDatabase(':memory:'));
    const db = openDatabase(':memory:');
    const shared = {
      snapshots: sqliteSnapshotStore(db),
      roots: sqliteBlockRootStore(db),
      snapshotEvery: 1,
    };
    const first = await open(log, shared);
    await Promise.all([first.reg.submit(registerRecord('rigel', nodeKey)), first.reg.seal()]);
    await Promise.all([first.reg.submit(beat(2_000)), first.reg.seal()]);
    const again = await open(log, shared);
    expect(again.lines).toContainEqual(
      expect.objectContaining({
        msg: 'registry recovered from the block log',
        height: 2,
        replayed: 0,
        fromSnapshot: 2,
      }),
    );
    expect(await Promise.all([again.reg.submit(beat(3_000)), again.reg.seal()])).toStrictEqual([
      3, 3,
    ]);
  });

  it('fills in the roots below its snapshot once, and fails to open when they cannot be stored', async () => {
    const log = sqliteBlockLog(openDatabase(':memory:'));
    const db = openDatabase(':memory:');
    const snapshots = sqliteSnapshotStore(db);
    const first = await open(log, { snapshots, snapshotEvery: 1 });
    await Promise.all([first.reg.submit(registerRecord('rigel', nodeKey)), first.reg.seal()]);
    await Promise.all([first.reg.submit(beat(2_000)), first.reg.seal()]);
    // The same snapshots, and a root store that lost everything.
    const emptyRoots = sqliteBlockRootStore(openDatabase(':memory:'));
    const filled = await open(log, { snapshots, roots: emptyRoots });
    expect(filled.lines).toContainEqual(
      expect.objectContaining({ msg: 'block roots filled in from the log', upTo: 2 }),
    );
    expect(await emptyRoots.count()).toBe(2);
    const refusing: BlockRootStore = {
      save: async (r) => {
        if (r.length > 0) throw new StoreError('STORE_UNAVAILABLE', 'disk gone');
      },
      at: async () => undefined,
      count: async () => 0,
    };
    await expect(open(log, { snapshots, roots: refusing })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'disk gone',
    });
  });
});
