import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlockLog } from '@qcos/interface';
import type { StoreFixture } from '@qcos/interface-compliance-tests';
import { Etcd3 } from 'etcd3';
import { afterAll } from 'vitest';
import {
  type EtcdBlockLogOptions,
  type EtcdCluster,
  etcdBlockLog,
  startEtcdCluster,
} from '../src/index.js';

let started: Promise<{ cluster: EtcdCluster; dir: string }> | undefined;

/**
 * One real etcd cluster (three members on 127.0.0.1) for the whole test file, started on first
 * use and stopped by PID after the file's tests.
 */
export function sharedCluster(): Promise<{ cluster: EtcdCluster; dir: string }> {
  started ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etcd-'));
    const cluster = await startEtcdCluster({ dir });
    return { cluster, dir };
  })();
  return started;
}

afterAll(async () => {
  if (started === undefined) return;
  const { cluster, dir } = await started;
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

let fixtures = 0;

/**
 * A fresh log under its own key prefix. Each instance has its own client, connected to one
 * member in turn, so two instances are two writers on different members. `restart` kills every
 * member with SIGKILL and starts them again: what an acknowledged append wrote must survive.
 */
export async function etcdLogFixture(
  options: EtcdBlockLogOptions = {},
): Promise<StoreFixture<BlockLog>> {
  const { cluster } = await sharedCluster();
  const prefix = `/test/${process.pid}/${++fixtures}/`;
  const opened: { client: Etcd3; log: BlockLog }[] = [];
  const closeAll = async () => {
    for (const { client, log } of opened.splice(0)) {
      await log.close();
      client.close();
    }
  };
  let next = 0;
  return {
    open: async () => {
      const client = new Etcd3({
        hosts: cluster.endpoints[next++ % cluster.endpoints.length] as string,
      });
      const log = etcdBlockLog(client, { pageSize: 16, ...options, prefix });
      opened.push({ client, log });
      return log;
    },
    restart: async () => {
      await closeAll();
      await Promise.all(cluster.members.map((m) => m.stop('SIGKILL')));
      for (const m of cluster.members) m.start();
      await cluster.ready();
    },
    dispose: async () => {
      await closeAll();
      const client = new Etcd3({ hosts: [...cluster.endpoints] });
      await client.delete().prefix(prefix);
      client.close();
    },
  };
}
