import type { BlockFeed, StoredBlock } from '@qcos/interface';

/** What a feed reads from: pages of stored blocks and a signal when blocks are appended. */
export interface BlockFeedSource {
  /** The next stored blocks with `from <= height < to`, ascending (at most one page). */
  page(from: number, to: number): StoredBlock[];
  /** Calls `listener` after each append to the storage; returns the function that stops it. */
  onAppend(listener: () => void): () => void;
  /** How long an idle feed waits before it reads again without a signal. */
  readonly pollIntervalMs: number;
}

/** How a feed starts: an error its first `next()` rejects with, and who to tell when it closes. */
export interface BlockFeedStart {
  readonly failure?: unknown;
  readonly onClose?: () => void;
}

/**
 * Every block from `fromHeight` on: reads a page at a time and, at the head, waits for an append
 * signal or the poll interval. Calls to `next()` are served one after another.
 */
export class SqliteBlockFeed implements BlockFeed {
  private next_: number;
  private buffer: StoredBlock[] = [];
  private done = false;
  private failure: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly unlisten: () => void;
  private readonly onClose: (() => void) | undefined;
  private readonly source: BlockFeedSource;

  constructor(source: BlockFeedSource, fromHeight: number, start: BlockFeedStart = {}) {
    this.source = source;
    this.next_ = fromHeight;
    this.failure = start.failure;
    this.onClose = start.onClose;
    this.unlisten = source.onAppend(() => this.wake?.());
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StoredBlock>> {
    const result = this.queue.then(() => this.pull());
    this.queue = result.catch(() => undefined);
    return result;
  }

  async return(): Promise<IteratorResult<StoredBlock>> {
    this.close();
    return { done: true, value: undefined };
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.buffer = [];
    this.unlisten();
    this.onClose?.();
    this.wake?.();
  }

  private async pull(): Promise<IteratorResult<StoredBlock>> {
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      this.close();
      throw failure;
    }
    for (;;) {
      if (this.done) return { done: true, value: undefined };
      const block = this.buffer.shift();
      if (block !== undefined) {
        this.next_ = block.height + 1;
        return { done: false, value: block };
      }
      this.buffer = this.source.page(this.next_, Number.MAX_SAFE_INTEGER);
      if (this.buffer.length === 0) await this.idle();
    }
  }

  /** Waits for an append signal, the poll interval, or close. */
  private idle(): Promise<void> {
    return new Promise((resolveIdle) => {
      this.wake = () => {
        this.wake = undefined;
        clearTimeout(this.timer);
        resolveIdle();
      };
      this.timer = setTimeout(() => this.wake?.(), this.source.pollIntervalMs);
      this.timer.unref();
    });
  }
}
