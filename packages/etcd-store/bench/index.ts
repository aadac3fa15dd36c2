/**
 * The etcd block log against the peers a user would pick, in the same run, rounds interleaved
 * (A B C, A B C, …) on one three-member etcd cluster on loopback:
 *  - compare-and-append through `etcdBlockLog` (ours) vs the same etcd transaction written by
 *    hand with the raw `etcd3` client (target ≥ 0.8×);
 *  - append latency p50 / p99 through etcd vs the SQLite log (WAL, synchronous=FULL) on the
 *    same blocks.
 * Blocks: 1 KiB of bytes and a 32-byte hash, appended one after another by one writer.
 *
 *   pnpm --filter @qcos/etcd-store bench            ROUNDS=5 PER_ROUND=300 by default
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BlockHead, BlockLog, StoredBlock } from '@qcos/interface';
import { openDatabase, sqliteBlockLog } from '@qcos/runtime';
import { Etcd3 } from 'etcd3';
import { blockKeys, encodeBlock, encodeHead } from '../src/block-keys.js';
import { etcdBlockLog, startEtcdCluster } from '../src/index.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PER_ROUND = Number(process.env.PER_ROUND ?? 300);
const bytes = new Uint8Array(1_024).fill(7);

function blockAt(height: number): StoredBlock {
  const hash = new Uint8Array(32);
  new DataView(hash.buffer).setUint32(0, height);
  return { height, hash, bytes };
}

/** Appends `n` blocks one after another with `append`; returns each append's milliseconds. */
type Appender = (block: StoredBlock, expected: BlockHead | null) => Promise<void>;
function chain(append: Appender) {
  let expected: BlockHead | null = null;
  return async (n: number): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const b = blockAt(expected === null ? 1 : expected.height + 1);
      const t0 = performance.now();
      await append(b, expected);
      times.push(performance.now() - t0);
      expected = { height: b.height, hash: b.hash };
    }
    return times;
  };
}

/** The transaction of docs/spec/etcd-block-log.md §2, written directly against etcd3. */
function rawTxn(client: Etcd3, prefix: string): Appender {
  const keys = blockKeys(prefix);
  return async (block, expected) => {
    const head =
      expected === null
        ? client.if(keys.head, 'Create', '==', 0)
        : client.if(keys.head, 'Value', '==', encodeHead(expected));
    const res = await head
      .and(keys.block(block.height), 'Create', '==', 0)
      .then(
        client.put(keys.head).value(encodeHead(block)),
        client.put(keys.block(block.height)).value(encodeBlock(block)),
      )
      .else(client.get(keys.head))
      .commit();
    if (!res.succeeded) throw new Error('raw transaction lost its head');
  };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};
const median = (xs: number[]) => quantile(xs, 0.5);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'etcd-bench-'));
  const cluster = await startEtcdCluster({ dir });
  const client = new Etcd3({ hosts: [...cluster.endpoints] });
  const log: BlockLog = etcdBlockLog(client, { prefix: '/bench/ours/' });
  const db = openDatabase(join(dir, 'sqlite.db'));
  const sqlite = sqliteBlockLog(db);
  const runs = {
    'etcdBlockLog.append (ours)': chain((b, e) => log.append(b, e)),
    'raw etcd3 transaction (peer)': chain(rawTxn(client, '/bench/raw/')),
    'sqliteBlockLog.append (embedded default)': chain((b, e) => sqlite.append(b, e)),
  };
  const samples = new Map<string, number[]>(Object.keys(runs).map((k) => [k, []]));
  const perRound = new Map<string, number[]>(Object.keys(runs).map((k) => [k, []]));
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of Object.entries(runs)) {
        const times = await run(PER_ROUND);
        samples.get(name)?.push(...times);
        perRound.get(name)?.push((PER_ROUND * 1_000) / times.reduce((a, b) => a + b, 0));
      }
    }
  } finally {
    await log.close();
    client.close();
    db.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report(samples, perRound);
}

function report(samples: Map<string, number[]>, perRound: Map<string, number[]>): void {
  console.log(
    `${ROUNDS} rounds × ${PER_ROUND} sequential appends of 1 KiB blocks, 3 etcd members on loopback\n`,
  );
  console.log('| append path | appends/s (median round) | p50 ms | p99 ms |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, times] of samples) {
    const rate = median(perRound.get(name) ?? []);
    console.log(
      `| ${name} | ${rate.toFixed(0)} | ${quantile(times, 0.5).toFixed(2)} | ${quantile(times, 0.99).toFixed(2)} |`,
    );
  }
  const ours = perRound.get('etcdBlockLog.append (ours)') ?? [];
  const raw = perRound.get('raw etcd3 transaction (peer)') ?? [];
  const ratios = ours.map((x, i) => x / (raw[i] as number));
  console.log(
    `\nours / raw etcd3, median of per-round ratios: ${median(ratios).toFixed(3)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')})`,
  );
}

await main();
