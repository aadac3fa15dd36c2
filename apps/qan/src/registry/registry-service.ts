import { equalBytes, type HybridSigningKey, hybridQuid, type Quid } from '@qcos/identity';
import {
  type BlockFeed,
  type BlockHead,
  type BlockLog,
  type BlockRootStore,
  isHeadConflict,
  isStoreError,
  type SnapshotStore,
  type StoredBlock,
  type StoredRoot,
  StoreError,
} from '@qcos/interface';
import {
  encodeSnapshot,
  foldStored,
  getEntry,
  type LogFold,
  merkleRoot,
  type NodeEntry,
  type RecordBody,
  type RegistryState,
  sealBlock,
} from '@qcos/registry-core';
import { type Logger, RuntimeError } from '@qcos/runtime';
import type { BlockArchive } from './block-archive.js';
import { type SnapshotCandidate, startingState } from './starting-snapshot.js';

/** Pending records beyond this are refused (back-pressure) until a block drains them. */
export const MAX_PENDING_RECORDS = 50_000;

/**
 * Records sealed into one block at most; the rest wait, in order, for the next. In a cluster the
 * QANs race for each height, and a seal attempt takes time in proportion to its records: without
 * a cap, a QAN that fell behind built ever larger blocks, lost every race to QANs sealing small
 * ones, and never caught up (seen with 2 000 agents over three QANs, docs/benchmarks/cluster.md).
 */
export const MAX_RECORDS_PER_SEAL = 1_000;

/** Roots written per save while recovery fills in missing ones. */
const ROOT_BATCH = 1_000;

/**
 * Seal attempts per `seal()` call: each lost race (another QAN appended first) folds the winner
 * and seals the still-pending records again on the new head.
 */
export const MAX_SEAL_ATTEMPTS = 3;

/** Wait before following the log again after a read failed (the store was unreachable). */
const FOLLOW_RETRY_MS = 500;

/** The stored form of a state's Merkle root. */
function rootOf(state: RegistryState): StoredRoot {
  return { height: state.height, root: merkleRoot(state), nodeCount: state.entries.length };
}

/** Why a submitted record did not make it into the log. */
export class RecordRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where a committed record landed: its block's height and the record's Lamport time L. */
export interface PlacedRecord {
  readonly height: number;
  readonly l: number;
}

/** Resolves every record of a committed proposal with where it landed. */
function acknowledge(p: Proposal): void {
  for (const [i, e] of p.entries.entries())
    e.resolve({ height: p.block.height, l: p.ls[i] as number });
}

interface Pending {
  readonly record: RecordBody;
  readonly resolve: (placed: PlacedRecord) => void;
  readonly reject: (error: RecordRefused) => void;
}

/** A sealed block on its way into the log, with the records it acknowledges once stored. */
interface Proposal {
  readonly block: StoredBlock;
  readonly expected: BlockHead | null;
  /** The state after the block. */
  readonly state: RegistryState;
  readonly entries: readonly Pending[];
  /** The L each entry got in the block, in the same order. */
  readonly ls: readonly number[];
}

export interface RegistryServiceOptions {
  /** The state at height 0: from the network's genesis document (or a standalone genesis). */
  readonly genesis: RegistryState;
  readonly signingKey: HybridSigningKey;
  readonly log: BlockLog;
  readonly snapshots: SnapshotStore;
  /** The Merkle root after each committed block; recovery fills in any that are missing. */
  readonly roots: BlockRootStore;
  readonly snapshotEvery: number;
  /**
   * A snapshot another QAN made (encodeSnapshot bytes), to start from instead of replaying the
   * log from genesis; used only if the log's block at its height vouches for it
   * (starting-snapshot.ts).
   */
  readonly handedOverSnapshot?: Uint8Array;
  /** A local copy of every block folded (cluster mode), so the shared log can be pruned. */
  readonly archive?: BlockArchive;
  /** Largest encoded block the log takes (default: the registry's own limit, 16 MiB). */
  readonly maxBlockBytes?: number;
  readonly logger: Logger;
  /**
   * Called after every committed block (this QAN's or another's) with the new state, the block's
   * records, its canonical bytes and its origin (the QAN that signed it); a void block has no
   * records and no origin.
   */
  readonly onBlock?: (
    state: RegistryState,
    records: readonly RecordBody[],
    blockBytes: Uint8Array,
    origin: Quid | undefined,
  ) => void;
  /** Seconds one of this QAN's sealed blocks took to append to the log, once it is durable. */
  readonly onAppended?: (seconds: number) => void;
}

