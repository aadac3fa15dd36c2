/**
 * Checking a snapshot that another QAN handed over before using it (docs/spec/registry.md §7.2):
 * it must be the state that a block signed by a QAN it trusts committed to. A QAN that starts
 * from such a snapshot instead of replaying the log from genesis reads the block at the
 * snapshot's height from the log and calls verifySnapshot; every later block then folds onto
 * the state as usual, each checked against its own state root.
 */
import { equalBytes } from '@qcos/identity';
import { type Block, checkBlockShape } from './block.js';
import { RegistryError } from './errors.js';
import { type ApplyContext, bodyHash, defaultSignatureCheck, defaultTier } from './fold.js';
import { decodeSnapshot } from './snapshot.js';
import type { RegistryState } from './state.js';
import { stateRoot } from './state-root.js';

const unverified = (field: string, why: string): never => {
  throw new RegistryError('SNAPSHOT_UNVERIFIED', why, { field });
};

/**
 * Decodes `snapshot` and checks it against `block`, the block at its height in the log, and
 * against `genesisHash`, the network's. Checks, in order: the snapshot decodes
 * (SNAPSHOT_MALFORMED); then SNAPSHOT_UNVERIFIED with the field at fault: `genesisHash` (another
 * network), `version` (a version 1 block commits to no state root), `height`, `hash` (the block's
 * hash is not that of its body), `headHash` (the snapshot is not the state after this block),
 * `origin` (not a QAN key of the snapshot, or not trusted in it), `signature`, `stateRoot`.
 * Returns the state to fold on from.
 */
export function verifySnapshot(
  snapshot: Uint8Array,
  block: Block,
  genesisHash: Uint8Array,
  ctx: ApplyContext = {},
): RegistryState {
  return verifySnapshotState(decodeSnapshot(snapshot), block, genesisHash, ctx);
}

/** verifySnapshot of a snapshot already decoded (decodeSnapshot); returns `state` itself. */
export function verifySnapshotState(
  state: RegistryState,
  block: Block,
  genesisHash: Uint8Array,
  ctx: ApplyContext = {},
): RegistryState {
  if (!equalBytes(state.genesisHash, genesisHash))
    unverified('genesisHash', 'the snapshot is of another network');
  checkBlockShape(block);
  if (block.version < 2) unverified('version', 'a version 1 block commits to no state root');
  if (block.height !== state.height)
    unverified('height', `block height ${block.height}, snapshot height ${state.height}`);
  const hash = bodyHash(block, ctx);
  if (!equalBytes(hash, block.hash)) unverified('hash', 'the block hash does not match its body');
  if (!equalBytes(state.headHash, block.hash))
    unverified('headHash', 'the snapshot is not the state after this block');
  const key = state.qanKeys.get(block.origin);
  if (key === undefined)
    unverified('origin', `origin ${block.origin} is not a QAN of the snapshot`);
  if ((ctx.tierOf ?? defaultTier)(block.origin, state) !== 'trusted')
    unverified('origin', `origin ${block.origin} is not trusted in the snapshot`);
  if (!(ctx.verifySignature ?? defaultSignatureCheck)(key as Uint8Array, hash, block.signature))
    unverified('signature', 'block signature does not verify');
  if (!equalBytes(stateRoot(state), block.stateRoot as Uint8Array))
    unverified('stateRoot', 'the snapshot is not the state the block committed to');
  return state;
}
