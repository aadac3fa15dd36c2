import {
  type BlockHead,
  type BlockLog,
  BlockLogFeeds,
  type BlockPages,
  checkAppend,
  checkIndex,
  HeadConflictError,
  pagedRange,
  type StoredBlock,
  StoreError,
} from '@qcos/interface';
import type { Etcd3 } from 'etcd3';
import { appendWatch } from './append-watch.js';
import {
  type BlockKeys,
  blockKeys,
  decodeBlock,
  decodeHead,
  encodeBlock,
  encodeHead,
} from './block-keys.js';
import { type BlockRetention, blockRetention } from './block-retention.js';
import { request } from './etcd-request.js';

export interface EtcdBlockLogOptions {
  /**
   * Prefix of every key of this log (default `/qcos/log/`): one etcd cluster can hold several
   * logs. Give each network its own.
   */
  readonly prefix?: string;
  /** Height of the first block (default 1: height 0 is the genesis, never stored). */
  readonly firstHeight?: number;
  /** Most blocks read by one request of `range` or `follow`, and held by a feed (default 16). */
  readonly pageSize?: number;
  /**
   * Largest hash + bytes of one block (default 1 MiB + 256 KiB). etcd refuses requests over
   * 1.5 MiB (`--max-request-bytes`); an append carries the block and the head.
   */
  readonly maxBlockBytes?: number;
  /** How often a waiting feed reads again even without a watch event (default 1 000 ms). */
  readonly pollIntervalMs?: number;
  /** Deadline of each etcd request (default 5 000 ms); past it the call is STORE_UNAVAILABLE. */
  readonly requestTimeoutMs?: number;
}

export const DEFAULT_MAX_BLOCK_BYTES = (1 << 20) + (1 << 18);

/**
 * The block log on etcd, with retention: `range` and `follow` from a pruned height reject
 * `STORE_PRUNED` (with `details.base`); `count` counts the blocks still stored.
 */
export interface EtcdBlockLog extends BlockLog, Pick<BlockRetention, 'base' | 'prune'> {}

/** The reads and the compare-and-append of one log, on one client. */
function logRequests(
  client: Etcd3,
  keys: BlockKeys,
  pageSize: number,
  deadline: () => { deadline: number },
  retention: BlockRetention,
) {
  const toBlock = (kv: { key: Buffer; value: Buffer }) => {
    const key = kv.key.toString();
    return decodeBlock(keys.heightOf(key), kv.value, key);
  };
  const readHead = async (): Promise<StoredBlock | undefined> => {
    const res = await request('read', () =>
      client
        .getAll()
        .prefix(keys.blocks)
        .sort('Key', 'Descend')
        .limit(1)
        .options(deadline())
        .exec(),
    );
    const kv = res.kvs[0];
    return kv === undefined ? undefined : toBlock(kv);
  };
  const page = async (from: number, to: number): Promise<StoredBlock[]> => {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArrayDeclaration: equivalent, etcd answers an empty or reversed key range with nothing; this only saves the round trip
    if (from >= to) return [];
    await retention.checkNotPruned(from, false);
    const res = await request('read', () =>
      // Stryker disable next-line MethodExpression: equivalent, etcd returns a range in ascending key order unless asked otherwise
      client
        .getAll()
        .inRange({ start: keys.block(from), end: keys.block(to) })
        .sort('Key', 'Ascend')
        .limit(pageSize)
        .options(deadline())
        .exec(),
    );
    const blocks = res.kvs.map(toBlock);
    // Nothing at `from`: it may have been pruned by another writer since the base was read.
    if (blocks[0]?.height !== from) await retention.checkNotPruned(from, true);
    return blocks;
  };
  const count = () =>
    request('read', () => client.getAll().prefix(keys.blocks).options(deadline()).count());
  /** One etcd transaction: head as expected and the height unused → write both; else read head. */
  const compareAndAppend = async (block: StoredBlock, expected: BlockHead | null) => {
    const headIs =
      expected === null
        ? client.if(keys.head, 'Create', '==', 0)
        : client.if(keys.head, 'Value', '==', encodeHead(expected));
    const res = await request('append', () =>
      headIs
        .and(keys.block(block.height), 'Create', '==', 0)
        .then(
          client.put(keys.head).value(encodeHead(block)),
          client.put(keys.block(block.height)).value(encodeBlock(block)),
        )
        .else(client.get(keys.head))
        .options(deadline())
        .commit(),
    );
    if (res.succeeded) return;
    // Stryker disable next-line OptionalChaining: equivalent, a failed transaction always answers with the else branch's one range read
    const kv = res.responses[0]?.response_range?.kvs[0];
    const actual = kv === undefined ? null : decodeHead(kv.value, keys.head);
    throw new HeadConflictError(expected, actual, block.height);
  };
  return { readHead, page, count, compareAndAppend };
}

/**
 * The replicated block log on etcd. `append` is one etcd transaction that compares the head key
 * with the expected head and writes the head and the block together, so of any number of writers
 * on any members exactly one wins each height; it resolves once etcd has committed it, that is
 * once a quorum of members has it in their fsynced write-ahead logs. Feeds wait on an etcd watch
 * of the head key, so a block appended through any member wakes them.
 */
export function etcdBlockLog(client: Etcd3, options: EtcdBlockLogOptions = {}): EtcdBlockLog {
  const firstHeight = options.firstHeight ?? 1;
  const maxBlockBytes = options.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES;
  checkIndex(firstHeight, 'firstHeight');
  const keys = blockKeys(options.prefix ?? '/qcos/log/');
  const timeoutMs = options.requestTimeoutMs ?? 5_000;
  const deadline = () => ({ deadline: Date.now() + timeoutMs });
  const retention = blockRetention(client, keys, firstHeight, request, deadline);
  const io = logRequests(client, keys, options.pageSize ?? 16, deadline, retention);
  const watch = appendWatch(client, keys.head, options.pollIntervalMs ?? 1_000, timeoutMs);
  const pages: BlockPages = {
    page: async (from, to) => {
      await watch.established();
      return io.page(from, to);
    },
    onAppend: watch.onAppend,
  };
  const feeds = new BlockLogFeeds(pages);
  const { open } = feeds;
  return {
    firstHeight,
    head: async () => {
      open();
      return io.readHead();
    },
    append: async (block, expectedHead) => {
      open();
      checkAppend(block, expectedHead);
      const size = block.hash.length + block.bytes.length;
      if (size > maxBlockBytes) {
        throw new StoreError(
          'STORE_INVALID_ARGUMENT',
          `a block of ${size} bytes is over the ${maxBlockBytes}-byte limit`,
          { field: 'bytes', size, limit: maxBlockBytes },
        );
      }
      const next = expectedHead === null ? firstHeight : expectedHead.height + 1;
      if (block.height !== next) {
        const actual = (await io.readHead()) ?? null;
        throw new HeadConflictError(
          expectedHead,
          actual && { height: actual.height, hash: actual.hash },
          block.height,
        );
      }
      await io.compareAndAppend(block, expectedHead);
    },
    range: (from, to) => pagedRange(io, open, async () => (await io.readHead())?.height, from, to),
    follow: (fromHeight) => feeds.follow(fromHeight),
    count: async () => {
      open();
      return io.count();
    },
    base: async () => {
      open();
      return retention.base();
    },
    prune: async (below) => {
      open();
      return retention.prune(below);
    },
    close: async () => {
      feeds.close();
      await watch.close();
    },
  };
}
