/**
 * Cluster convergence (docs/benchmarks/cluster.md): how long after one QAN commits a block does
 * another QAN of the same etcd-backed registry have it folded (and so answer for it in its API,
 * which reads the folded state)? Two registries, each with its own etcd3 client to a different
 * member of a three-member cluster on loopback; QAN-1 seals one heartbeat per round, QAN-2 follows.
 * Reported: p50 / p99 from QAN-1's append acknowledged to QAN-2's fold of that block, and from the
 * seal's start (submission) to QAN-2's fold.
 *
 *   pnpm --filter @qcos/qan build && pnpm --filter @qcos/qan exec tsx bench/convergence.ts
 *   ROUNDS=500 … (default 300)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { etcdBlockLog, startEtcdCluster } from '@qcos/etcd-store';
import { hybridKeyFromSeed } from '@qcos/identity';
import {
  createLogger,
  openDatabase,
  sqliteBlockRootStore,
  sqliteSnapshotStore,
} from '@qcos/runtime';
import { Etcd3 } from 'etcd3';
import { RegistryService } from '../src/registry/registry-service.js';
import { clusterGenesis, healthyReport } from '../test/registry-fixtures.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 300);
const seed = (n: number) => new Uint8Array(32).fill(n);
const qanKeys = [hybridKeyFromSeed(seed(81)), hybridKeyFromSeed(seed(82))];
const genesis = clusterGenesis('bench', hybridKeyFromSeed(seed(80)), qanKeys);
const report = healthyReport;

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'convergence-'));
  const cluster = await startEtcdCluster({ dir: join(dir, 'etcd') });
  const folded = new Map<number, number>();
  const open = async (i: number, onBlock?: (height: number) => void) => {
    const client = new Etcd3({ hosts: cluster.endpoints[i] as string });
    const log = etcdBlockLog(client, { prefix: '/bench/log/' });
    const db = openDatabase(join(dir, `qan-${i}.db`));
    const registry = await RegistryService.open({
      genesis,
      signingKey: qanKeys[i] as (typeof qanKeys)[number],
      log,
      snapshots: sqliteSnapshotStore(db),
      roots: sqliteBlockRootStore(db),
      snapshotEvery: 1_000,
      logger: createLogger({ name: 'bench', level: 'silent' }),
      ...(onBlock !== undefined ? { onBlock: (state) => onBlock(state.height) } : {}),
    });
    registry.startFollowing();
    return {
      registry,
      close: async () => {
        registry.stopFollowing();
        await log.close();
        client.close();
        db.close();
      },
    };
  };
  const waiting = new Map<number, () => void>();
  const first = await open(0);
  const second = await open(1, (height) => {
    folded.set(height, performance.now());
    waiting.get(height)?.();
  });
  const fromAck: number[] = [];
  const fromSubmit: number[] = [];
  try {
    const reg = first.registry;
    void reg.submit({
      kind: 'REGISTER',
      alias: 'rigel',
      address: 'rigel.example:7400',
      scope: 'eu-west',
      qubitCapacity: 20,
      publicKey: qanKeys[0]!.publicKey.slice(0, 32),
      atMs: 1,
    });
    await reg.seal();
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      void reg.submit({ kind: 'HEARTBEAT', alias: 'rigel', atMs: 1_000 + r, report });
      const height = (await reg.seal()) as number;
      const acked = performance.now();
      if (!folded.has(height)) await new Promise<void>((resolve) => waiting.set(height, resolve));
      const seen = folded.get(height) as number;
      fromAck.push(Math.max(0, seen - acked));
      fromSubmit.push(seen - t0);
    }
  } finally {
    await first.close();
    await second.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const ms = (x: number) => x.toFixed(2);
  console.log(`${ROUNDS} blocks committed at QAN-1, folded at QAN-2 (3 etcd members on loopback)`);
  console.log(
    `append acknowledged at QAN-1 -> folded at QAN-2: p50 ${ms(quantile(fromAck, 0.5))} ms, p99 ${ms(quantile(fromAck, 0.99))} ms`,
  );
  console.log(
    `submitted at QAN-1 -> folded at QAN-2:          p50 ${ms(quantile(fromSubmit, 0.5))} ms, p99 ${ms(quantile(fromSubmit, 0.99))} ms`,
  );
  console.log(
    `QAN-2 folded before QAN-1's append resolved in ${fromAck.filter((x) => x === 0).length} of ${ROUNDS} rounds`,
  );
}

await main();
