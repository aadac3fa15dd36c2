import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type EksLink,
  type EksRoundOutcome,
  type EksRoundSide,
  runEksRound,
} from '@qcos/eks-qkd-sim';
import type { EksRoundRequest } from './eks-round-worker.js';

/** Why a round was not run: the pool was full, stopping, or its worker thread died. */
export type EksRoundRefusalCode = 'EKS_POOL_FULL' | 'EKS_POOL_STOPPED' | 'EKS_WORKER_FAILED';

/** A round's outcome, or a typed refusal (the caller's policy decides what a refusal means). */
export type EksRoundResult =
  | { readonly ok: true; readonly outcome: EksRoundOutcome }
  | { readonly ok: false; readonly code: EksRoundRefusalCode; readonly message: string };

/** Where a service's EKS rounds run: a worker pool, or (tests, reference) the calling thread. */
export interface EksRoundRunner {
  /** Runs runEksRound(seed, link, side); refuses at once (nothing queued) when full. */
  run(seed: Uint8Array, link: EksLink, side: EksRoundSide): Promise<EksRoundResult>;
  /** Rounds running plus rounds queued. */
  readonly pending: number;
  /** Stops the workers; rounds not finished resolve as EKS_POOL_STOPPED. */
  close(): Promise<void>;
}

export interface EksRoundPoolOptions {
  /** Worker threads, each running one round at a time (default 1). */
  readonly size?: number;
  /** Rounds that may wait for a worker (default 8); beyond them run() refuses EKS_POOL_FULL. */
  readonly maxQueued?: number;
  /** Starts one worker thread (tests count or replace workers); the bundled worker by default. */
  readonly startWorker?: () => Worker;
}

interface Task {
  readonly request: EksRoundRequest;
  readonly resolve: (result: EksRoundResult) => void;
}

const refusal = (code: EksRoundRefusalCode, message: string): EksRoundResult => ({
  ok: false,
  code,
  message,
});

/**
 * A small bounded pool of worker threads running EKS rounds (decoy-state BB84, 0.1 s to over a
 * second each) off the event loop, so a QAN's or relay's handshakes, packets and API answers keep
 * their timing while rounds run. Workers start on first use and live until close(); a worker that
 * dies refuses its round as EKS_WORKER_FAILED and is replaced on demand. Rounds are dispatched
 * in the order they were asked for. Results equal runEksRound's in-thread results: the round is
 * a pure function of its seed, link and side.
 */
export class EksRoundPool implements EksRoundRunner {
  private readonly live = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private readonly size: number;
  private readonly maxQueued: number;
  private readonly startWorker: () => Worker;
  private closed = false;

  constructor(options: EksRoundPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.maxQueued = Math.max(0, options.maxQueued ?? 8);
    this.startWorker = options.startWorker ?? startEksRoundWorker;
  }

  get pending(): number {
    return this.running.size + this.queue.length;
  }

  run(seed: Uint8Array, link: EksLink, side: EksRoundSide): Promise<EksRoundResult> {
    if (this.closed) return Promise.resolve(refusal('EKS_POOL_STOPPED', 'the pool is stopped'));
    if (this.pending >= this.size + this.maxQueued)
      return Promise.resolve(refusal('EKS_POOL_FULL', `${this.pending} rounds already pending`));
    return new Promise((resolve) => {
      this.queue.push({ request: { seed: Uint8Array.from(seed), link, side }, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0))
      task.resolve(refusal('EKS_POOL_STOPPED', 'the pool stopped'));
    await Promise.all([...this.live].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const worker = this.idle.pop() ?? (this.live.size < this.size ? this.spawn() : undefined);
      if (worker === undefined) return;
      const task = this.queue.shift()!;
      this.running.set(worker, task);
      worker.postMessage(task.request);
    }
  }

  private spawn(): Worker {
    const worker = this.startWorker();
    this.live.add(worker);
    let failure = 'the worker thread exited';
    worker.on('message', (outcome: EksRoundOutcome) => {
      this.settle(worker, { ok: true, outcome });
      this.idle.push(worker);
      this.dispatch();
    });
    worker.on('error', (error) => {
      failure = `the worker thread failed: ${String(error)}`;
    });
    worker.on('exit', () => {
      this.live.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.settle(
        worker,
        this.closed
          ? refusal('EKS_POOL_STOPPED', 'the pool stopped')
          : refusal('EKS_WORKER_FAILED', failure),
      );
      this.dispatch();
    });
    return worker;
  }

  private settle(worker: Worker, result: EksRoundResult): void {
    const task = this.running.get(worker);
    if (task === undefined) return;
    this.running.delete(worker);
    task.resolve(result);
  }
}

/** This module's own URL, in the ESM bundle, the CJS bundle and as TypeScript source (tests). */
function moduleUrl(): string {
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
}

/**
 * Starts one EKS round worker thread: the bundled `eks-round-worker` next to the runtime's
 * bundle; when this module runs as TypeScript source (tests), the `.ts` worker through the
 * TypeScript loader.
 */
export function startEksRoundWorker(): Worker {
  const here = moduleUrl();
  if (here.endsWith('.ts')) {
    const url = new URL('./eks-round-worker.ts', here);
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(
    new URL(here.endsWith('.cjs') ? './eks-round-worker.cjs' : './eks-round-worker.js', here),
  );
}

/**
 * Runs rounds on the calling thread with the same admission rule (`capacity` rounds at most): the
 * reference the pool is checked against, and for unit tests with fake timers. `onRound` counts.
 */
export function inThreadEksRounds(capacity = 1, onRound?: () => void): EksRoundRunner {
  let pending = 0;
  let closed = false;
  return {
    get pending() {
      return pending;
    },
    async run(seed, link, side) {
      if (closed) return refusal('EKS_POOL_STOPPED', 'the runner is stopped');
      if (pending >= capacity) return refusal('EKS_POOL_FULL', `${pending} rounds already pending`);
      pending++;
      onRound?.();
      const outcome = runEksRound(seed, link, side);
      pending--;
      return { ok: true, outcome };
    },
    close: async () => {
      closed = true;
    },
  };
}
