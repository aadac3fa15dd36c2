/**
 * Blocks: a batch of records from one QAN, chained by hash and signed once with the hybrid
 * Ed25519 + ML-DSA-65 signature. Wire form (docs/spec/registry.md §4):
 *   block = canonical { body: bin(canonical body map), hash: bin32, signature: bin3373 }
 *   hash  = SHA-256(body bytes); signature = hybridSign(key, "qcos/registry-block/v1", hash)
 * Carrying the body as the exact bytes that were hashed lets a receiver check the hash without
 * re-encoding. A version 2 body (protocol 2, scheduled by a POLICY record) also holds the state
 * root after the block (state-root.ts); a version 1 body does not.
 */

import { sha256 } from '@noble/hashes/sha2.js';
import {
  HYBRID_SIGNATURE_LENGTH,
  type HybridSigningKey,
  hybridQuid,
  hybridSign,
  isQuid,
  type Quid,
} from '@qcos/identity';
import { type CanonicalValue, decode, encode } from './canonical.js';
import { RegistryError } from './errors.js';
import { MAX_BLOCK_BYTES, MAX_RECORDS_PER_BLOCK } from './limits.js';
import { blockVersionAt } from './policy.js';
import { type RecordBody, type RegistryRecord, validateRecord } from './records.js';
import type { RegistryState } from './state.js';

/** The original block version, in force until a POLICY record schedules protocol 2. */
export const BLOCK_VERSION = 1;
/** The block versions this implementation folds: the version equals the protocol in force. */
export const BLOCK_VERSIONS: readonly number[] = [1, 2, 3];
export const BLOCK_SIGNATURE_CONTEXT = 'qcos/registry-block/v1';
const BODY_TYPE = 'qcos-registry-block';

export interface UnsignedBlock {
  readonly version: 1 | 2 | 3;
  readonly height: number;
  readonly prevHash: Uint8Array;
  readonly origin: Quid;
  /** Lamport timestamps of the first and last record. */
  readonly lamportFirst: number;
  readonly lamportLast: number;
  readonly records: readonly RegistryRecord[];
  /**
   * Version 2 only: the state root after this block. Absent on a version 2 block that is not
   * sealed yet (applyUnsignedBlock computes it); never present on version 1.
   */
  readonly stateRoot?: Uint8Array;
}

export interface Block extends UnsignedBlock {
  readonly hash: Uint8Array;
  readonly signature: Uint8Array;
}

/** Body bytes of decoded and signed blocks, so applyBlock hashes them without re-encoding. */
const bodyMemo = new WeakMap<object, Uint8Array>();
/** Blocks whose records decodeBlock already validated. */
const validated = new WeakSet<object>();

/** The block's records, validated unless decodeBlock already did (blocks are immutable values). */
export function validatedRecords(b: UnsignedBlock): readonly RegistryRecord[] {
  return validated.has(b) ? b.records : b.records.map((r, i) => validateRecord(r, i));
}

/**
 * The next block on `state` from `origin`: records stamped with consecutive Lamport
 * timestamps after the state's, in the order given.
 */
export function buildBlock(
  state: RegistryState,
  origin: Quid,
  records: readonly RecordBody[],
): UnsignedBlock {
  if (records.length === 0 || records.length > MAX_RECORDS_PER_BLOCK) {
    throw new RegistryError(
      'BLOCK_TOO_LARGE',
      `a block holds 1..${MAX_RECORDS_PER_BLOCK} records`,
      {
        field: 'records',
      },
    );
  }
  const stamped = records.map(
    (r, i) => ({ ...r, l: state.lamport + 1 + i, origin }) as RegistryRecord,
  );
  return {
    version: blockVersionAt(state.policy, state.height + 1) as 1 | 2 | 3,
    height: state.height + 1,
    prevHash: state.headHash,
    origin,
    lamportFirst: state.lamport + 1,
    lamportLast: state.lamport + records.length,
    records: stamped,
  };
}

