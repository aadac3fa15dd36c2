import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hybridKeyFromSeed } from '@qcos/identity';
import { type BlockLog, StoreError } from '@qcos/interface';
import { createGenesis, DEFAULT_POLICY, merkleRoot } from '@qcos/registry-core';
import {
  type Database,
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import {
  MAX_PENDING_RECORDS,
  MAX_RECORDS_PER_SEAL,
  MAX_SEAL_ATTEMPTS,
  RecordRefused,
  RegistryService,
} from '../src/registry/registry-service.js';
import {
  clusterGenesis,
  healthyReport,
  registerRecord,
  silentLogger,
} from './registry-fixtures.js';

const key = hybridKeyFromSeed(new Uint8Array(32).fill(3));
const nodeKey = hybridKeyFromSeed(new Uint8Array(32).fill(4)).publicKey;
const logger = silentLogger;
const registerRigel = registerRecord('rigel', nodeKey);
const report = healthyReport;

/** A registry on `log`, with its roots and snapshots in `db`. */
function registryOn(
  db: Database,
  log: BlockLog,
  options: { snapshotEvery?: number; maxBlockBytes?: number } = {},
) {
  return RegistryService.open({
    genesis: createGenesis({
      networkId: 'test',
      anchorPublicKey: key.publicKey,
      policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 1_000, hysteresisHeartbeats: 2 },
    }),
    signingKey: key,
    log,
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: options.snapshotEvery ?? 100,
    logger,
    ...(options.maxBlockBytes !== undefined ? { maxBlockBytes: options.maxBlockBytes } : {}),
  });
}

function service(path: string, maxBlockBytes?: number) {
  const db = openDatabase(path);
  return registryOn(db, sqliteBlockLog(db), {
    snapshotEvery: 2,
    ...(maxBlockBytes !== undefined ? { maxBlockBytes } : {}),
  });
}

describe('RegistryService', () => {
  it('commits a block, refuses a bad record without losing the others, and recovers the same root', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reg-')), 'qan.db');
    const reg = await service(path);
    const register = reg.submit(registerRigel);
    const unknown = reg.submit({ kind: 'HEARTBEAT', alias: 'nobody', atMs: 1_100, report });
    const beat = reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_200, report });
    expect(await reg.seal()).toBe(1);
    await expect(register).resolves.toBe(1);
    await expect(beat).resolves.toBe(1);
    await expect(unknown).rejects.toBeInstanceOf(RecordRefused);
    await expect(unknown).rejects.toMatchObject({ code: 'RECORD_UNKNOWN_NODE' });
    expect(reg.entry('rigel')?.lastHeartbeatMs).toBe(1_200);
    // A stale heartbeat (not after the last one) is refused by the fold, nothing is committed.
    const stale = reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_200, report });
    expect(await reg.seal()).toBeUndefined();
    await expect(stale).rejects.toMatchObject({ code: 'RECORD_STALE' });
    void reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_300, report });
    expect(await reg.seal()).toBe(2);
    expect(reg.state.entries[0]?.status).toEqual({ state: 'ACTIVE' });

    const again = await service(path);
    expect(again.state.height).toBe(2);
    expect(Buffer.from(merkleRoot(again.state)).toString('hex')).toBe(
      Buffer.from(merkleRoot(reg.state)).toString('hex'),
    );
    expect((await again.stateAt(1))?.height).toBe(1);
    expect(await again.stateAt(3)).toBeUndefined();
  });

  it('seals only what fits the log block limit; the rest waits, in order, for the next block', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reg-')), 'qan.db');
    const reg = await service(path, 12_000);
    const acks = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((alias) =>
      reg.submit(registerRecord(alias, nodeKey)),
    );
    expect(await reg.seal()).toBe(1);
    const first = reg.state.entries.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(8);
    expect(reg.pendingCount).toBe(8 - first);
    while (reg.pendingCount > 0) await reg.seal();
    const heights = await Promise.all(acks);
    expect(heights).toStrictEqual([...heights].sort((x, y) => x - y));
    expect(heights.filter((h) => h === 1)).toHaveLength(first);
    expect(reg.state.entries.map((e) => e.alias)).toStrictEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
  });

  it('seals a backlog at most MAX_RECORDS_PER_SEAL records per block, in order', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'reg-')), 'qan.db');
    const reg = await service(path);
    await Promise.all([reg.submit(registerRigel), reg.seal()]);
    const count = MAX_RECORDS_PER_SEAL + 5;
    const acks = Array.from({ length: count }, (_, i) =>
      reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 2_000 + i, report }),
    );
    expect(await reg.seal()).toBe(2);
    expect(reg.pendingCount).toBe(5);
    // Submitted while the backlog drains: behind it.
    const late = reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 2_000 + count, report });
    expect(await reg.seal()).toBe(3);
    const heights = await Promise.all([...acks, late]);
    expect(heights.filter((h) => h === 2)).toHaveLength(MAX_RECORDS_PER_SEAL);
    expect(heights.filter((h) => h === 3)).toHaveLength(6);
    expect(reg.state.entries[0]?.lastHeartbeatMs).toBe(2_000 + count);
  });

  it('runs one seal at a time, and acknowledges a record only once its block is committed', async () => {
    const db = openDatabase(':memory:');
    const inner = sqliteBlockLog(db);
    const gates: (() => void)[] = [];
    const appending: number[] = [];
    let appendStarted: () => void = () => {};
    const nextAppend = () => new Promise<void>((started) => (appendStarted = started));
    let inFlight = 0;
    const log: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      append: async (block, expected) => {
        inFlight++;
        expect(inFlight).toBe(1);
        appending.push(block.height);
        const gate = new Promise<void>((release) => gates.push(release));
        appendStarted();
        await gate;
        await inner.append(block, expected);
        inFlight--;
      },
    };
    const reg = await registryOn(db, log);
    let acknowledged = false;
    const register = reg.submit(registerRigel).then((h) => {
      acknowledged = true;
      return h;
    });
    let started = nextAppend();
    const first = reg.seal();
    expect(reg.sealInProgress).toBe(true);
    // Submitted while block 1 commits: it waits for the next block.
    const beat = reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_200, report });
    const second = reg.seal();
    await started;
    expect(appending).toEqual([1]);
    expect(acknowledged).toBe(false);
    expect(await inner.count()).toBe(0);
    started = nextAppend();
    gates.shift()?.();
    expect(await first).toBe(1);
    await expect(register).resolves.toBe(1);
    await started;
    expect(appending).toEqual([1, 2]);
    gates.shift()?.();
    expect(await second).toBe(2);
    await expect(beat).resolves.toBe(2);
    expect(reg.sealInProgress).toBe(false);
    expect(await inner.count()).toBe(2);
  });
});

