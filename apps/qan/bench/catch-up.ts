/**
 * Catch-up of a new QAN (docs/benchmarks/cluster.md): records per second folded by a QAN that
 * starts on an existing log, from the etcd log (three members on loopback) and, in the same run,
 * from the same blocks in a local SQLite log, so the cost of reading through etcd shows apart
 * from the fold. Every block is checked as in normal operation (hash, hybrid signature, origin's
 * tier, records).
 *
 *   pnpm --filter @qcos/qan build && pnpm --filter @qcos/qan exec tsx bench/catch-up.ts
 *   NODES=1000 BLOCKS=20 … (defaults): one REGISTER block, then BLOCKS blocks of NODES heartbeats
 *   PROTOCOL=2: the network runs protocol 2 from its first block (every block carries and is
 *   checked against the state root), to compare with the default protocol 1
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { etcdBlockLog, startEtcdCluster } from '@qcos/etcd-store';
import { hybridKeyFromSeed } from '@qcos/identity';
import type { BlockLog } from '@qcos/interface';
import type { RecordBody } from '@qcos/registry-core';
import {
  createLogger,
  openDatabase,
  sqliteBlockLog,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { Etcd3 } from 'etcd3';
import { RegistryService } from '../src/registry/registry-service.js';
import { clusterGenesis, healthyReport } from '../test/registry-fixtures.js';

const NODES = Number(process.env['NODES'] ?? 1_000);
const BLOCKS = Number(process.env['BLOCKS'] ?? 20);
const key = hybridKeyFromSeed(new Uint8Array(32).fill(91));
const PROTOCOL = Number(process.env['PROTOCOL'] ?? 1);
const genesis = clusterGenesis(
  'bench',
  hybridKeyFromSeed(new Uint8Array(32).fill(90)),
  [key],
  PROTOCOL === 1 ? {} : { protocol: PROTOCOL, protocolHeight: 1 },
);
const report = healthyReport;
const alias = (i: number) => `n${i}`;
const silent = createLogger({ name: 'bench', level: 'silent' });

/** A registry on `log` with fresh local stores (no snapshot: it folds the whole log). */
function registryOn(log: BlockLog, dir: string, name: string): Promise<RegistryService> {
  const db = openDatabase(join(dir, `${name}.db`));
  return RegistryService.open({
    genesis,
    signingKey: key,
    log,
    snapshots: sqliteSnapshotStore(db),
    roots: sqliteBlockRootStore(db),
    snapshotEvery: 1_000_000,
    logger: silent,
  });
}

/** Writes one block of REGISTERs, then BLOCKS blocks of one heartbeat per node. */
async function writeLog(reg: RegistryService): Promise<number> {
  const submit = (records: RecordBody[]) =>
    Promise.all([...records.map((r) => reg.submit(r)), reg.seal()]);
  await submit(
    Array.from(
      { length: NODES },
      (_, i) =>
        ({
          kind: 'REGISTER',
          alias: alias(i),
          address: `${alias(i)}.example:7400`,
          scope: 'eu-west',
          qubitCapacity: 20,
          publicKey: new Uint8Array(32).fill(i & 0xff),
          atMs: 1,
        }) as RecordBody,
    ),
  );
  for (let b = 0; b < BLOCKS; b++) {
    await submit(
      Array.from(
        { length: NODES },
        (_, i) => ({ kind: 'HEARTBEAT', alias: alias(i), atMs: 1_000 + b, report }) as RecordBody,
      ),
    );
  }
  return NODES * (BLOCKS + 1);
}

async function timeCatchUp(log: BlockLog, dir: string, name: string): Promise<number> {
  const t0 = performance.now();
  const reg = await registryOn(log, dir, name);
  const seconds = (performance.now() - t0) / 1_000;
  if (reg.state.height !== BLOCKS + 1) throw new Error(`caught up to ${reg.state.height}`);
  return seconds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'catch-up-'));
  const cluster = await startEtcdCluster({ dir: join(dir, 'etcd') });
  const client = new Etcd3({ hosts: [...cluster.endpoints] });
  try {
    const etcdLog = etcdBlockLog(client, { prefix: '/bench/catch-up/' });
    const records = await writeLog(await registryOn(etcdLog, dir, 'writer'));
    // The same blocks, byte for byte, in a local SQLite log.
    const sqlite = sqliteBlockLog(openDatabase(join(dir, 'copy.db')));
    let expected = null;
    for await (const b of etcdLog.range(1)) {
      await sqlite.append(b, expected);
      expected = { height: b.height, hash: b.hash };
    }
    const rows: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [name, log] of [
        ['etcd', etcdLog],
        ['sqlite', sqlite],
      ] as const) {
        const s = await timeCatchUp(log, dir, `${name}-${round}`);
        rows.push(`| ${round + 1} | ${name} | ${(records / s).toFixed(0)} | ${s.toFixed(2)} s |`);
      }
    }
    console.log(
      `${records} records in ${BLOCKS + 1} blocks of protocol ${PROTOCOL}, folded from genesis by a new registry`,
    );
    console.log('| round | log | records/s | time |\n| ---: | --- | ---: | ---: |');
    for (const r of rows) console.log(r);
  } finally {
    client.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