function bodyValue(b: UnsignedBlock): CanonicalValue {
  return {
    type: BODY_TYPE,
    version: b.version,
    height: b.height,
    prevHash: b.prevHash,
    origin: b.origin,
    lamportFirst: b.lamportFirst,
    lamportLast: b.lamportLast,
    records: b.records as unknown as CanonicalValue,
    ...(b.stateRoot === undefined ? {} : { stateRoot: b.stateRoot }),
  };
}

/** The canonical body bytes: what the block hash covers. */
export function blockBodyBytes(b: UnsignedBlock): Uint8Array {
  return bodyMemo.get(b) ?? encode(bodyValue(b), 'BLOCK_MALFORMED', MAX_BLOCK_BYTES);
}

export function blockHash(b: UnsignedBlock): Uint8Array {
  return sha256(blockBodyBytes(b));
}

/** Makes the signature over a block hash (a key held elsewhere, e.g. in an HSM, fits here). */
export type BlockSigner = (hash: Uint8Array) => Uint8Array;

/** The hybrid signer of `key`: hybridSign under the block signature context. */
export function hybridBlockSigner(key: HybridSigningKey): BlockSigner {
  return (hash) => hybridSign(key, BLOCK_SIGNATURE_CONTEXT, hash);
}

/**
 * Validates, hashes and signs a block. The key must be the origin's (its quid equals `origin`).
 */
export function signBlock(b: UnsignedBlock, key: HybridSigningKey): Block {
  if (hybridQuid(key.publicKey) !== b.origin) {
    throw new RegistryError('UNKNOWN_ORIGIN', 'signing key does not belong to the block origin', {
      field: 'origin',
    });
  }
  return signBlockWith(b, hybridBlockSigner(key));
}

/** Validates, hashes and signs a block with `sign`, which must sign for the block's origin. */
export function signBlockWith(b: UnsignedBlock, sign: BlockSigner): Block {
  checkUnsignedShape(b);
  for (let i = 0; i < b.records.length; i++) validateRecord(b.records[i], i);
  const body = blockBodyBytes(b);
  const hash = sha256(body);
  const block: Block = { ...b, hash, signature: sign(hash) };
  bodyMemo.set(block, body);
  validated.add(block);
  return block;
}

