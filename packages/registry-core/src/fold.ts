/**
 * applyBlock: the registry's transition function. Pure and total: the same state and block
 * give the same new state on every QAN; a block that fails any check throws a RegistryError
 * and the input state is untouched (states are immutable; the new one shares what did not change).
 *
 * applyUnsignedBlock folds a block that is not signed yet with the same checks and record
 * rules, minus the two that need a signed block (hash and signature): a QAN uses it to learn
 * which of its records fold before it signs. For a version 2 block it also computes the state
 * root the block must carry.
 */
import { equalBytes, hybridVerify, type Quid } from '@qcos/identity';
import {
  BLOCK_SIGNATURE_CONTEXT,
  type Block,
  blockBodyBytes,
  blockHash,
  checkBlockShape,
  checkUnsignedShape,
  type UnsignedBlock,
  validatedRecords,
} from './block.js';
import { RegistryError } from './errors.js';
import { Draft } from './fold/draft.js';
import { applyRecord } from './fold/record-rules.js';
import { blockVersionAt } from './policy.js';
import { compareRecordOrder, type RegistryRecord } from './records.js';
import { type RegistryState, withHead } from './state.js';
import { stateRoot } from './state-root.js';
import { defaultTierOf, type TierOf } from './trust.js';

export type SignatureCheck = (
  publicKey: Uint8Array,
  hash: Uint8Array,
  signature: Uint8Array,
) => boolean;

export interface ApplyContext {
  /** Tiers the block's origin; default: defaultTierOf() (trust from the genesis anchor). */
  readonly tierOf?: TierOf;
  /**
   * Checks the block signature over its hash; default: hybridVerify under the block context.
   * A caller that verified the signature already (e.g. at ingest) may pass its own memo.
   */
  readonly verifySignature?: SignatureCheck;
  /**
   * SHA-256 for the block hash check; default @noble/hashes. `nodeSha256` from
   * `@qcos/registry-core/node` computes the same digest natively.
   */
  readonly sha256?: (data: Uint8Array) => Uint8Array;
}

/** What folding an unsigned block needs: there is no signature to check. */
export type UnsignedApplyContext = Omit<ApplyContext, 'verifySignature'>;

/** hybridVerify of a block signature under the block context. */
export const defaultSignatureCheck: SignatureCheck = (pk, hash, sig) =>
  hybridVerify(pk, BLOCK_SIGNATURE_CONTEXT, hash, sig);
/** The tier function of a fold whose context names none (trust from the genesis anchor). */
export const defaultTier: TierOf = defaultTierOf();

/** SHA-256 of a block's body bytes, with the context's hash function when it gives one. */
export function bodyHash(block: UnsignedBlock, ctx: Pick<ApplyContext, 'sha256'>): Uint8Array {
  return ctx.sha256 ? ctx.sha256(blockBodyBytes(block)) : blockHash(block);
}

export type ApplyResult =
  | { readonly ok: true; readonly state: RegistryState }
  | { readonly ok: false; readonly error: RegistryError };

/** applyBlock that returns the error instead of throwing it. */
export function tryApplyBlock(
  state: RegistryState,
  block: Block,
  ctx: ApplyContext = {},
): ApplyResult {
  try {
    return { ok: true, state: applyBlock(state, block, ctx) };
  } catch (err) {
    return { ok: false, error: asRegistryError(err) };
  }
}

/**
 * The fold's own checks throw only RegistryErrors, but a tier function, signature check or
 * hash function passed in the context may throw anything: that refuses the block as well.
 */
export function asRegistryError(err: unknown): RegistryError {
  return err instanceof RegistryError ? err : new RegistryError('BLOCK_MALFORMED', String(err));
}

/**
 * Verifies `block` against `state` and folds its records. Checks, in order: shape, height,
 * previous hash, records, hash, known origin, signature, origin tier, Lamport range and record
 * order, then each record against the state and the origin's permissions.
 */
export function applyBlock(
  state: RegistryState,
  block: Block,
  ctx: ApplyContext = {},
): RegistryState {
  checkBlockShape(block);
  checkChainPosition(state, block);
  const records = validatedRecords(block);
  const hash = bodyHash(block, ctx);
  if (!equalBytes(hash, block.hash)) {
    throw new RegistryError('BLOCK_HASH', 'hash does not match the block body', { field: 'hash' });
  }
  const key = knownOriginKey(state, block.origin);
  if (!(ctx.verifySignature ?? defaultSignatureCheck)(key, hash, block.signature)) {
    throw new RegistryError('BAD_SIGNATURE', 'block signature does not verify', {
      field: 'signature',
    });
  }
  const next = foldRecords(state, block, records, hash, ctx.tierOf);
  if (block.version >= 2) checkStateRoot(block, next);
  return next;
}

/**
 * Folds a block that is not signed yet: applyBlock's checks and record rules in the same
 * order, without the hash check (the hash is computed here) and the signature check. Returns
 * the block to sign (a version 2 block without a state root gets the root of the state it
 * leaves; one with a root has it checked), the state the signed block will fold to, and the
 * hash its signature must cover.
 */
