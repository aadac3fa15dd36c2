/**
 * Retention of the shared log (docs/cluster.md, "Retention"): which QAN prunes etcd, when, and
 * how far. One QAN acts per snapshot height — the origin of the block at that height, which every
 * QAN agrees on — so the cluster does not prune and defragment three times over. It prunes below
 * `height − retainBlocks`, and only where
 * - protocol 2 is in force at the new base (a QAN that joins later must be able to check a
 *   snapshot against a block that commits to a state root), and
 * - its own archive holds every block below it (the full history stays readable at this QAN).
 * Then it compacts etcd's history and defragments the members. Failures are logged: retention
 * is housekeeping, never a reason to stop folding.
 */
import type { Quid } from '@qcos/identity';
import { blockVersionAt, type RegistryState } from '@qcos/registry-core';
import type { Logger } from '@qcos/runtime';
import type { BlockArchive } from './block-archive.js';
import type { SharedLogRetention } from './block-log-store.js';

export interface LogRetentionOptions {
  readonly shared: SharedLogRetention;
  readonly archive: BlockArchive;
  /** Blocks kept in the shared log behind each snapshot height (0: never prune). */
  readonly retainBlocks: number;
  /** Heights at which retention runs: the QAN's snapshot cadence. */
  readonly everyBlocks: number;
  /** This QAN: it acts on the snapshot heights whose block it signed. */
  readonly self: Quid;
  readonly logger: Logger;
}

export class LogRetention {
  /** The run in progress: runs never overlap, and a height reached meanwhile waits for the next. */
  private running: Promise<void> | undefined;
  /** Completed prunes (for tests and metrics). */
  pruned = 0;

  constructor(private readonly options: LogRetentionOptions) {}

  /** Called for every committed block: starts a run at this QAN's own snapshot heights. */
  onBlock(state: RegistryState, origin: Quid): void {
    const { retainBlocks, everyBlocks, self } = this.options;
    if (retainBlocks === 0 || origin !== self || state.height % everyBlocks !== 0) return;
    if (this.running !== undefined) return;
    this.running = this.run(state).finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** The height to prune below after the block at `state.height`, or undefined for none. */
  async target(state: RegistryState): Promise<number | undefined> {
    const below = state.height - this.options.retainBlocks;
    if (below <= 1 || blockVersionAt(state.policy, below) < 2) return undefined;
    return Math.min(below, (await this.options.archive.height()) + 1);
  }

  private async run(state: RegistryState): Promise<void> {
    const { shared, logger } = this.options;
    try {
      const below = await this.target(state);
      if (below === undefined || below <= 1) return;
      const base = await shared.prune(below);
      const space = await shared.reclaim();
      this.pruned++;
      logger.info(
        { base, height: state.height, revision: space.revision, members: space.members },
        'shared log pruned and etcd space reclaimed',
      );
    } catch (error) {
      logger.warn({ err: error, height: state.height }, 'shared log retention failed');
    }
  }
}
