import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EtcdCluster, etcdBlockLog, startEtcdCluster } from '@qcos/etcd-store';
import { type HybridSigningKey, hybridKeyFromSeed, hybridQuid, toHex } from '@qcos/identity';
import type { BlockLog } from '@qcos/interface';
import {
  buildBlock,
  decodeBlock,
  encodeBlock,
  merkleRoot,
  type RecordBody,
  type RegistryState,
  signBlock,
  signOperatorAction,
  voidBlock,
} from '@qcos/registry-core';
import { openDatabase, sqliteBlockRootStore, sqliteSnapshotStore } from '@qcos/runtime';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryService } from '../src/registry/registry-service.js';
import {
  clusterGenesis,
  healthyReport,
  registerRecord,
  silentLogger,
} from './registry-fixtures.js';

// Three QANs' registries on one block log in a real three-member etcd cluster: each proposes its
// own records, folds the others' blocks, and re-seals after a lost race.
const anchor = hybridKeyFromSeed(new Uint8Array(32).fill(70));
const qanKeys = [71, 72, 73].map((n) => hybridKeyFromSeed(new Uint8Array(32).fill(n)));
const nodeKey = hybridKeyFromSeed(new Uint8Array(32).fill(74)).publicKey;
const genesis: RegistryState = clusterGenesis('cluster', anchor, qanKeys);

let etcd: EtcdCluster;
let dir: string;
let serial = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'registry-cluster-'));
  etcd = await startEtcdCluster({ dir: join(dir, 'etcd') });
});
afterAll(async () => {
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Qan {
  readonly registry: RegistryService;
  readonly log: BlockLog;
  /** Resolves once the registry has folded up to `height` (heard from its onBlock). */
  reached(height: number): Promise<void>;
  close(): Promise<void>;
}

/** QAN `i`'s registry: its own client to member `i`, its own SQLite for roots and snapshots. */
async function openQan(key: HybridSigningKey, i: number, prefix: string): Promise<Qan> {
  const client = new Etcd3({ hosts: etcd.endpoints[i % etcd.endpoints.length] as string });
  const log = etcdBlockLog(client, { prefix });
  const db = openDatabase(join(dir, `qan-${++serial}.db`));
  const waiting: { height: number; resolve: () => void }[] = [];
  const registry = await RegistryService.open({
    genesis,
    signingKey: key,
    log,
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 5,
    logger: silentLogger,
    onBlock: (state) => {
      for (const w of waiting.filter((w) => w.height <= state.height)) w.resolve();
    },
  });
  registry.startFollowing();
  return {
    registry,
    log,
    reached: (height) =>
      registry.state.height >= height
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ height, resolve })),
    close: async () => {
      registry.stopFollowing();
      await log.close();
      client.close();
      db.close();
    },
  };
}

const register = (alias: string): RecordBody => registerRecord(alias, nodeKey);
const beat = (alias: string, atMs: number): RecordBody => ({
  kind: 'HEARTBEAT',
  alias,
  atMs,
  report: healthyReport,
});

/** Submits `record` and seals; resolves with the height of the block holding it. */
async function sealOne(q: Qan, record: RecordBody): Promise<number> {
  const ack = q.registry.submit(record);
  await q.registry.seal();
  expect(q.registry.pendingCount).toBe(0);
  return ack;
}

/** Every record of every block in the log, as `height alias atMs kind`. */
async function recordsInLog(log: BlockLog): Promise<string[]> {
  const out: string[] = [];
  for await (const stored of log.range(1)) {
    for (const r of decodeBlock(stored.bytes).records) {
      out.push(
        `${stored.height} ${'alias' in r ? r.alias : ''} ${'atMs' in r ? r.atMs : ''} ${r.kind}`,
      );
    }
  }
  return out;
}