/**
 * The QAN's registry: folds the stored log at start (`open`), then seals submitted records into
 * signed blocks. `submit` resolves only after the block holding the record is committed to the log
 * (durable), which is when the QAN acknowledges it to anyone.
 */
export class RegistryService {
  readonly origin: Quid;
  private current: RegistryState;
  private currentRoot: StoredRoot;
  private readonly genesis: RegistryState;
  private readonly genesisRoot: StoredRoot;
  /**
   * Height and stored hash of the last log block folded. It is what the next append compares:
   * after a void block (registry.md §6.3) the state's head hash is not the stored one.
   */
  private logHead: BlockHead | null = null;
  /** Void blocks folded since start (blocks in the log that do not fold). */
  voidBlocks = 0;
  /** Roots of committed blocks whose save failed; saved again with the next block's. */
  private unsavedRoots: StoredRoot[] = [];
  private pending: Pending[] = [];
  /** The seal in progress, if any: seals run one at a time. */
  private sealing: Promise<number | undefined> | undefined;
  /**
   * Every change of `current` runs on this chain, so a block another QAN appended (from the
   * follower) and a block this QAN committed are never folded at the same time.
   */
  private folding: Promise<unknown> = Promise.resolve();
  private feed: BlockFeed | undefined;
  private following = false;
  /** Seals lost to another QAN's block at the same height (each re-sealed on the winner). */
  lostRaces = 0;
  /** A block whose append had no answer: appended again, unchanged, before anything else. */
  private inDoubt: Proposal | undefined;

  private constructor(private readonly options: RegistryServiceOptions) {
    this.origin = hybridQuid(options.signingKey.publicKey);
    this.genesis = options.genesis;
    this.current = this.genesis;
    this.genesisRoot = rootOf(this.genesis);
    this.currentRoot = this.genesisRoot;
  }

  /** Recovers the registry from the stored snapshot and log, then accepts records. */
  static async open(options: RegistryServiceOptions): Promise<RegistryService> {
    const service = new RegistryService(options);
    service.current = await service.recover();
    service.currentRoot = rootOf(service.current);
    await options.archive?.fill(service.current.height);
    return service;
  }

  get state(): RegistryState {
    return this.current;
  }