describe('RegistryService, when the log does not answer an append', () => {
  /** A SQLite log whose first append fails with STORE_UNAVAILABLE, before or after storing. */
  function flakyLog(failAfterStoring: boolean) {
    const db = openDatabase(':memory:');
    const inner = sqliteBlockLog(db);
    let failures = 1;
    const log: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      append: async (block, expected) => {
        if (failures > 0 && !failAfterStoring) {
          failures--;
          throw new StoreError('STORE_UNAVAILABLE', 'no answer');
        }
        await inner.append(block, expected);
        if (failures > 0) {
          failures--;
          throw new StoreError('STORE_UNAVAILABLE', 'no answer');
        }
      },
    };
    return { db, inner, log };
  }

  async function open(failAfterStoring: boolean) {
    const { db, inner, log } = flakyLog(failAfterStoring);
    const reg = await registryOn(db, log);
    let acknowledged: number | undefined;
    const ack = reg.submit(registerRigel).then((h) => {
      acknowledged = h;
      return h;
    });
    await expect(reg.seal()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(acknowledged).toBeUndefined();
    expect(reg.pendingCount).toBe(0);
    return { reg, inner, ack, acknowledged: () => acknowledged };
  }

  it('appends the same block again: stored after all, it is acknowledged once, not sealed twice', async () => {
    const { reg, inner, ack } = await open(true);
    expect(await reg.seal()).toBe(1);
    expect(await ack).toBe(1);
    expect(await inner.count()).toBe(1);
    expect(reg.state.height).toBe(1);
    expect(reg.lostRaces).toBe(0);
  });

  it('appends the same block again: not stored the first time, it is stored now', async () => {
    const { reg, inner, ack } = await open(false);
    expect(await inner.count()).toBe(0);
    expect(await reg.seal()).toBe(1);
    expect(await ack).toBe(1);
    expect(await inner.count()).toBe(1);
  });

  it('the follower settles the block in doubt when it reads it from the log', async () => {
    const { reg, ack } = await open(true);
    reg.startFollowing();
    expect(await ack).toBe(1);
    expect(reg.state.height).toBe(1);
    expect(await reg.seal()).toBeUndefined();
    reg.stopFollowing();
  });

  it('on shutdown, the records of a block in doubt are refused SHUTTING_DOWN', async () => {
    const { reg, ack } = await open(false);
    reg.abandonPending();
    await expect(ack).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
      message: 'the QAN is stopping',
    });
  });
});

