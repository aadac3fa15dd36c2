/**
 * What a QAN asks before it queues an operator action someone submitted: would the action fold
 * on the current state if this QAN carried it? The answer is the fold's own (a trial fold of a
 * one-record block), so a QAN never accepts an action its next block would refuse for a reason
 * already visible now.
 */
import type { Quid } from '@qcos/identity';
import { buildBlock } from './block.js';
import { applyUnsignedBlock } from './fold.js';
import {
  type OperatorActionBody,
  openOperatorAction,
  operatorActionId,
} from './operator-action.js';
import { type RecordKind, validateRecordBody } from './records.js';
import type { RegistryState } from './state.js';

export interface CheckedOperatorAction {
  /** Hex SHA-256 of the action bytes. */
  readonly id: string;
  readonly signer: Quid;
  readonly seq: number;
  readonly kind: RecordKind;
  /** The clean record body to queue. */
  readonly body: OperatorActionBody;
}

/** Throws the fold's RegistryError when `value` would be refused on `state` from `courier`. */
export function checkOperatorAction(
  state: RegistryState,
  courier: Quid,
  value: unknown,
): CheckedOperatorAction {
  const body = validateRecordBody(value, ['OPERATOR_ACTION'], 0, '') as OperatorActionBody;
  applyUnsignedBlock(state, buildBlock(state, courier, [body]));
  const { action, signer } = openOperatorAction(body, 0);
  return {
    id: operatorActionId(body.action),
    signer,
    seq: action.seq,
    kind: action.record.kind,
    body,
  };
}
