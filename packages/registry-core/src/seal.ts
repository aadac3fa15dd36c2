/**
 * Sealing: turning a QAN's pending records into its next signed block. A record the fold would
 * refuse (stale heartbeat, unknown node, …) is dropped and reported instead of failing the whole
 * batch, so one bad report never blocks everyone else's. Each trial is an honest fold of the
 * unsigned block (applyUnsignedBlock: the same checks and record rules as applyBlock); the
 * costly hybrid signature is made once, after the content is known to fold.
 */
import type { HybridSigningKey, Quid } from '@qcos/identity';
import {
  type Block,
  type BlockSigner,
  buildBlock,
  encodeBlock,
  signBlock,
  signBlockWith,
  type UnsignedBlock,
} from './block.js';
import type { RegistryErrorCode } from './errors.js';
import { applyUnsignedBlock, asRegistryError, type UnsignedApplyContext } from './fold.js';
import { MAX_BLOCK_BYTES, MAX_RECORDS_PER_BLOCK } from './limits.js';
import type { RecordBody } from './records.js';
import type { RegistryState } from './state.js';

/** Trial folds per block unless the caller says otherwise: each refusal drops one record. */
export const MAX_SEAL_TRIALS = 64;

export interface SealParams extends UnsignedApplyContext {
  /** Quid of the sealing QAN: the block's origin. */
  readonly origin: Quid;
  /** Pending records in order; the first MAX_RECORDS_PER_BLOCK are considered. */
  readonly records: readonly RecordBody[];
  /** The origin's hybrid signing key, or a signer of the block hash for the origin. */
  readonly sign: HybridSigningKey | BlockSigner;
  /** Most trial folds (default MAX_SEAL_TRIALS). */
  readonly maxTrials?: number;
  /**
   * Largest encoded block (default MAX_BLOCK_BYTES). A log with a smaller limit (etcd refuses
   * requests over 1.5 MiB) gives its own: the records that do not fit stay pending, in order,
   * neither kept nor refused; a lone record that does not fit is refused BLOCK_TOO_LARGE.
   */
  readonly maxBlockBytes?: number;
}

/** A record the fold refused, with its position among the pending records and the reason. */
export interface RefusedRecord {
  readonly position: number;
  readonly code: RegistryErrorCode;
  readonly message: string;
}

/** A signed block holding the records that fold (maybe not all), or none. */
export type SealResult =
  | {
      readonly kind: 'block';
      readonly block: Block;
      /** encodeBlock(block): what goes into the log and onto the wire. */
      readonly bytes: Uint8Array;
      readonly hash: Uint8Array;
      /** The state after the block (what applyBlock of it gives on every replica). */
      readonly state: RegistryState;
      /** Positions (among the pending records) the block holds, in order. */
      readonly kept: readonly number[];
      readonly refused: readonly RefusedRecord[];
    }
  | { readonly kind: 'none'; readonly refused: readonly RefusedRecord[] };

/**
 * Builds the next block on `state` from the pending records, drops every record the fold
 * refuses, and signs what is left. Returns kind 'none' when no record folds within the trials.
 */
export function sealBlock(state: RegistryState, params: SealParams): SealResult {
  const { records } = params;
  let kept = records.slice(0, MAX_RECORDS_PER_BLOCK).map((_, i) => i);
  const refused: RefusedRecord[] = [];
  const maxTrials = params.maxTrials ?? MAX_SEAL_TRIALS;
  const maxBytes = params.maxBlockBytes ?? MAX_BLOCK_BYTES;
  for (let trial = 0; trial < maxTrials && kept.length > 0; trial++) {
    const unsigned = buildBlock(
      state,
      params.origin,
      kept.map((i) => records[i] as RecordBody),
    );
    let folded: RegistryState;
    let complete: UnsignedBlock;
    try {
      ({ state: folded, block: complete } = applyUnsignedBlock(state, unsigned, params));
    } catch (err) {
      const error = asRegistryError(err);
      // A block-level refusal names no record: the first one goes, and the rest are retried.
      const at = error.index !== undefined && error.index < kept.length ? error.index : 0;
      refused.push({ position: kept[at] as number, code: error.code, message: error.message });
      kept = kept.filter((_, i) => i !== at);
      continue;
    }
    const block = signed(complete, params.sign);
    const bytes = encodeBlock(block);
    if (bytes.length > maxBytes) {
      if (kept.length === 1) {
        const message = `one record makes a block of ${bytes.length} bytes, over ${maxBytes}`;
        refused.push({ position: kept[0] as number, code: 'BLOCK_TOO_LARGE', message });
        kept = [];
      } else {
        // Record sizes add up: keep the share that fits, at least one record fewer.
        const fits = Math.floor((kept.length * maxBytes) / bytes.length);
        kept = kept.slice(0, Math.max(1, Math.min(kept.length - 1, fits)));
      }
      continue;
    }
    return {
      kind: 'block',
      block,
      bytes,
      hash: block.hash,
      state: folded,
      kept,
      refused,
    };
  }
  return { kind: 'none', refused };
}

function signed(unsigned: UnsignedBlock, sign: HybridSigningKey | BlockSigner): Block {
  return typeof sign === 'function' ? signBlockWith(unsigned, sign) : signBlock(unsigned, sign);
}