describe('registries sharing one block log in etcd', () => {
  it('three QANs sealing on the same head: one wins, the others fold it and re-seal on top', async () => {
    const prefix = `/cluster/${++serial}/`;
    const qans = await Promise.all(qanKeys.map((k, i) => openQan(k, i, prefix)));
    try {
      const acks = qans.map((q, i) => q.registry.submit(register(`node-${i}`)));
      // All three build a block on the genesis at the same moment: at most one can be stored.
      const heights = await Promise.all(qans.map((q) => q.registry.seal()));
      expect([...heights].sort()).toEqual([1, 2, 3]);
      expect(await Promise.all(acks)).toEqual(heights);
      const lost = qans.reduce((n, q) => n + q.registry.lostRaces, 0);
      expect(lost).toBeGreaterThanOrEqual(2);
      await Promise.all(qans.map((q) => q.reached(3)));
      const roots = qans.map((q) => toHex(merkleRoot(q.registry.state)));
      expect(new Set(roots).size).toBe(1);
      expect(qans[0]?.registry.state.entries.map((e) => e.alias)).toEqual([
        'node-0',
        'node-1',
        'node-2',
      ]);
    } finally {
      for (const q of qans) await q.close();
    }
  });

  it('under a sustained concurrent run, every acknowledged record is in the log once, at its height, and every QAN has the same root at every height', async () => {
    const prefix = `/cluster/${++serial}/`;
    const qans = await Promise.all(qanKeys.map((k, i) => openQan(k, i, prefix)));
    const rounds = 25;
    try {
      await Promise.all(qans.map((q, i) => sealOne(q, register(`node-${i}`))));
      // Rounds in step: each round all three seal at once on one head, so each seal has two
      // rivals; a QAN that loses folds the winner and seals again (at most three attempts).
      const acknowledged: string[] = [];
      for (let r = 0; r < rounds; r++) {
        const atMs = 2_000 + r;
        const heights = await Promise.all(qans.map((q, i) => sealOne(q, beat(`node-${i}`, atMs))));
        for (const [i, h] of heights.entries())
          acknowledged.push(`${h} node-${i} ${atMs} HEARTBEAT`);
      }
      expect(qans.reduce((n, q) => n + q.registry.lostRaces, 0)).toBeGreaterThanOrEqual(2 * rounds);
      const head = Math.max(...qans.map((q) => q.registry.state.height));
      await Promise.all(qans.map((q) => q.reached(head)));
      const inLog = await recordsInLog(qans[0]?.log as BlockLog);
      const beats = inLog.filter((r) => r.endsWith('HEARTBEAT'));
      expect(beats.sort()).toEqual(acknowledged.sort());
      expect(new Set(beats).size).toBe(beats.length);
      for (let h = 1; h <= head; h++) {
        const atH = await Promise.all(qans.map((q) => q.registry.rootAt(h)));
        expect(new Set(atH.map((r) => toHex(r?.root ?? new Uint8Array()))).size).toBe(1);
      }
      expect(qans.every((q) => q.registry.state.height === head)).toBe(true);
    } finally {
      for (const q of qans) await q.close();
    }
  });

  it('a QAN whose trust is revoked gets no block accepted: its software seals nothing, and a block it appends anyway is void on every QAN', async () => {
    const prefix = `/cluster/${++serial}/`;
    const [a, b] = (await Promise.all(
      [0, 1].map((i) => openQan(qanKeys[i] as HybridSigningKey, i, prefix)),
    )) as [Qan, Qan];
    try {
      await sealOne(a, register('rigel'));
      // The anchor revokes QAN-2 (level 0), carried in QAN-1's block.
      const revoke = signOperatorAction(
        {
          genesisHash: genesis.genesisHash,
          seq: 1,
          atMs: 1,
          record: {
            kind: 'TRUST_EDGE',
            trusteeKey: (qanKeys[1] as HybridSigningKey).publicKey,
            role: 'QAN',
            levelPpm: 0,
          },
        },
        anchor,
      );
      const revokedAt = await sealOne(a, revoke);
      await b.reached(revokedAt);
      // QAN-2's own software: the fold refuses its records, nothing is appended.
      const headBefore = await b.log.head();
      await expect(sealOne(b, beat('rigel', 2_000))).rejects.toMatchObject({
        code: 'RECORD_NOT_PERMITTED',
      });
      expect((await b.log.head())?.height).toBe(headBefore?.height);
      // QAN-2 signs a block and appends it to the log directly: it takes the height, changes nothing.
      const state = b.registry.state;
      const forged = signBlock(
        buildBlock(state, hybridQuid((qanKeys[1] as HybridSigningKey).publicKey), [
          beat('rigel', 3_000),
        ]),
        qanKeys[1] as HybridSigningKey,
      );
      const bytes = encodeBlock(forged);
      await b.log.append(
        { height: forged.height, hash: forged.hash, bytes },
        { height: state.height, hash: headBefore?.hash as Uint8Array },
      );
      await a.reached(forged.height);
      expect(a.registry.voidBlocks).toBe(1);
      expect(a.registry.entry('rigel')?.lastHeartbeatMs).toBeNull();
      expect(a.registry.state.headHash).toStrictEqual(voidBlock(state, bytes).headHash);
      // The network goes on: QAN-1's next block lands on top of the void one, and both agree.
      const next = await sealOne(a, beat('rigel', 4_000));
      expect(next).toBe(forged.height + 1);
      await b.reached(next);
      expect(toHex(merkleRoot(b.registry.state))).toBe(toHex(merkleRoot(a.registry.state)));
      expect(b.registry.state.headHash).toStrictEqual(a.registry.state.headHash);
      expect(a.registry.entry('rigel')?.lastHeartbeatMs).toBe(4_000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a block signed for a height another QAN won is refused by the log, which keeps the winner', async () => {
    const prefix = `/cluster/${++serial}/`;
    const [a, b] = (await Promise.all(
      [0, 1].map((i) => openQan(qanKeys[i] as HybridSigningKey, i, prefix)),
    )) as [Qan, Qan];
    try {
      const before = b.registry.state;
      const won = await sealOne(a, register('rigel'));
      const winner = await a.log.head();
      // QAN-2 signs its own block for the same height, on the same parent, and tries to place it.
      const rival = signBlock(
        buildBlock(before, hybridQuid((qanKeys[1] as HybridSigningKey).publicKey), [
          register('vega'),
        ]),
        qanKeys[1] as HybridSigningKey,
      );
      expect(rival.height).toBe(won);
      const refused = await b.log
        .append({ height: rival.height, hash: rival.hash, bytes: encodeBlock(rival) }, null)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toMatchObject({ code: 'STORE_CONFLICT', actual: { height: won } });
      expect(toHex((await b.log.head())?.hash as Uint8Array)).toBe(
        toHex(winner?.hash as Uint8Array),
      );
      await b.reached(won);
      expect(b.registry.entry('vega')).toBeUndefined();
      expect(b.registry.entry('rigel')).toBeDefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
