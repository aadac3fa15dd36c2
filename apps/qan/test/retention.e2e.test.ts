import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EtcdCluster, etcdBlockLog, startEtcdCluster } from '@qcos/etcd-store';
import { hybridKeyFromSeed } from '@qcos/identity';
import { createGenesisDocument, DEFAULT_POLICY } from '@qcos/registry-core';
import { openDatabase, sqliteSnapshotStore } from '@qcos/runtime';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from './api-auth-fixture.js';
import {
  connectNode,
  getJson,
  hex,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  type TestNode,
  until,
} from './harness.js';

// Retention with real etcd and QAN processes: the QAN prunes the shared log behind its
// snapshots, still serves the whole history from its own archive, and a QAN that joins later
// can start only from a snapshot the log still vouches for.
interface Root {
  height: number;
  root: string;
}
const rigel: TestNode = { alias: 'rigel', scope: 'eu-west', seed: seed(11) };
const anchor = hybridKeyFromSeed(seed(70));
const qanSeeds = [seed(71), seed(72)];
const PREFIX = '/qcos/retention/log/';

describe('retention of the shared log (etcd, real QAN processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qan-retention-'));
  const genesisFile = join(dir, 'genesis.qgd');
  let etcd: EtcdCluster;
  let first: QanProcess;
  const started: QanProcess[] = [];
  const config = (i: number, dataDir: string, extra: object = {}) =>
    qanConfig(dataDir, [rigel], {
      networkId: 'retention',
      genesisFile,
      identitySeed: hex(qanSeeds[i] as Uint8Array),
      etcdEndpoints: [...etcd.endpoints],
      etcdPrefix: PREFIX,
      snapshotEvery: 4,
      etcdRetainBlocks: 4,
      ...extra,
    });
  const runDir = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const start = async (cfg: object, name: string) => {
    const q = await startQan(cfg as Record<string, unknown>, runDir(name));
    started.push(q);
    return q;
  };

  beforeAll(async () => {
    requireBuilt();
    writeFileSync(
      genesisFile,
      createGenesisDocument({
        networkId: 'retention',
        anchorKey: anchor,
        // Protocol 2 from the first block: every block commits to a state root.
        policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 60_000, protocol: 2, protocolHeight: 1 },
        members: qanSeeds.map((s) => ({
          role: 'QAN' as const,
          publicKey: hybridKeyFromSeed(s).publicKey,
          levelPpm: 1_000_000,
        })),
      }),
    );
    etcd = await startEtcdCluster({ dir: join(dir, 'etcd'), size: 1 });
    first = await start(config(0, join(dir, 'qan-1')), 'run-1');
  });
  afterAll(async () => {
    for (const q of started) await q.stop();
    await etcd?.stop();
    if (!process.env['KEEP']) rmSync(dir, { recursive: true, force: true });
  });

  const etcdBase = async () => {
    const client = new Etcd3({ hosts: [...etcd.endpoints] });
    try {
      return await etcdBlockLog(client, { prefix: PREFIX }).base();
    } finally {
      client.close();
    }
  };

  it('the QAN prunes etcd behind its snapshots, and still serves every block from its archive', async () => {
    const node = await connectNode(first.transport, rigel);
    await until(async () => {
      node.heartbeat();
      return (await etcdBase()) > 8 ? true : undefined;
    }, 30_000);
    await node.close();
    const pruned = first
      .logLines()
      .filter((l) => l['msg'] === 'shared log pruned and etcd space reclaimed');
    expect(pruned.length).toBeGreaterThanOrEqual(2);
    const page = await getJson<{ blocks: { height: number; version: number }[] }>(
      `${first.http}/api/v1/blocks?from=1&limit=3`,
    );
    expect(page.blocks.map((b) => [b.height, b.version])).toStrictEqual([
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
  });

  it('a new QAN without a snapshot refuses to start, naming snapshotFile; with one it reaches the same root', async () => {
    const base = await etcdBase();
    await expect(start(config(1, join(dir, 'qan-2-bare')), 'run-2-bare')).rejects.toThrow(
      new RegExp(`shared log keeps blocks only from height ${base}`),
    );
    const db = openDatabase(join(dir, 'qan-1', 'qan.db'));
    const snapshot = await sqliteSnapshotStore(db).latest();
    db.close();
    const snapshotFile = join(dir, 'qan-1.snapshot');
    writeFileSync(snapshotFile, snapshot?.bytes ?? new Uint8Array());
    const second = await start(config(1, join(dir, 'qan-2'), { snapshotFile }), 'run-2');
    const same = await until(async () => {
      const [a, b] = await Promise.all(
        [first, second].map((q) => getJson<Root>(`${q.http}/api/v1/merkle/root`)),
      );
      return a !== undefined && b !== undefined && a.height === b.height && a.root === b.root
        ? a
        : undefined;
    });
    expect(same.height).toBeGreaterThanOrEqual(snapshot?.height ?? Number.POSITIVE_INFINITY);
    // The joining QAN holds no blocks below the log's base: it says so instead of failing.
    const old = await authedFetch(`${second.http}/api/v1/blocks/1`);
    expect(old.status).toBe(404);
    expect(await old.json()).toMatchObject({
      code: 'BLOCK_PRUNED',
      details: { height: 1, base: expect.any(Number) },
    });
    const oldRoot = await authedFetch(`${second.http}/api/v1/merkle/root?height=1`);
    expect(oldRoot.status).toBe(404);
    expect(await oldRoot.json()).toMatchObject({ code: 'BLOCK_PRUNED', details: { height: 1 } });
  });
});