  entry(alias: string): NodeEntry | undefined {
    return getEntry(this.current, alias);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues a record; resolves with the height of the committed block holding it. */
  submit(record: RecordBody): Promise<number> {
    return this.submitPlaced(record).then((placed) => placed.height);
  }

  /** Queues a record; resolves with its block's height and its L once that block is committed. */
  submitPlaced(record: RecordBody): Promise<PlacedRecord> {
    if (this.pending.length >= MAX_PENDING_RECORDS) {
      return Promise.reject(
        new RecordRefused('OVERLOADED', 'too many records waiting for a block'),
      );
    }
    return new Promise((resolve, reject) => this.pending.push({ record, resolve, reject }));
  }

  /** Records queued but not yet in a block (to avoid writing the same verdict twice). */
  pendingRecords(): readonly RecordBody[] {
    return this.pending.map((p) => p.record);
  }

  /** True while a seal is committing its block. */
  get sealInProgress(): boolean {
    return this.sealing !== undefined;
  }

  /**
   * Seals the pending records into one block and commits it. Resolves with the committed height,
   * or undefined when there was nothing to seal; records are acknowledged only once the block is
   * durable in the log. Seals never overlap: a call made while one is in flight runs after it.
   */
  seal(): Promise<number | undefined> {
    // Idle: start now, so the batch is exactly what is pending at this call.
    const next =
      this.sealing === undefined
        ? this.sealUntilPlaced()
        : this.sealing.catch(() => undefined).then(() => this.sealUntilPlaced());
    const current = next.finally(() => {
      if (this.sealing === current) this.sealing = undefined;
    });
    this.sealing = current;
    return current;
  }

  /** Seals; after a lost race, folds the winner and seals again, up to MAX_SEAL_ATTEMPTS. */
  private async sealUntilPlaced(): Promise<number | undefined> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.sealOnce();
      if (result !== 'lost') return result;
      this.lostRaces++;
      await this.catchUp();
      if (attempt === MAX_SEAL_ATTEMPTS) return undefined;
    }
  }

  private async sealOnce(): Promise<number | undefined | 'lost'> {
    if (this.inDoubt !== undefined) return this.place(this.inDoubt);
    const batch = this.pending.slice(0, MAX_RECORDS_PER_SEAL);
    // The rest, and records submitted while this block commits, queue up behind it.
    this.pending = this.pending.slice(MAX_RECORDS_PER_SEAL);
    const attempt = sealBlock(this.current, {
      origin: this.origin,
      records: batch.map((p) => p.record),
      sign: this.options.signingKey,
      maxBlockBytes: this.options.maxBlockBytes,
    });
    const settled = new Set<number>();
    for (const r of attempt.refused) {
      settled.add(r.position);
      const entry = batch[r.position] as Pending;
      this.options.logger.warn(
        { code: r.code, record: describe(entry.record) },
        'record refused by the fold',
      );
      entry.reject(new RecordRefused(r.code, r.message));
    }
    if (attempt.kind === 'block') for (const i of attempt.kept) settled.add(i);
    // Records that did not fit in this block stay queued, in order.
    this.pending = [...batch.filter((_, i) => !settled.has(i)), ...this.pending];
    if (attempt.kind === 'none') return undefined;
    const { block, bytes, state, kept } = attempt;
    return this.place({
      block: { height: block.height, hash: block.hash, bytes },
      expected: this.logHead,
      state,
      entries: kept.map((i) => batch[i] as Pending),
      ls: block.records.map((r) => r.l),
    });
  }

  /**
   * Appends a sealed block. Lost to another QAN's block: its records go back to the front of the
   * queue. Outcome unknown (the store did not answer): the block is kept in doubt, and the next
   * seal appends the very same block again, so it lands at most once; the follower settles it
   * too if it reads that height first.
   */
  private async place(p: Proposal): Promise<number | 'lost'> {
    this.inDoubt = undefined;
    try {
      const started = performance.now();
      await this.options.log.append(p.block, p.expected);
      this.options.onAppended?.((performance.now() - started) / 1000);
    } catch (error) {
      if (!isHeadConflict(error)) {
        this.inDoubt = p;
        throw error;
      }
      // A conflict after an attempt in doubt may be that attempt, stored after all.
      const stored = await this.storedAt(p.block.height);
      if (stored === undefined || !equalBytes(stored.hash, p.block.hash)) {
        this.pending = [...p.entries, ...this.pending];
        return 'lost';
      }
    }
    const records = p.entries.map((e) => e.record);
    await this.exclusive(async () => {
      // The follower may have folded this very block already (it reads the log too).
      if (this.current.height < p.block.height)
        await this.commit(p.state, records, p.block, this.origin);
    });
    acknowledge(p);
    return p.block.height;
  }

  /** The stored block at `height`, if the log has one. */
  private async storedAt(height: number): Promise<StoredBlock | undefined> {
    for await (const stored of this.options.log.range(height, height + 1)) return stored;
    return undefined;
  }

  /** A block the follower folded settles the block in doubt at its height, if any. */
  private settleInDoubt(stored: StoredBlock): void {
    const p = this.inDoubt;
    if (p === undefined || p.block.height !== stored.height) return;
    this.inDoubt = undefined;
    if (equalBytes(stored.hash, p.block.hash)) {
      acknowledge(p);
    } else {
      this.pending = [...p.entries, ...this.pending];
    }
  }

  /** Runs `change` after every change of the state queued before it. */
  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.folding.then(change);
    this.folding = run.catch(() => undefined);
    return run;
  }

  /** Makes `state` (just after a block in the log) current: root, snapshot, listeners. */
  private async commit(
    state: RegistryState,
    records: readonly RecordBody[],
    stored: StoredBlock,
    origin: Quid | undefined,
  ): Promise<void> {
    this.current = state;
    this.logHead = { height: stored.height, hash: stored.hash };
    await this.options.archive?.add(stored);
    this.currentRoot = rootOf(state);
    await this.saveRoot(this.currentRoot);
    if (state.height % this.options.snapshotEvery === 0) {
      await this.options.snapshots.save({
        height: state.height,
        root: this.currentRoot.root,
        bytes: encodeSnapshot(state),
      });
    }
    this.options.onBlock?.(state, records, stored.bytes, origin);
  }

  /**
   * Folds a block read from the log: skipped if already folded (this QAN's own, or read twice),
   * otherwise checked and applied like any block (signature, origin's tier, chain, Lamport).
   */
  private adopt(stored: StoredBlock): Promise<void> {
    return this.exclusive(async () => {
      const head = this.current;
      if (stored.height <= head.height) return;
      const folded = this.foldLogged(head, stored);
      await this.commit(folded.state, folded.block?.records ?? [], stored, folded.block?.origin);
      this.settleInDoubt(stored);
    });
  }

  /** Folds a stored block, or voids it (logged): a block in the log never stops the fold. */
  private foldLogged(state: RegistryState, stored: StoredBlock): LogFold {
    const folded = foldStored(state, stored.bytes);
    if (folded.voided !== undefined) {
      this.voidBlocks++;
      this.options.logger.warn(
        { height: stored.height, code: folded.voided.code, reason: folded.voided.message },
        'void block: the block at this height does not fold, and changes nothing',
      );
    }
    return folded;
  }

  /** Folds every block the log holds beyond the current state. */
  private async catchUp(): Promise<void> {
    for await (const stored of this.options.log.range(this.current.height + 1))
      await this.adopt(stored);
  }

  /**
   * Folds blocks other QANs append to a shared log, as they are appended, until `close()`. A read
   * failure is logged and the log followed again from the current height; a block that does not
   * fold is void (registry.md §6.3), like on every QAN. What stops the follower: the log pruned
   * past this QAN's height (it needs a snapshot to go on), or a failure to store what it folded.
   */
  startFollowing(): void {
    if (this.following) return;
    this.following = true;
    void this.followLoop();
  }

  private async followLoop(): Promise<void> {
    while (this.following) {
      const feed = this.options.log.follow(this.current.height + 1);
      this.feed = feed;
      try {
        for await (const stored of feed) await this.adopt(stored);
      } catch (error) {
        // The log was closed under the feed: nothing more to follow.
        if (isStoreError(error, 'STORE_CLOSED')) return;
        if (!isStoreError(error) || isStoreError(error, 'STORE_PRUNED')) {
          this.following = false;
          this.options.logger.error(
            { err: error, height: this.current.height },
            isStoreError(error)
              ? 'the shared log was pruned past this QAN: restart it with a snapshotFile'
              : 'stopped following the log',
          );
          return;
        }
        this.options.logger.warn({ err: error }, 'block log unreadable; following again shortly');
        await new Promise((resolve) => setTimeout(resolve, FOLLOW_RETRY_MS).unref());
      }
    }
  }

  /** Stops following the log (before the log is closed). */
  stopFollowing(): void {
    this.following = false;
    this.feed?.close();
  }

  /** Fails every queued record, and those of a block still in doubt (on shutdown). */
  abandonPending(): void {
    const inDoubt = this.inDoubt?.entries ?? [];
    this.inDoubt = undefined;
    for (const p of [...inDoubt, ...this.pending.splice(0)])
      p.reject(new RecordRefused('SHUTTING_DOWN', 'the QAN is stopping'));
  }

  /** Stores a committed block's root; one that cannot be stored now is kept and tried again. */
  private async saveRoot(root: StoredRoot): Promise<void> {
    this.unsavedRoots.push(root);
    try {
      await this.options.roots.save(this.unsavedRoots);
      this.unsavedRoots = [];
    } catch (error) {
      this.options.logger.error(
        { err: error, height: root.height, unsaved: this.unsavedRoots.length },
        'block root not stored; will retry with the next block',
      );
    }
  }

  /**
   * The Merkle root and node count of the state right after the committed block at `height`
   * (height 0: the genesis), or undefined when no block at that height is committed. One store
   * lookup: the roots are stored as blocks commit, never recomputed by a replay.
   */
  async rootAt(height: number): Promise<StoredRoot | undefined> {
    if (height > this.current.height) return undefined;
    if (height === this.current.height) return this.currentRoot;
    if (height === 0) return this.genesisRoot;
    const unsaved = this.unsavedRoots.find((r) => r.height === height);
    if (unsaved !== undefined) return unsaved;
    const stored = await this.options.roots.at(height);
    // Only a QAN that started from a snapshot another QAN made, on a pruned log, lacks roots.
    if (stored === undefined)
      throw new StoreError('STORE_PRUNED', `no root is stored for block ${height}`, { height });
    return stored;
  }

  /**
   * The state after folding the stored log up to `height` (audit and crash checks), replayed from
   * genesis with full signature verification. Expensive: never called to answer a request.
   */
  async stateAt(height: number): Promise<RegistryState | undefined> {
    if (height > this.current.height) return undefined;
    if (height === this.current.height) return this.current;
    let state = this.genesis;
    for await (const stored of this.options.log.range(1, height + 1))
      state = foldStored(state, stored.bytes).state;
    return state.height === height ? state : undefined;
  }

  /**
   * Genesis, or the highest snapshot (stored, or handed over) that the log vouches for, then
   * every stored block after it (signatures checked).
   */
  private async recover(): Promise<RegistryState> {
    const stored = await this.options.snapshots.latest();
    const candidates: SnapshotCandidate[] = [
      ...(stored === undefined ? [] : [{ source: 'stored' as const, bytes: stored.bytes }]),
      ...(this.options.handedOverSnapshot === undefined
        ? []
        : [{ source: 'handed-over' as const, bytes: this.options.handedOverSnapshot }]),
    ];
    const blockAt = (height: number) => this.storedAt(height);
    let state = await startingState(this.genesis, candidates, blockAt, this.options.logger);
    const fromSnapshot = state.height;
    let last: StoredBlock | undefined;
    ({ state, last } = await this.replay(state, Number.POSITIVE_INFINITY, true).catch(
      (error: unknown) => {
        throw isStoreError(error, 'STORE_PRUNED') ? needsSnapshot(error, fromSnapshot) : error;
      },
    ));
    // Nothing replayed: the log's head is the snapshot's block (its stored hash, not the state's).
    last ??= state.height === 0 ? undefined : await this.storedAt(state.height);
    this.logHead = last === undefined ? null : { height: last.height, hash: last.hash };
    this.options.logger.info(
      { height: state.height, replayed: state.height - fromSnapshot, fromSnapshot },
      'registry recovered from the block log',
    );
    // Heights at or below the snapshot whose roots were never stored (a log written before roots
    // were kept): replayed once, here, so that no request ever has to.
    if ((await this.options.roots.count()) < state.height) {
      try {
        await this.replay(this.genesis, fromSnapshot + 1, false);
        this.options.logger.info({ upTo: fromSnapshot }, 'block roots filled in from the log');
      } catch (error) {
        if (!isStoreError(error, 'STORE_PRUNED')) throw error;
        this.options.logger.info(
          { upTo: fromSnapshot, base: error.details['base'] },
          'block roots below the snapshot not available: the shared log was pruned',
        );
      }
    }
    return state;
  }

  /**
   * Folds the stored blocks after `from` and below `to` onto it (void ones logged when `report`),
   * storing the root of each; returns the state and the last block folded, if any.
   */
  private async replay(
    from: RegistryState,
    to: number,
    report: boolean,
  ): Promise<{ state: RegistryState; last: StoredBlock | undefined }> {
    let state = from;
    let last: StoredBlock | undefined;
    let roots: StoredRoot[] = [];
    const end = Number.isFinite(to) ? to : undefined;
    for await (const stored of this.options.log.range(state.height + 1, end)) {
      state = report ? this.foldLogged(state, stored).state : foldStored(state, stored.bytes).state;
      last = stored;
      roots.push(rootOf(state));
      if (roots.length >= ROOT_BATCH) {
        await this.options.roots.save(roots);
        roots = [];
      }
    }
    await this.options.roots.save(roots);
    return { state, last };
  }
}

/**
 * The shared log no longer holds the blocks after `height` (retention pruned them): only a
 * snapshot from another QAN, of a height the log still holds, lets this QAN start.
 */
function needsSnapshot(error: StoreError, height: number): RuntimeError {
  const base = Number(error.details['base']);
  return new RuntimeError(
    'CONFIG_INVALID',
    `the shared log keeps blocks only from height ${base} on, and this QAN has state up to ${height}: start it with a snapshotFile of height ${base} or above (qcos snapshot export on another QAN)`,
    { field: 'snapshotFile', base, height },
  );
}

function describe(record: RecordBody): Record<string, unknown> {
  return { kind: record.kind, ...('alias' in record ? { alias: record.alias } : {}) };
}
