/**
 * Which snapshot a QAN starts from. Neither its own stored snapshot nor one handed over by
 * another QAN is taken on faith: each must be the state after the block the log holds at its
 * height. A snapshot at a version 2 height is checked in full against that block's state root
 * and signature (registry.md §7.2); one at a version 1 height commits to no root, so only the
 * QAN's own is used there, and only if its head hash is the log's block.
 */
import { readFileSync, statSync } from 'node:fs';
import { equalBytes } from '@qcos/identity';
import type { StoredBlock } from '@qcos/interface';
import {
  decodeBlock,
  decodeSnapshot,
  MAX_SNAPSHOT_BYTES,
  RegistryError,
  type RegistryState,
  verifySnapshotState,
} from '@qcos/registry-core';
import { type Logger, RuntimeError } from '@qcos/runtime';

/** A snapshot to consider: this QAN's own (stored) or one handed over from elsewhere. */
export interface SnapshotCandidate {
  readonly source: 'stored' | 'handed-over';
  readonly bytes: Uint8Array;
}

const refused = (field: string, why: string): never => {
  throw new RegistryError('SNAPSHOT_UNVERIFIED', why, { field });
};

/**
 * The bytes of the configured `snapshotFile`. An unreadable file, or one over the snapshot
 * limit, stops the start with CONFIG_INVALID: the operator asked for it, so it is not skipped
 * silently (what it holds is checked later, against the log).
 */
export function readSnapshotFile(file: string, maxBytes = MAX_SNAPSHOT_BYTES): Uint8Array {
  const refuse = (why: string): never => {
    throw new RuntimeError('CONFIG_INVALID', `snapshot file ${file} ${why}`, {
      field: 'snapshotFile',
    });
  };
  try {
    if (statSync(file).size > maxBytes) refuse(`is over the snapshot limit of ${maxBytes} bytes`);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof RuntimeError) throw error;
    return refuse(`cannot be read: ${(error as Error).message}`);
  }
}

/** The candidate's state if the log's block at its height vouches for it; throws otherwise. */
export async function checkedSnapshot(
  candidate: SnapshotCandidate,
  genesis: RegistryState,
  blockAt: (height: number) => Promise<StoredBlock | undefined>,
): Promise<RegistryState> {
  const state = decodeSnapshot(candidate.bytes);
  if (!equalBytes(state.genesisHash, genesis.genesisHash))
    refused('genesisHash', 'the snapshot is of another network');
  if (state.height === 0) return genesis;
  const stored = await blockAt(state.height);
  if (stored === undefined) refused('height', `the log holds no block ${state.height}`);
  const block = decodeBlock((stored as StoredBlock).bytes);
  if (block.version >= 2) return verifySnapshotState(state, block, genesis.genesisHash);
  if (candidate.source === 'handed-over')
    refused('version', 'a version 1 block commits to no state root');
  if (!equalBytes(state.headHash, block.hash))
    refused('headHash', 'the snapshot is not the state after the log block');
  return state;
}

/**
 * The highest candidate the log vouches for, or the genesis. A refused candidate is logged
 * with its code and field and passed over: replaying the log from an older state reaches the
 * same head, only more slowly.
 */
export async function startingState(
  genesis: RegistryState,
  candidates: readonly SnapshotCandidate[],
  blockAt: (height: number) => Promise<StoredBlock | undefined>,
  logger: Logger,
): Promise<RegistryState> {
  let best = genesis;
  for (const candidate of candidates) {
    try {
      const state = await checkedSnapshot(candidate, genesis, blockAt);
      // Stryker disable next-line EqualityOperator: equivalent, two candidates of one height that both verify are the same state (same root)
      if (state.height > best.height) best = state;
    } catch (error) {
      const e = error as { code?: string; field?: string };
      logger.warn(
        { err: error, code: e.code, field: e.field, source: candidate.source },
        'snapshot not used',
      );
    }
  }
  return best;
}
