/**
 * Operator actions: registry changes an operator signs with its own key, so every QAN can check
 * who decided them (docs/spec/registry.md §5.11). Any QAN may carry one in an OPERATOR_ACTION
 * record; the fold accepts it only when the signer is the anchor or an operator trusted from it.
 *
 *   action = canonical { type: "qcos-operator-action", v: 1, genesisHash: bin32, seq, atMs,
 *                        record: body of MAINTENANCE | DEREGISTER | POLICY | TRUST_EDGE }
 *   signature = hybridSign(operator key, "qcos/operator-action/v1", action bytes)
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  type HybridSigningKey,
  hybridQuid,
  hybridSign,
  hybridVerify,
  type Quid,
  toHex,
} from '@qcos/identity';
import { type CanonicalValue, decode, encode } from './canonical.js';
import { RegistryError } from './errors.js';
import { MAX_OPERATOR_ACTION_BYTES, MAX_SAFE } from './limits.js';
import {
  type OperatorActionRecord,
  type RecordBody,
  type RecordKind,
  validateRecordBody,
} from './records.js';

export const OPERATOR_ACTION_CONTEXT = 'qcos/operator-action/v1';
const TYPE = 'qcos-operator-action';
const KEYS = ['type', 'v', 'genesisHash', 'seq', 'atMs', 'record'];

/** The record kinds only an operator may decide. */
export const OPERATOR_RECORD_KINDS: readonly RecordKind[] = [
  'MAINTENANCE',
  'DEREGISTER',
  'POLICY',
  'TRUST_EDGE',
];

export type OperatorRecordBody = Extract<
  RecordBody,
  { readonly kind: 'MAINTENANCE' | 'DEREGISTER' | 'POLICY' | 'TRUST_EDGE' }
>;

export interface OperatorAction {
  /** The network the action is for: an action never folds on another network. */
  readonly genesisHash: Uint8Array;
  /** Strictly increasing per signer: a folded action can never be folded again. */
  readonly seq: number;
  /** When the operator signed it (data only; the fold never compares it with a clock). */
  readonly atMs: number;
  readonly record: OperatorRecordBody;
}

/** The body of an OPERATOR_ACTION record, as a QAN queues it. */
export type OperatorActionBody = Omit<OperatorActionRecord, 'l' | 'origin'>;

function invalid(field: string, why: string, index: number): never {
  throw new RegistryError('RECORD_INVALID', `${field}: ${why}`, { field, index });
}

/** The canonical bytes the operator signs. */
export function encodeOperatorAction(a: OperatorAction): Uint8Array {
  validateRecordBody(a.record, OPERATOR_RECORD_KINDS, -1, 'action.record');
  return encode(
    {
      type: TYPE,
      v: 1,
      genesisHash: a.genesisHash,
      seq: a.seq,
      atMs: a.atMs,
      record: a.record as unknown as CanonicalValue,
    },
    'RECORD_INVALID',
    MAX_OPERATOR_ACTION_BYTES,
  );
}

/** Strictly decodes action bytes; errors are RECORD_INVALID with the field under "action.". */
export function decodeOperatorAction(bytes: Uint8Array, index = -1): OperatorAction {
  let v: CanonicalValue;
  try {
    v = decode(bytes, 'RECORD_INVALID', MAX_OPERATOR_ACTION_BYTES);
  } catch (err) {
    invalid('action', (err as Error).message, index);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array)
    invalid('action', 'not a map', index);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) invalid(`action.${k}`, 'unknown', index);
  if (o.type !== TYPE || o.v !== 1) invalid('action.type', 'not a version 1 action', index);
  if (!(o.genesisHash instanceof Uint8Array) || o.genesisHash.length !== 32)
    invalid('action.genesisHash', 'not 32 bytes', index);
  const int = (f: string, min: number): number => {
    const x = o[f];
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min || x > MAX_SAFE)
      invalid(`action.${f}`, `not an integer in ${min}..${MAX_SAFE}`, index);
    return x;
  };
  return {
    genesisHash: o.genesisHash,
    seq: int('seq', 1),
    atMs: int('atMs', 0),
    record: validateRecordBody(
      o.record,
      OPERATOR_RECORD_KINDS,
      index,
      'action.record',
    ) as OperatorRecordBody,
  };
}

/** Signs an action with the operator's key: the OPERATOR_ACTION record body a QAN carries. */
export function signOperatorAction(a: OperatorAction, key: HybridSigningKey): OperatorActionBody {
  const action = encodeOperatorAction(a);
  return {
    kind: 'OPERATOR_ACTION',
    action,
    signerKey: key.publicKey,
    signature: hybridSign(key, OPERATOR_ACTION_CONTEXT, action),
  };
}

/** The action's id: hex SHA-256 of its canonical bytes. */
export function operatorActionId(action: Uint8Array): string {
  return toHex(sha256(action));
}

/** A decoded action and the quid of the key that signed it (the signature is not checked yet). */
export interface OpenedOperatorAction {
  readonly action: OperatorAction;
  readonly signer: Quid;
}

/** Decodes the action a record carries and names its signer. */
export function openOperatorAction(
  r: Pick<OperatorActionRecord, 'action' | 'signerKey'>,
  index = -1,
): OpenedOperatorAction {
  return { action: decodeOperatorAction(r.action, index), signer: hybridQuid(r.signerKey) };
}

/** True when `signature` is the signer key's hybrid signature over the action bytes. */
export function verifyOperatorSignature(
  r: Pick<OperatorActionRecord, 'action' | 'signerKey' | 'signature'>,
): boolean {
  return hybridVerify(r.signerKey, OPERATOR_ACTION_CONTEXT, r.action, r.signature);
}
