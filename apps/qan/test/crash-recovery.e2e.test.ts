import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNode,
  getJson,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  type TestNode,
  until,
} from './harness.js';

interface Root {
  height: number;
  root: string;
}
interface BlockPage {
  height: number;
  blocks: { height: number; hash: string }[];
}

const nodes: TestNode[] = [
  { alias: 'rigel', scope: 'eu-west', seed: seed(11) },
  { alias: 'sirius', scope: 'eu-west', seed: seed(12) },
];

describe('QAN crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qan-crash-'));
  // Heartbeats far over the per-peer limits, so that blocks are written all the time.
  const config = qanConfig(join(dir, 'data'), nodes, {
    blockIntervalMs: 10,
    peerPacketBurst: 100_000,
    peerPacketsPerSecond: 100_000,
    peerRegistryBurst: 100_000,
    peerRegistryPerSecond: 100_000,
  });
  let qan: QanProcess | undefined;

  beforeAll(() => requireBuilt());
  afterAll(async () => {
    await qan?.stop();
  });

  it('kill -9 during block writes loses no acknowledged block and keeps the Merkle root', async () => {
    qan = await startQan(config, dir);
    const peers = await Promise.all(nodes.map((n) => connectNode(qan!.transport, n)));
    // Heartbeat hard so blocks are being written when the process dies.
    const pump = setInterval(() => {
      for (const p of peers) p.heartbeat();
    }, 5);
    const acknowledged = new Map<number, { root: string; hash: string }>();
    await until(async () => {
      const root = await getJson<Root>(`${qan!.http}/api/v1/merkle/root`);
      const page = await getJson<BlockPage>(
        `${qan!.http}/api/v1/blocks?from=${root.height}&limit=1`,
      );
      const block = page.blocks[0];
      if (block !== undefined && block.height === root.height)
        acknowledged.set(root.height, { root: root.root, hash: block.hash });
      return acknowledged.size >= 8 ? true : undefined;
    }, 40_000);
    await qan.kill9();
    clearInterval(pump);
    for (const p of peers) await p.close().catch(() => {});

    qan = await startQan(config, dir);
    const after = await getJson<Root>(`${qan.http}/api/v1/merkle/root`);
    for (const [height, seen] of acknowledged) {
      expect(after.height).toBeGreaterThanOrEqual(height);
      const block = await getJson<{ hash: string }>(`${qan.http}/api/v1/blocks/${height}`);
      expect(block.hash).toBe(seen.hash);
      const root = await getJson<Root>(`${qan.http}/api/v1/merkle/root?height=${height}`);
      expect(root.root).toBe(seen.root);
    }
    // The recovered head is the one the log holds: folding it again gives the same root.
    const replayed = await getJson<Root>(`${qan.http}/api/v1/merkle/root?height=${after.height}`);
    expect(replayed.root).toBe(after.root);
    // The second start's recovery line (the log file is shared by both runs).
    const recovered = qan
      .logLines()
      .filter((l) => l['msg'] === 'registry recovered from the block log')
      .at(-1);
    expect(recovered?.['height']).toBeGreaterThanOrEqual(Math.max(...acknowledged.keys()));
    expect(recovered?.['height']).toBeLessThanOrEqual(after.height);
  }, 120_000);
});
