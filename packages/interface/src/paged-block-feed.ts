import type { BlockFeed, StoredBlock } from './block-log.js';
import { StoreError } from './errors.js';
import { checkIndex } from './store-arguments.js';

/**
 * What a paged feed or range reads from: the building block a `BlockLog` implementation supplies
 * so that `PagedBlockFeed` and `pagedRange` give it the contract's `follow` and `range`.
 */
export interface BlockPages {
  /** The next stored blocks with `from <= height < to`, ascending: at most one page. */
  page(from: number, to: number): StoredBlock[] | Promise<StoredBlock[]>;
  /**
   * Calls `listener` whenever blocks may have been stored since it was added: after each append
   * the implementation learns of, and as often as it must poll for writers it cannot hear. A
   * block stored after `onAppend` returned must be followed by at least one call. Returns the
   * function that removes the listener.
   */
  onAppend(listener: () => void): () => void;
}

/** How a feed starts: an error its first `next()` rejects with, and who to tell when it closes. */
export interface BlockFeedStart {
  readonly failure?: unknown;
  readonly onClose?: () => void;
}

/**
 * Every block from `fromHeight` on: reads a page at a time and, at the head, waits for the
 * source's append signal. Calls to `next()` are served one after another, so concurrent calls
 * resolve with consecutive blocks. Holds at most one page however far behind its reader is.
 */
export class PagedBlockFeed implements BlockFeed {
  private nextHeight: number;
  private buffer: StoredBlock[] = [];
  private done = false;
  // Set by every append signal, cleared before each read: a signal that arrives while a read is
  // under way (the read may have missed that block) makes the feed read again instead of waiting.
  private signalled = false;
  private failure: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;
  private readonly unlisten: () => void;
  private readonly onClose: (() => void) | undefined;
  private readonly pages: BlockPages;

  constructor(pages: BlockPages, fromHeight: number, start: BlockFeedStart = {}) {
    this.pages = pages;
    this.nextHeight = fromHeight;
    this.failure = start.failure;
    this.onClose = start.onClose;
    this.unlisten = pages.onAppend(() => {
      this.signalled = true;
      this.wake?.();
    });
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
        this.nextHeight = block.height + 1;
        return { done: false, value: block };
      }
      this.signalled = false;
      const page = await this.pages.page(this.nextHeight, Number.MAX_SAFE_INTEGER);
      if (this.done) return { done: true, value: undefined };
      this.buffer = page;
      if (page.length === 0 && !this.signalled) await this.idle();
    }
  }

  /** Waits for an append signal or close. */
  private idle(): Promise<void> {
    return new Promise((resolveIdle) => {
      this.wake = () => {
        this.wake = undefined;
        resolveIdle();
      };
    });
  }
}

/**
 * `BlockLog.range` over `pages`: blocks with `from <= height < to` read a page at a time; `to`
 * defaults to one past the head when the first block is requested. `open` throws once the log
 * is closed; `headHeight` is the height of the head (`undefined` while the log is empty).
 */
export function pagedRange(
  pages: Pick<BlockPages, 'page'>,
  open: () => void,
  headHeight: () => number | undefined | Promise<number | undefined>,
  from: number,
  to: number | undefined,
): AsyncIterable<StoredBlock> {
  return {
    async *[Symbol.asyncIterator]() {
      open();
      checkIndex(from, 'from');
      if (to !== undefined) checkIndex(to, 'to');
      const end = to ?? ((await headHeight()) ?? -1) + 1;
      let next = from;
      while (next < end) {
        open();
        const blocks = await pages.page(next, end);
        if (blocks.length === 0) return;
        for (const b of blocks) yield b;
        next = (blocks[blocks.length - 1] as StoredBlock).height + 1;
      }
    },
  };
}

/** The error a feed from `fromHeight` starts with: the log is closed or the height is malformed. */
function followFailure(open: () => void, fromHeight: number): unknown {
  try {
    open();
    checkIndex(fromHeight, 'fromHeight');
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * What every log instance keeps for `follow` and `close`: whether it is closed, and the feeds it
 * opened, so that closing the log ends them.
 */
export class BlockLogFeeds {
  private closed = false;
  private readonly feeds = new Set<PagedBlockFeed>();
  private readonly pages: BlockPages;

  constructor(pages: BlockPages) {
    this.pages = pages;
  }

  /** Throws STORE_CLOSED once the log is closed. */
  readonly open = (): void => {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'the block log is closed');
  };

  /** `BlockLog.follow`: a feed from `fromHeight`, ended by `close()`. */
  follow(fromHeight: number): BlockFeed {
    const feed: PagedBlockFeed = new PagedBlockFeed(this.pages, fromHeight, {
      failure: followFailure(this.open, fromHeight),
      onClose: () => this.feeds.delete(feed),
    });
    this.feeds.add(feed);
    return feed;
  }

  /** Marks the log closed and ends every feed it opened. */
  close(): void {
    this.closed = true;
    for (const feed of [...this.feeds]) feed.close();
  }
}
