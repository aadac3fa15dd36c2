import { Worker } from 'node:worker_threads';
import * as sim from '@qcos/eks-qkd-sim';
import { DEFAULT_EKS_LINK, eksRoundSeed } from '@qcos/eks-qkd-sim';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EksRoundPool,
  type EksRoundPoolOptions,
  inThreadEksRounds,
  startEksRoundWorker,
} from '../src/eks/eks-round-pool.js';

// Counts rounds run on this (the main) thread; the worker threads load their own copy.
vi.mock('@qcos/eks-qkd-sim', async (original) => {
  const actual = await original<typeof import('@qcos/eks-qkd-sim')>();
  return { ...actual, runEksRound: vi.fn(actual.runEksRound) };
});
const mainThreadRounds = () => vi.mocked(sim.runEksRound).mock.calls.length;

const LINK = { ...DEFAULT_EKS_LINK, distanceKm: 10, pulsesPerRound: 2 ** 18 };
const seedOf = (round: number) => eksRoundSeed(new Uint8Array(32).fill(7), round);

const pools: EksRoundPool[] = [];
/** A pool whose workers are counted; closed after each test. */
function poolOf(options: EksRoundPoolOptions = {}) {
  const workers: Worker[] = [];
  const exited: number[] = [];
  const pool = new EksRoundPool({
    startWorker: () => {
      const worker = startEksRoundWorker();
      workers.push(worker);
      worker.on('exit', () => exited.push(worker.threadId));
      return worker;
    },
    ...options,
  });
  pools.push(pool);
  return { pool, workers, exited };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('EksRoundPool', () => {
  it('runs a round in a worker thread: no round on the main thread, and the outcome byte-identical to the in-thread one', async () => {
    const { pool, workers } = poolOf();
    const before = mainThreadRounds();
    const bob = await pool.run(seedOf(0), LINK, 'bob');
    const alice = await pool.run(seedOf(0), LINK, 'alice');
    expect(mainThreadRounds() - before).toBe(0);
    expect(workers).toHaveLength(1);
    if (!bob.ok || !alice.ok || !bob.outcome.ok || !alice.outcome.ok) throw new Error('refused');
    expect(bob.outcome.key.length).toBeGreaterThan(0);
    expect(bob.outcome).toEqual(sim.runEksRound(seedOf(0), LINK, 'bob'));
    expect(alice.outcome).toEqual(sim.runEksRound(seedOf(0), LINK, 'alice'));
    expect(Buffer.from(alice.outcome.key).equals(Buffer.from(bob.outcome.key))).toBe(true);
    const inThread = await inThreadEksRounds().run(seedOf(0), LINK, 'bob');
    expect(inThread).toEqual(bob);
  });

  it('gives an aborting round the same loss reason as the in-thread round', async () => {
    const { pool } = poolOf();
    const tapped = { ...LINK, eavesdropper: 0.5 };
    const result = await pool.run(seedOf(1), tapped, 'bob');
    expect(result).toEqual({ ok: true, outcome: sim.runEksRound(seedOf(1), tapped, 'bob') });
    if (!result.ok) throw new Error('refused');
    expect(result.outcome.ok).toBe(false);
  });

  it('refuses EKS_POOL_FULL at once beyond its size plus its queue cap, without queueing', async () => {
    const { pool } = poolOf({ size: 1, maxQueued: 2 });
    const accepted = [0, 1, 2].map((r) => pool.run(seedOf(r), LINK, 'bob'));
    expect(pool.pending).toBe(3);
    const refused = await pool.run(seedOf(3), LINK, 'bob');
    expect(refused).toMatchObject({ ok: false, code: 'EKS_POOL_FULL' });
    expect(pool.pending).toBe(3);
    const results = await Promise.all(accepted);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(pool.pending).toBe(0);
  });

  it('resolves pending rounds EKS_POOL_STOPPED on close, terminates its workers and refuses later rounds', async () => {
    const { pool, workers, exited } = poolOf({ size: 1, maxQueued: 2 });
    const pending = [0, 1, 2].map((r) => pool.run(seedOf(r), LINK, 'bob'));
    await pool.close();
    const results = await Promise.all(pending);
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'EKS_POOL_STOPPED',
      'EKS_POOL_STOPPED',
      'EKS_POOL_STOPPED',
    ]);
    expect(exited).toEqual(workers.map((w) => w.threadId));
    expect(await pool.run(seedOf(3), LINK, 'bob')).toMatchObject({
      ok: false,
      code: 'EKS_POOL_STOPPED',
    });
  });

  it('refuses EKS_WORKER_FAILED when its worker thread dies, and starts a new one for the next round', async () => {
    let started = 0;
    const pool = new EksRoundPool({
      startWorker: () =>
        ++started === 1 ? new Worker('process.exit(3)', { eval: true }) : startEksRoundWorker(),
    });
    pools.push(pool);
    expect(await pool.run(seedOf(0), LINK, 'bob')).toMatchObject({
      ok: false,
      code: 'EKS_WORKER_FAILED',
    });
    expect(await pool.run(seedOf(0), LINK, 'bob')).toEqual({
      ok: true,
      outcome: sim.runEksRound(seedOf(0), LINK, 'bob'),
    });
    expect(started).toBe(2);
  });

  it('keeps the event loop turning while rounds run: a setImmediate ticker advances, where in-thread rounds stop it', async () => {
    const ticking = (work: () => Promise<unknown>) => {
      let ticks = 0;
      let on = true;
      const tick = () => {
        ticks++;
        if (on) setImmediate(tick);
      };
      setImmediate(tick);
      return work().then(() => {
        on = false;
        return ticks;
      });
    };
    const { pool } = poolOf({ size: 1, maxQueued: 3 });
    await pool.run(seedOf(9), LINK, 'bob'); // the worker started and warmed
    const rounds = [0, 1, 2, 3];
    const pooled = await ticking(() =>
      Promise.all(rounds.map((r) => pool.run(seedOf(r), LINK, 'bob'))),
    );
    expect(pooled).toBeGreaterThanOrEqual(20);
    const inThread = inThreadEksRounds(4);
    const blocked = await ticking(async () => {
      for (const r of rounds) await inThread.run(seedOf(r), LINK, 'bob');
    });
    expect(blocked).toBeLessThanOrEqual(1);
  });
});
