import { HYBRID_SIGNATURE_LENGTH, type HybridSigningKey, type Quid } from '@qcos/identity';
import {
  type Block,
  blockHash,
  buildBlock,
  encodeBlock,
  MAX_RECORDS_PER_BLOCK,
  type RecordBody,
  type RegistryState,
  signBlock,
  tryApplyBlock,
} from '@qcos/registry-core';

/** A record the fold refused, with its position among the pending records and the reason. */
export interface RefusedRecord {
  readonly position: number;
  readonly code: string;
  readonly message: string;
}

/** The outcome of sealing pending records: a signed block (maybe without some records), or none. */
export type BlockAttempt =
  | {
      readonly kind: 'block';
      readonly block: Block;
      readonly bytes: Uint8Array;
      readonly state: RegistryState;
      /** Positions (among the pending records) the block holds, in order. */
      readonly kept: readonly number[];
      readonly refused: readonly RefusedRecord[];
    }
  | { readonly kind: 'none'; readonly refused: readonly RefusedRecord[] };

/** Most trial folds per block: each refusal removes one record and retries. */
const MAX_TRIALS = 64;

/**
 * Builds, trial-folds and signs the next block from pending records. A record the fold refuses
 * (stale heartbeat, unknown node, …) is dropped and reported instead of failing the whole batch,
 * so one bad report never blocks everyone else's. The trial fold skips the signature check; the
 * costly hybrid signature is made once, after the content is known to fold.
 */
export function produceBlock(
  state: RegistryState,
  origin: Quid,
  key: HybridSigningKey,
  pending: readonly RecordBody[],
): BlockAttempt {
  let positions = pending.slice(0, MAX_RECORDS_PER_BLOCK).map((_, i) => i);
  const refused: RefusedRecord[] = [];
  for (let trial = 0; trial < MAX_TRIALS && positions.length > 0; trial++) {
    const unsigned = buildBlock(
      state,
      origin,
      positions.map((i) => pending[i] as RecordBody),
    );
    const candidate: Block = {
      ...unsigned,
      hash: blockHash(unsigned),
      signature: new Uint8Array(HYBRID_SIGNATURE_LENGTH),
    };
    const result = tryApplyBlock(state, candidate, { verifySignature: () => true });
    if (result.ok) {
      const block = signBlock(unsigned, key);
      return {
        kind: 'block',
        block,
        bytes: encodeBlock(block),
        state: result.state,
        kept: positions,
        refused,
      };
    }
    const at = result.error.index;
    const bad = at !== undefined && at >= 0 && at < positions.length ? at : 0;
    refused.push({
      position: positions[bad] as number,
      code: result.error.code,
      message: result.error.message,
    });
    positions = positions.filter((_, i) => i !== bad);
  }
  return { kind: 'none', refused };
}