describe('RegistryService, racing another QAN for every height', () => {
  const [keyA, keyB] = [hybridKeyFromSeed(new Uint8Array(32).fill(5)), key];
  const genesis = clusterGenesis('race', hybridKeyFromSeed(new Uint8Array(32).fill(6)), [
    keyA,
    keyB,
  ]);
  const open = (signingKey: typeof key, log: BlockLog) => {
    const db = openDatabase(':memory:');
    return RegistryService.open({
      genesis,
      signingKey,
      log,
      snapshots: sqliteSnapshotStore(db),
      roots: sqliteBlockRootStore(db),
      snapshotEvery: 100,
      logger,
    });
  };

  it('loses at most MAX_SEAL_ATTEMPTS races per seal, folds each winner, and keeps its records for the next', async () => {
    const shared = openDatabase(':memory:');
    const rival = await open(keyB, sqliteBlockLog(shared));
    const inner = sqliteBlockLog(shared);
    let races = 0;
    // Before each of A's appends the rival takes that height, while races last.
    const racing: BlockLog = {
      ...inner,
      firstHeight: inner.firstHeight,
      append: async (block, expected) => {
        if (races > 0) {
          races--;
          const won = rival.submit(registerRecord(`r${races}`, nodeKey));
          await rival.seal();
          await won;
        }
        return inner.append(block, expected);
      },
    };
    const a = await open(keyA, racing);
    races = MAX_SEAL_ATTEMPTS + 1;
    const ack = a.submit(registerRigel);
    expect(await a.seal()).toBeUndefined();
    expect(a.lostRaces).toBe(MAX_SEAL_ATTEMPTS);
    expect(a.state.height).toBe(MAX_SEAL_ATTEMPTS);
    expect(a.pendingRecords()).toStrictEqual([registerRigel]);
    // The next seal loses once more, then lands on the rival's fourth block.
    expect(await a.seal()).toBe(MAX_SEAL_ATTEMPTS + 2);
    expect(await ack).toBe(MAX_SEAL_ATTEMPTS + 2);
    expect(a.lostRaces).toBe(MAX_SEAL_ATTEMPTS + 1);
    expect(a.state.entries.map((e) => e.alias).sort()).toStrictEqual([
      'r0',
      'r1',
      'r2',
      'r3',
      'rigel',
    ]);
  });

  it('refuses records OVERLOADED beyond MAX_PENDING_RECORDS waiting, and keeps the ones it took', async () => {
    const reg = await service(join(mkdtempSync(join(tmpdir(), 'reg-')), 'qan.db'));
    const taken = Array.from({ length: MAX_PENDING_RECORDS }, (_, i) =>
      reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_000 + i, report }),
    );
    for (const t of taken) t.catch(() => {});
    const refused = reg.submit(registerRigel);
    await expect(refused).rejects.toMatchObject({
      code: 'OVERLOADED',
      message: 'too many records waiting for a block',
    });
    expect(reg.pendingCount).toBe(MAX_PENDING_RECORDS);
    expect(reg.pendingRecords()[0]).toMatchObject({ kind: 'HEARTBEAT', atMs: 1_000 });
    reg.abandonPending();
  });

  it('saves a snapshot at every multiple of snapshotEvery, and only there', async () => {
    const db = openDatabase(':memory:');
    const snapshots = sqliteSnapshotStore(db);
    const saved: number[] = [];
    const reg = await RegistryService.open({
      genesis: createGenesis({
        networkId: 'test',
        anchorPublicKey: key.publicKey,
        policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 1_000, hysteresisHeartbeats: 2 },
      }),
      signingKey: key,
      log: sqliteBlockLog(db),
      snapshots: {
        ...snapshots,
        save: (snapshot) => {
          saved.push(snapshot.height);
          return snapshots.save(snapshot);
        },
      },
      roots: sqliteBlockRootStore(db),
      snapshotEvery: 3,
      logger,
    });
    await Promise.all([reg.submit(registerRigel), reg.seal()]);
    for (let i = 2; i <= 7; i++) {
      const beat = reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_000 * i, report });
      await reg.seal();
      await beat;
    }
    expect(reg.state.height).toBe(7);
    expect(saved).toStrictEqual([3, 6]);
  });
});
