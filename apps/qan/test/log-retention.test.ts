/**
 * Which QAN prunes the shared log, when and how far: only at its own snapshot heights, only
 * where protocol 2 is in force, never past its own archive; and a failure is logged, not thrown.
 */
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import type { StoredBlock } from '@qcos/interface';
import {
  createGenesis,
  DEFAULT_POLICY,
  type RegistryState,
  type StatusPolicy,
} from '@qcos/registry-core';
import { openDatabase, sqliteBlockLog } from '@qcos/runtime';
import { describe, expect, it } from 'vitest';
import { BlockArchive } from '../src/registry/block-archive.js';
import { LogRetention } from '../src/registry/log-retention.js';
import { recordingLogger } from './recording-logger.js';

const self = hybridQuid(hybridKeyFromSeed(new Uint8Array(32).fill(5)).publicKey);
const other = hybridQuid(hybridKeyFromSeed(new Uint8Array(32).fill(6)).publicKey);
const V2: StatusPolicy = { ...DEFAULT_POLICY, protocol: 2, protocolHeight: 30 };
const genesis = createGenesis({
  networkId: 'test',
  anchorPublicKey: hybridKeyFromSeed(new Uint8Array(32).fill(5)).publicKey,
});

/** A state at `height` under `policy` (only height and policy matter to retention). */
const at = (height: number, policy: StatusPolicy = V2): RegistryState => ({
  ...genesis,
  height,
  policy,
});

async function archiveOf(height: number): Promise<BlockArchive> {
  const log = sqliteBlockLog(openDatabase(':memory:'));
  const block = (h: number): StoredBlock => ({
    height: h,
    hash: new Uint8Array(32).fill(h),
    bytes: Uint8Array.of(h),
  });
  for (let h = 1; h <= height; h++)
    await log.append(block(h), h === 1 ? null : { height: h - 1, hash: block(h - 1).hash });
  return new BlockArchive(log, sqliteBlockLog(openDatabase(':memory:')), recordingLogger().logger);
}

function retention(
  archive: BlockArchive,
  prune: (below: number) => Promise<number>,
  retainBlocks = 10,
) {
  const calls: string[] = [];
  const { logger, lines } = recordingLogger();
  const r = new LogRetention({
    shared: {
      prune: async (below) => {
        calls.push(`prune ${below}`);
        return prune(below);
      },
      reclaim: async () => {
        calls.push('reclaim');
        return { revision: 7, members: [] };
      },
    },
    archive,
    retainBlocks,
    everyBlocks: 20,
    self,
    logger,
  });
  return { r, calls, lines };
}

describe('LogRetention', () => {
  it('at its own snapshot height, prunes below height − retainBlocks and reclaims etcd’s space', async () => {
    const { r, calls, lines } = retention(await archiveOf(60), async (b) => b);
    r.onBlock(at(60), self);
    await r.idle();
    expect(calls).toStrictEqual(['prune 50', 'reclaim']);
    expect(r.pruned).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'shared log pruned and etcd space reclaimed',
        base: 50,
        revision: 7,
      }),
    );
  });

  it('does nothing at a height that is not a snapshot height, or whose block another QAN signed', async () => {
    const { r, calls } = retention(await archiveOf(60), async (b) => b);
    r.onBlock(at(59), self);
    r.onBlock(at(60), other);
    await r.idle();
    expect(calls).toStrictEqual([]);
  });

  it('does nothing with retainBlocks 0', async () => {
    const { r, calls } = retention(await archiveOf(60), async (b) => b, 0);
    r.onBlock(at(60), self);
    await r.idle();
    expect(calls).toStrictEqual([]);
  });

  it('never prunes below a height where protocol 2 is not in force', async () => {
    const archive = await archiveOf(60);
    const { r } = retention(archive, async (b) => b);
    expect(await r.target(at(39))).toBeUndefined(); // 29: protocol 1
    expect(await r.target(at(40))).toBe(30);
    expect(await r.target(at(60, DEFAULT_POLICY))).toBeUndefined();
    expect(await r.target(at(11))).toBeUndefined(); // below 1
  });

  it('never prunes past what its own archive holds', async () => {
    const { r, calls } = retention(await archiveOf(42), async (b) => b);
    expect(await r.target(at(60))).toBe(43);
    r.onBlock(at(60), self);
    await r.idle();
    expect(calls).toStrictEqual(['prune 43', 'reclaim']);
    const none = retention(await archiveOf(0), async (b) => b);
    expect(await none.r.target(at(60))).toBe(1);
    none.r.onBlock(at(60), self);
    await none.r.idle();
    expect(none.calls).toStrictEqual([]);
  });

  it('logs a failure and goes on; a run in progress makes the next height wait', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { r, calls, lines } = retention(await archiveOf(100), async () => {
      await gate;
      throw new Error('no quorum');
    });
    r.onBlock(at(60), self);
    r.onBlock(at(80), self);
    release();
    await r.idle();
    expect(calls).toStrictEqual(['prune 50']);
    expect(r.pruned).toBe(0);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'shared log retention failed', height: 60 }),
    );
  });
});
