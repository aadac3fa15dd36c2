import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import {
  type JobOutcome,
  type JobRequest,
  type NodeExecutionContext,
  runJob,
} from './job-runner.js';
import type { WorkerJob } from './job-worker.js';

/** A finished job and how long it held its worker. */
export interface ExecutedJob {
  readonly outcome: JobOutcome;
  readonly busyMs: number;
}

/** Where the agent's jobs run. */
export interface JobExecutor {
  /**
   * Runs the job when a worker is free, queues it otherwise; `undefined` at once (nothing
   * queued) when every worker is busy and the queue is full.
   */
  submit(job: JobRequest, node: NodeExecutionContext): Promise<ExecutedJob> | undefined;
  /** Jobs running plus jobs queued. */
  readonly pending: number;
  /** Stops the workers; jobs not finished resolve as `STOPPED`. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Worker threads (each runs one job at a time). */
  readonly size: number;
  /** Jobs that may wait for a worker; beyond them submit() refuses. */
  readonly maxQueued: number;
}

interface Task {
  readonly message: WorkerJob;
  readonly resolve: (executed: ExecutedJob) => void;
  started: number;
}

const STOPPED: JobOutcome = { ok: false, code: 'STOPPED', message: 'the agent is stopping' };

/**
 * A small pool of worker threads (node:worker_threads) running jobs off the event loop, so
 * heartbeats, QKD rounds and the control endpoint keep their timing while a circuit runs.
 * Workers start on first use and live until close(); a worker that dies fails its job as
 * `INTERNAL` and is replaced on demand. Results equal runJob's in-thread results: the job's
 * seed travels with it.
 */
export class WorkerPool implements JobExecutor {
  private readonly live = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  get pending(): number {
    return this.running.size + this.queue.length;
  }

  submit(job: JobRequest, node: NodeExecutionContext): Promise<ExecutedJob> | undefined {
    if (this.closed || this.pending >= this.options.size + this.options.maxQueued) return undefined;
    return new Promise((resolve) => {
      this.queue.push({ message: { job, node }, resolve, started: 0 });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.resolve({ outcome: STOPPED, busyMs: 0 });
    await Promise.all([...this.live].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const worker =
        this.idle.pop() ?? (this.live.size < this.options.size ? this.spawn() : undefined);
      if (worker === undefined) return;
      const task = this.queue.shift()!;
      task.started = performance.now();
      this.running.set(worker, task);
      worker.postMessage(task.message);
    }
  }

  private spawn(): Worker {
    const worker = startJobWorker();
    this.live.add(worker);
    let failure = 'the worker thread exited';
    worker.on('message', (outcome: JobOutcome) => {
      this.settle(worker, outcome);
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
      const outcome = this.closed
        ? STOPPED
        : { ok: false as const, code: 'INTERNAL', message: failure };
      this.settle(worker, outcome);
      this.dispatch();
    });
    return worker;
  }

  private settle(worker: Worker, outcome: JobOutcome): void {
    const task = this.running.get(worker);
    if (task === undefined) return;
    this.running.delete(worker);
    task.resolve({ outcome, busyMs: performance.now() - task.started });
  }
}

/**
 * Starts one job worker thread: the bundled `job-worker.js` next to this module; when this
 * module runs as TypeScript source (tests), the `.ts` worker through the TypeScript loader.
 */
function startJobWorker(): Worker {
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './job-worker.ts' : './job-worker.js', import.meta.url);
  if (!source) return new Worker(url);
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * Runs jobs on the calling thread, one at a time, with the same admission rule (`capacity`
 * jobs at most): for unit tests with fake timers, and the reference the pool is checked
 * against.
 */
export function inThreadExecutor(capacity = 1): JobExecutor {
  let pending = 0;
  return {
    get pending() {
      return pending;
    },
    submit(job, node) {
      if (pending >= capacity) return undefined;
      pending++;
      const started = performance.now();
      const outcome = runJob(job, node);
      pending--;
      return Promise.resolve({ outcome, busyMs: performance.now() - started });
    },
    close: async () => {},
  };
}
