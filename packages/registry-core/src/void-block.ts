/**
 * The void-block rule (docs/spec/registry.md §6.3). In a log shared by several QANs, the log only
 * guarantees one block per height; whether that block is valid is decided by the fold. A stored
 * block that does not fold — written by a QAN whose trust was revoked, by a QAN with a bug, or by
 * anyone else with write access to the log — must not stop every replica at its height. It is
 * **void**: it takes its height and changes nothing else, and the head hash becomes
 *   H("QCOS-VoidBlock-v1" ‖ previous head hash ‖ H(stored bytes))
 * so the next block chains on it and every replica that read the same bytes computes the same
 * head. A void block cannot change an entry, a key, a trust edge or the policy.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { type Block, decodeBlock } from './block.js';
import type { RegistryError } from './errors.js';
import { type ApplyContext, asRegistryError, tryApplyBlock } from './fold.js';
import { type RegistryState, withHead } from './state.js';
import { taggedHash } from './tagged-hash.js';

/** The state after a void block of these stored bytes at the next height. */
export function voidBlock(state: RegistryState, bytes: Uint8Array): RegistryState {
  const head = taggedHash('QCOS-VoidBlock-v1', state.headHash, sha256(bytes));
  return withHead(state, state.height + 1, head);
}

export type LogFold =
  | { readonly state: RegistryState; readonly block: Block; readonly voided?: undefined }
  | { readonly state: RegistryState; readonly block?: undefined; readonly voided: RegistryError };

/**
 * Folds the block a shared log stores at the next height: decoded and applied when it is valid,
 * void (with the reason) when it is not — undecodable bytes included.
 */
export function foldStored(
  state: RegistryState,
  bytes: Uint8Array,
  ctx: ApplyContext = {},
): LogFold {
  let block: Block;
  try {
    block = decodeBlock(bytes);
  } catch (error) {
    return { state: voidBlock(state, bytes), voided: asRegistryError(error) };
  }
  const folded = tryApplyBlock(state, block, ctx);
  return folded.ok
    ? { state: folded.state, block }
    : { state: voidBlock(state, bytes), voided: folded.error };
}
