/**
 * The QAN's local archive of the shared log: a copy, in its own database, of every block it has
 * folded, so that the network's log in etcd can be pruned (retention) while the full history
 * stays readable at each QAN — by its API, and by the relays it feeds from height 1.
 *
 * The archive is a chain from height 1: a QAN that started from a snapshot handed over by another
 * QAN copies the older blocks from the shared log if it still holds them, and keeps no archive if
 * it does not (its reads then go to the shared log). An archive that falls behind and cannot
 * catch up (an append failed, or the shared log was pruned past it) stops growing, is reported
 * once, and bounds what this QAN prunes.
 */
import type { BlockFeed, BlockHead, BlockLog, StoredBlock } from '@qcos/interface';
import type { Logger } from '@qcos/runtime';

export class BlockArchive {
  private stopped = false;
  /** The archive's last block, once read: every append goes through here, so it stays true. */
  private top: BlockHead | null | undefined;

  constructor(
    private readonly archive: BlockLog,
    private readonly shared: BlockLog,
    private readonly logger: Logger,
  ) {}

  /** Height of the last archived block (0: none). */
  async height(): Promise<number> {
    return (await this.archive.head())?.height ?? 0;
  }

  /** Archives a block just folded, on the archive's own head (a gap stops the archive). */
  async add(block: StoredBlock): Promise<void> {
    if (this.stopped) return;
    try {
      await this.append(block);
    } catch (error) {
      this.stop(error, block.height);
    }
  }

  /** The archive's head, read from it once and kept by every append after. */
  private async head(): Promise<BlockHead | null> {
    if (this.top === undefined) {
      const head = await this.archive.head();
      this.top = head === undefined ? null : { height: head.height, hash: head.hash };
    }
    return this.top;
  }

  private async append(block: StoredBlock): Promise<void> {
    await this.archive.append(block, await this.head());
    this.top = { height: block.height, hash: block.hash };
  }

  /**
   * Copies the blocks the archive lacks up to `height` from the shared log (after recovery). An
   * archive the shared log can no longer fill (pruned past it) stops.
   */
  async fill(height: number): Promise<void> {
    const from = ((await this.head())?.height ?? 0) + 1;
    let next = from;
    try {
      for await (const block of this.shared.range(from, height + 1)) {
        await this.append(block);
        next = block.height + 1;
      }
    } catch (error) {
      this.stop(error, next);
    }
  }

  private stop(error: unknown, height: number): void {
    if (this.stopped) return;
    this.stopped = true;
    this.logger.warn(
      { err: error, height },
      'block archive stops here: its reads go to the shared log from this height on',
    );
  }

  /**
   * The log to read from: archived heights from the archive, the rest (and every write) from
   * the shared log.
   */
  reads(): BlockLog {
    const { archive, shared } = this;
    const top = async () => (await archive.head())?.height ?? 0;
    return {
      firstHeight: shared.firstHeight,
      head: () => shared.head(),
      append: (block, expected) => shared.append(block, expected),
      count: () => shared.count(),
      close: () => shared.close(),
      range: (from, to) => archivedRange(archive, shared, top, from, to),
      follow: (from) => archivedFeed(archive, shared, top, from),
    };
  }
}

async function* archivedRange(
  archive: BlockLog,
  shared: BlockLog,
  top: () => Promise<number>,
  from: number,
  to?: number,
): AsyncGenerator<StoredBlock> {
  let next = from;
  const archived = await top();
  if (next <= archived) {
    const end = Math.min(to ?? Number.POSITIVE_INFINITY, archived + 1);
    for await (const block of archive.range(next, end)) yield block;
    next = end;
  }
  if (to === undefined || next < to) yield* shared.range(next, to);
}

/** Archived blocks from `from`, then the shared log's feed from where the archive ends. */
function archivedFeed(
  archive: BlockLog,
  shared: BlockLog,
  top: () => Promise<number>,
  from: number,
): BlockFeed {
  let closed = false;
  let live: BlockFeed | undefined;
  async function* blocks(): AsyncGenerator<StoredBlock> {
    let next = from;
    const archived = await top();
    if (next <= archived) {
      for await (const block of archive.range(next, archived + 1)) {
        if (closed) return;
        yield block;
        next = block.height + 1;
      }
    }
    if (closed) return;
    live = shared.follow(next);
    yield* live;
  }
  const feed = blocks();
  return Object.assign(feed, {
    close: () => {
      closed = true;
      live?.close();
    },
    [Symbol.asyncIterator]() {
      return feed;
    },
  });
}
