import {
  type EntryProof,
  foldStored,
  getEntry,
  merkleRoot,
  type NodeEntry,
  proveEntry,
  type RegistryState,
} from '@qcos/registry-core';

/** Blocks that arrived ahead of a gap are held until it fills; more than this and the oldest go. */
export const MAX_PENDING_BLOCKS = 256;

/** What happened to one pushed block. */
export type ReplicaUpdate =
  | { readonly kind: 'applied'; readonly height: number; readonly root: Uint8Array }
  | { readonly kind: 'stale'; readonly height: number }
  | { readonly kind: 'pending'; readonly height: number }
  /** The block does not fold: void by the log's rule, it takes its height and changes nothing. */
  | {
      readonly kind: 'voided';
      readonly height: number;
      readonly code: string;
      readonly message: string;
    };

/**
 * The relay's copy of the registry: blocks pushed by the QAN are decoded and
 * folded with registry-core's applyBlock, which checks the hash chain and
 * the QAN's hybrid signature over each block. The Merkle root of the folded
 * state is therefore the root the QAN's signed blocks commit to, and entries
 * are served with inclusion proofs against it. A block that fails any check
 * is void (registry.md §6.3), as on every QAN: it takes its height and changes
 * nothing. A QAN that sent one the log does not hold makes the next real block
 * fail its chain check, so the replica's divergence shows, block after block,
 * in the voided count instead of staying silent.
 */
export class RegistryReplica {
  private state: RegistryState;
  private readonly pending = new Map<number, Uint8Array>();

  constructor(genesis: RegistryState) {
    this.state = genesis;
  }

  get height(): number {
    return this.state.height;
  }

  get current(): RegistryState {
    return this.state;
  }

  root(): Uint8Array {
    return merkleRoot(this.state);
  }

  entry(alias: string): NodeEntry | undefined {
    return getEntry(this.state, alias);
  }

  proof(alias: string): EntryProof | null {
    return proveEntry(this.state, alias);
  }

  /** The alias of the node with this node id (quid), if registered. */
  aliasOf(nodeId: string): string | undefined {
    return this.state.entries.find((e) => e.nodeId === nodeId)?.alias;
  }

  /**
   * Takes one REGISTRY_BLOCK (its announced height and block bytes); folds it
   * and any held successors. Out-of-order blocks wait for the gap to fill.
   */
  push(height: number, bytes: Uint8Array): ReplicaUpdate[] {
    if (height <= this.state.height) return [{ kind: 'stale', height }];
    if (height > this.state.height + 1) {
      this.pending.set(height, bytes);
      while (this.pending.size > MAX_PENDING_BLOCKS) {
        const highest = Math.max(...this.pending.keys());
        this.pending.delete(highest);
      }
      return [{ kind: 'pending', height }];
    }
    const updates: ReplicaUpdate[] = [];
    let next: Uint8Array | undefined = bytes;
    let h = height;
    while (next !== undefined) {
      const update = this.fold(h, next);
      updates.push(update);
      if (update.kind === 'pending' || update.kind === 'stale') break;
      this.pending.delete(h);
      h++;
      next = this.pending.get(h);
    }
    return updates;
  }

  private fold(height: number, bytes: Uint8Array): ReplicaUpdate {
    const folded = foldStored(this.state, bytes);
    this.state = folded.state;
    if (folded.voided !== undefined)
      return { kind: 'voided', height, code: folded.voided.code, message: folded.voided.message };
    return { kind: 'applied', height, root: this.root() };
  }
}