export function encodeBlock(b: Block): Uint8Array {
  return encode(
    { body: blockBodyBytes(b), hash: b.hash, signature: b.signature },
    'BLOCK_MALFORMED',
    MAX_BLOCK_BYTES,
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

function malformed(field: string, why: string): never {
  throw new RegistryError('BLOCK_MALFORMED', `${field}: ${why}`, { field });
}

function exactKeys(o: Obj, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) malformed(`${where}${k}`, 'unknown field');
  for (const k of keys) if (!(k in o)) malformed(`${where}${k}`, 'missing');
}

const BODY_KEYS = [
  'type',
  'version',
  'height',
  'prevHash',
  'origin',
  'lamportFirst',
  'lamportLast',
  'records',
];
const BODY_KEYS_V2 = [...BODY_KEYS, 'stateRoot'];

/**
 * Checks the shape of a block (types and bounds, each record well-formed) without looking at
 * any state. Used by decodeBlock and by applyBlock on blocks built in memory.
 */
export function checkBlockShape(b: unknown): asserts b is Block {
  checkShape(b, true);
}

/** checkBlockShape for a block not hashed or signed yet: everything but `hash` and `signature`. */
export function checkUnsignedShape(b: unknown): asserts b is UnsignedBlock {
  checkShape(b, false);
}

// One walk for both shapes, so a malformed block reports the same field first either way.
function checkShape(b: unknown, signed: boolean): void {
  if (!isObj(b)) malformed('block', 'not a map');
  checkVersion(b.version);
  const int = (f: string, min: number): void => {
    const v = b[f];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
      malformed(f, 'not an integer');
  };
  int('height', 1);
  int('lamportFirst', 1);
  int('lamportLast', 1);
  if (!(b.prevHash instanceof Uint8Array) || b.prevHash.length !== 32)
    malformed('prevHash', 'not 32 bytes');
  if (!isQuid(b.origin)) malformed('origin', 'not a quid');
  checkStateRootField(b, signed);
  if (signed) checkSealFields(b);
  const records = b.records;
  if (!Array.isArray(records)) malformed('records', 'not a list');
  if (records.length === 0 || records.length > MAX_RECORDS_PER_BLOCK) {
    throw new RegistryError(
      'BLOCK_TOO_LARGE',
      `a block holds 1..${MAX_RECORDS_PER_BLOCK} records`,
      {
        field: 'records',
      },
    );
  }
}

function checkVersion(version: unknown): void {
  if (typeof version !== 'number' || !BLOCK_VERSIONS.includes(version)) {
    throw new RegistryError('BLOCK_VERSION', `unsupported block version ${String(version)}`, {
      field: 'version',
    });
  }
}

/** Version 1 has no state root; a sealed block of version 2 or above has one of 32 bytes. */
function checkStateRootField(b: Obj, signed: boolean): void {
  const root = b.stateRoot;
  if (b.version === 1) {
    if (root !== undefined) malformed('stateRoot', 'not in a version 1 block');
    return;
  }
  if (root === undefined && !signed) return;
  if (!(root instanceof Uint8Array) || root.length !== 32) malformed('stateRoot', 'not 32 bytes');
}

function checkSealFields(b: Obj): void {
  if (!(b.hash instanceof Uint8Array) || b.hash.length !== 32) malformed('hash', 'not 32 bytes');
  if (!(b.signature instanceof Uint8Array) || b.signature.length !== HYBRID_SIGNATURE_LENGTH) {
    malformed('signature', `not ${HYBRID_SIGNATURE_LENGTH} bytes`);
  }
}

/** Strict decode: canonical bytes only, exact fields, every record validated. */
export function decodeBlock(bytes: Uint8Array): Block {
  if (!(bytes instanceof Uint8Array)) malformed('block', 'not bytes');
  if (bytes.length > MAX_BLOCK_BYTES) {
    throw new RegistryError('BLOCK_TOO_LARGE', `${bytes.length} bytes over ${MAX_BLOCK_BYTES}`);
  }
  const outer = decode(bytes, 'BLOCK_MALFORMED', MAX_BLOCK_BYTES);
  if (!isObj(outer)) malformed('block', 'not a map');
  exactKeys(outer, ['body', 'hash', 'signature'], '');
  const body = outer.body;
  if (!(body instanceof Uint8Array)) malformed('body', 'not bytes');
  const b = decode(body, 'BLOCK_MALFORMED', MAX_BLOCK_BYTES);
  if (!isObj(b)) malformed('body', 'not a map');
  checkVersion(b.version);
  exactKeys(b, b.version === 1 ? BODY_KEYS : BODY_KEYS_V2, 'body.');
  if (b.type !== BODY_TYPE) malformed('body.type', 'not a registry block');
  const candidate = { ...b, hash: outer.hash, signature: outer.signature };
  delete (candidate as Obj).type;
  checkBlockShape(candidate);
  const block: Block = {
    ...candidate,
    records: candidate.records.map((r, i) => validateRecord(r, i)),
  };
  bodyMemo.set(block, body);
  validated.add(block);
  return block;
}

/**
 * Deterministic order of competing blocks (several QANs built on the same head): by height,
 * then the (L, origin) order of their first records, then hash bytes. Every QAN that sees the
 * same candidates applies the first and rebuilds its own records on top (XDV-040 §3.3, §8).
 */
export function compareConcurrentBlocks(
  a: UnsignedBlock & { hash?: Uint8Array },
  b: UnsignedBlock & { hash?: Uint8Array },
): number {
  if (a.height !== b.height) return a.height - b.height;
  if (a.lamportFirst !== b.lamportFirst) return a.lamportFirst - b.lamportFirst;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  const x = a.hash ?? new Uint8Array(0);
  const y = b.hash ?? new Uint8Array(0);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}
