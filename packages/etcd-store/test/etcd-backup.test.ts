import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredBlock } from '@qcos/interface';
import { expectBytes, testBlock } from '@qcos/interface-compliance-tests';
import { Etcd3 } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type EtcdCluster,
  EtcdProcessError,
  etcdBlockLog,
  freePort,
  saveSnapshot,
  startEtcdCluster,
} from '../src/index.js';

// Backup and restore of a cluster's block log, once, with etcd's own tools: `etcdctl snapshot
// save` from a running member, `etcdctl snapshot restore` into the members of a new cluster,
// which then serves every block and takes the next append.

const dir = mkdtempSync(join(tmpdir(), 'etcd-backup-'));
const clusters: EtcdCluster[] = [];
afterAll(async () => {
  for (const c of clusters) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PREFIX = '/backup/log/';

async function blocksOf(endpoints: readonly string[]): Promise<StoredBlock[]> {
  const client = new Etcd3({ hosts: [...endpoints] });
  const log = etcdBlockLog(client, { prefix: PREFIX });
  const blocks: StoredBlock[] = [];
  for await (const b of log.range(1)) blocks.push(b);
  await log.close();
  client.close();
  return blocks;
}

/** The EtcdProcessError code and message `call` fails with. */
async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof EtcdProcessError) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: 'none', message: '' };
}

describe('etcd snapshot save and restore', () => {
  it('a new cluster restored from a snapshot holds every block and head, and appends on it', async () => {
    const original = await startEtcdCluster({ dir: join(dir, 'original') });
    clusters.push(original);
    const client = new Etcd3({ hosts: [...original.endpoints] });
    const log = etcdBlockLog(client, { prefix: PREFIX });
    let head = null as { height: number; hash: Uint8Array } | null;
    for (let height = 1; height <= 20; height++) {
      const block = testBlock(height, 700);
      await log.append(block, head);
      head = { height, hash: block.hash };
    }
    await log.close();
    client.close();
    const snapshot = join(dir, 'log.snapshot');
    await saveSnapshot(original.endpoints[1] as string, snapshot);
    const before = await blocksOf(original.endpoints);
    await original.stop();

    const restored = await startEtcdCluster({ dir: join(dir, 'restored'), restoreFrom: snapshot });
    clusters.push(restored);
    expect(restored.endpoints).not.toStrictEqual(original.endpoints);
    const after = await blocksOf(restored.endpoints);
    expect(after.map((b) => b.height)).toStrictEqual(before.map((b) => b.height));
    for (const [i, b] of after.entries()) {
      expectBytes(b.hash, (before[i] as StoredBlock).hash);
      expectBytes(b.bytes, (before[i] as StoredBlock).bytes);
    }
    const nextClient = new Etcd3({ hosts: [...restored.endpoints] });
    const next = etcdBlockLog(nextClient, { prefix: PREFIX });
    const restoredHead = await next.head();
    expect(restoredHead?.height).toBe(20);
    await next.append(testBlock(21, 700), { height: 20, hash: restoredHead?.hash as Uint8Array });
    expect(await next.count()).toBe(21);
    await next.close();
    nextClient.close();
  });

  it('fails ETCD_BACKUP_FAILED when no member answers, and when the snapshot file is missing', async () => {
    const port = await freePort();
    const unreachable = await failure(
      saveSnapshot(`http://127.0.0.1:${port}`, join(dir, 'never.snapshot'), { timeoutMs: 3_000 }),
    );
    expect(unreachable).toStrictEqual({
      code: 'ETCD_BACKUP_FAILED',
      message: 'etcdctl snapshot save failed: no answer within 3000 ms',
    });
    const missing = join(dir, 'missing.snapshot');
    const restore = await failure(
      startEtcdCluster({ dir: join(dir, 'from-nothing'), size: 1, restoreFrom: missing }),
    );
    expect(restore.code).toBe('ETCD_BACKUP_FAILED');
    expect(restore.message).toMatch(/^etcdctl snapshot restore failed: .*missing\.snapshot/);
  });
});