export function applyUnsignedBlock(
  state: RegistryState,
  block: UnsignedBlock,
  ctx: UnsignedApplyContext = {},
): {
  readonly block: UnsignedBlock;
  readonly state: RegistryState;
  readonly hash: Uint8Array;
} {
  checkUnsignedShape(block);
  checkChainPosition(state, block);
  const records = validatedRecords(block);
  knownOriginKey(state, block.origin);
  if (block.version === 1 || block.stateRoot !== undefined) {
    const hash = bodyHash(block, ctx);
    const next = foldRecords(state, block, records, hash, ctx.tierOf);
    if (block.version >= 2) checkStateRoot(block, next);
    return { block, state: next, hash };
  }
  // The root does not cover the head hash, so the fold can run before the hash is known.
  const folded = foldRecords(state, block, records, EMPTY_HASH, ctx.tierOf);
  const complete: UnsignedBlock = { ...block, stateRoot: stateRoot(folded) };
  const hash = bodyHash(complete, ctx);
  return { block: complete, state: withHead(folded, folded.height, hash), hash };
}

const EMPTY_HASH = new Uint8Array(32);

/** The state root of a block of version 2 or above must be the root of the state it leaves. */
function checkStateRoot(block: UnsignedBlock, next: RegistryState): void {
  if (!equalBytes(block.stateRoot as Uint8Array, stateRoot(next))) {
    throw new RegistryError('BLOCK_STATE_ROOT', 'state root is not that of the folded state', {
      field: 'stateRoot',
    });
  }
}

/**
 * The block must extend the state's head (next height, previous hash = head hash) and be of
 * the version in force at its height.
 */
function checkChainPosition(state: RegistryState, block: UnsignedBlock): void {
  if (block.height !== state.height + 1) {
    throw new RegistryError(
      'BLOCK_HEIGHT',
      `height ${block.height}, expected ${state.height + 1}`,
      { field: 'height' },
    );
  }
  if (!equalBytes(block.prevHash, state.headHash)) {
    throw new RegistryError('BLOCK_PREV_HASH', 'previous hash is not the head of this registry', {
      field: 'prevHash',
    });
  }
  const inForce = blockVersionAt(state.policy, block.height);
  if (block.version !== inForce) {
    throw new RegistryError(
      'BLOCK_VERSION',
      `block version ${block.version} at height ${block.height}, where version ${inForce} is in force`,
      { field: 'version' },
    );
  }
}

function knownOriginKey(state: RegistryState, origin: Quid): Uint8Array {
  const key = state.qanKeys.get(origin);
  if (!key) {
    throw new RegistryError('UNKNOWN_ORIGIN', `origin ${origin} is not a known QAN`, {
      field: 'origin',
    });
  }
  return key;
}

/** Tiers the origin, checks the record order, and applies every record to one draft. */
function foldRecords(
  state: RegistryState,
  block: UnsignedBlock,
  records: readonly RegistryRecord[],
  hash: Uint8Array,
  tierOf: TierOf = defaultTier,
): RegistryState {
  const tier = tierOf(block.origin, state);
  if (tier === 'invalid') {
    throw new RegistryError('ORIGIN_INVALID', `origin ${block.origin} is tiered invalid`, {
      field: 'origin',
    });
  }
  checkLamportRange(state, block, records);
  checkRecordOrder(block.origin, records);
  const draft = new Draft(state);
  for (let i = 0; i < records.length; i++)
    applyRecord(draft, records[i] as RegistryRecord, tier, i);
  return draft.commit(block.height, hash, block.lamportLast);
}

function checkLamportRange(
  state: RegistryState,
  block: UnsignedBlock,
  records: readonly RegistryRecord[],
): void {
  const first = records[0] as RegistryRecord;
  const last = records[records.length - 1] as RegistryRecord;
  if (block.lamportFirst !== first.l || block.lamportLast !== last.l) {
    throw new RegistryError('BLOCK_LAMPORT_RANGE', 'Lamport range does not match the records', {
      field: 'lamportFirst',
    });
  }
  if (first.l <= state.lamport) {
    throw new RegistryError('RECORD_LAMPORT', `Lamport ${first.l} is not after ${state.lamport}`, {
      field: 'l',
      index: 0,
    });
  }
}

/** Every record is the block origin's, and they are strictly increasing by (l, origin). */
function checkRecordOrder(origin: Quid, records: readonly RegistryRecord[]): void {
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as RegistryRecord;
    if (r.origin !== origin) {
      throw new RegistryError(
        'RECORD_ORIGIN_MISMATCH',
        'record origin differs from the block origin',
        { field: 'origin', index: i },
      );
    }
    if (i > 0 && compareRecordOrder(records[i - 1] as RegistryRecord, r) >= 0) {
      throw new RegistryError(
        'RECORD_ORDER',
        'records are not in strictly increasing (L, origin) order',
        { field: 'l', index: i },
      );
    }
  }
}
