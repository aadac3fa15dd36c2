import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { etcdBlockLog, startEtcdCluster } from '../src/index.js';

/** Starts three etcd members, appends two blocks, follows the log; returns the heights read. */
export async function example(): Promise<number[]> {
  const cluster = await startEtcdCluster({ dir: mkdtempSync(join(tmpdir(), 'etcd-')), size: 3 });
  const client = new Etcd3({ hosts: [...cluster.endpoints] });
  const log = etcdBlockLog(client, { prefix: '/qcos/devnet/log/' });
  try {
    const hash = (n: number) => new Uint8Array(32).fill(n);
    const bytes = new TextEncoder().encode('a signed block');
    await log.append({ height: 1, hash: hash(1), bytes }, null); // committed by a quorum
    await log.append({ height: 2, hash: hash(2), bytes }, { height: 1, hash: hash(1) });
    const heights: number[] = [];
    for await (const block of log.follow(1)) {
      heights.push(block.height); // stored blocks, then each new one, from any writer
      if (block.height === 2) break;
    }
    return heights;
  } finally {
    await log.close();
    client.close();
    await cluster.stop();
  }
}

console.log(await example()); // [ 1, 2 ]
