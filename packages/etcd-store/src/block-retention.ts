/**
 * Retention of the block log in etcd (docs/spec/etcd-block-log.md §5): the blocks below a height
 * are deleted, and the base key records the lowest height still stored, so that a reader asking
 * for a pruned height is told so (`STORE_PRUNED`) instead of reading a gap. The block at the base
 * is always kept: a snapshot of that height can still be checked against it.
 */
import { checkIndex, StoreError } from '@qcos/interface';
import type { Etcd3 } from 'etcd3';
import { type BlockKeys, decodeBase, encodeBase } from './block-keys.js';

/** Prune attempts when other writers move the base at the same time. */
const PRUNE_ATTEMPTS = 3;

export interface BlockRetention {
  /** The lowest stored height: the log's first height until something is pruned. */
  base(): Promise<number>;
  /**
   * Deletes every block below `below` and makes `below` the base, in one transaction; keeps the
   * block at `below`, which must be stored (`STORE_INVALID_ARGUMENT` otherwise). A base already
   * at or above `below` is left as it is. Resolves with the base after the call. Frees no disk
   * space by itself: etcd keeps the deleted revisions until it is compacted
   * (`compactAndDefragment`).
   */
  prune(below: number): Promise<number>;
  /** STORE_PRUNED when `from` is below the base (read fresh only when `fresh` is true). */
  checkNotPruned(from: number, fresh: boolean): Promise<void>;
}

type Request = <T>(what: string, run: () => Promise<T>) => Promise<T>;

export function blockRetention(
  client: Etcd3,
  keys: BlockKeys,
  firstHeight: number,
  request: Request,
  deadline: () => { deadline: number },
): BlockRetention {
  // The base only rises: a value read once is a lower bound ever after.
  let knownBase = firstHeight;
  const readBase = async (): Promise<{ height: number; raw: Buffer | undefined }> => {
    const raw = await request('read', () => client.get(keys.base).options(deadline()).buffer());
    const height = raw === null ? firstHeight : decodeBase(raw, keys.base);
    knownBase = Math.max(knownBase, height);
    return { height, raw: raw ?? undefined };
  };
  const tryPrune = async (below: number, current: Buffer | undefined): Promise<boolean> => {
    const baseIs =
      current === undefined
        ? client.if(keys.base, 'Create', '==', 0)
        : client.if(keys.base, 'Value', '==', current);
    const res = await request('prune', () =>
      baseIs
        .and(keys.block(below), 'Create', '>', 0)
        .then(
          client.delete().inRange({ start: keys.block(0), end: keys.block(below) }),
          client.put(keys.base).value(encodeBase(below)),
        )
        .options(deadline())
        .commit(),
    );
    return res.succeeded;
  };
  return {
    base: async () => (await readBase()).height,
    prune: async (below) => {
      checkIndex(below, 'below');
      let current = await readBase();
      for (let attempt = 1; ; attempt++) {
        if (below <= current.height) return current.height;
        if (await tryPrune(below, current.raw)) {
          knownBase = below;
          return below;
        }
        // Refused: the base moved (another writer pruned), or, with the base where it was, no
        // block `below` is stored. The base only rises, so an equal height is the same base.
        const after = await readBase();
        if (below <= after.height) return after.height;
        if (after.height === current.height) {
          throw new StoreError('STORE_INVALID_ARGUMENT', `no block ${below} is stored to keep`, {
            field: 'below',
            below,
          });
        }
        if (attempt === PRUNE_ATTEMPTS) {
          throw new StoreError(
            'STORE_CONFLICT',
            `the base kept moving while pruning below ${below}`,
            { below },
          );
        }
        current = after;
      }
    },
    checkNotPruned: async (from, fresh) => {
      const base = fresh ? (await readBase()).height : knownBase;
      // Below the first height there never were blocks: nothing to report until a prune.
      if (from < base && base > firstHeight) {
        throw new StoreError(
          'STORE_PRUNED',
          `blocks below ${base} were pruned; asked from ${from}`,
          {
            from,
            base,
          },
        );
      }
    },
  };
}
