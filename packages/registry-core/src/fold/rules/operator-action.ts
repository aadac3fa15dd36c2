/**
 * OPERATOR_ACTION: the envelope of a record an operator decided. The checks here decide whether
 * the signer may act at all; the inner record then goes through the rule of its own kind with
 * the signer as its origin (registry spec §5.11).
 */
import { equalBytes, type Quid } from '@qcos/identity';
import { relationalTrustPpm as trustGraphPpm } from '@qcos/trust-graph';
import { openOperatorAction, verifyOperatorSignature } from '../../operator-action.js';
import type { OperatorActionRecord, RegistryRecord } from '../../records.js';
import { DEFAULT_TIER_THRESHOLDS } from '../../trust.js';
import type { Draft } from '../draft.js';
import { reject } from '../record-rule.js';

/**
 * Whether `signer` may sign operator actions now: the anchor always; an operator key while its
 * trust from the anchor (over the edges as this block left them) is at the trusted threshold.
 */
export function mayActAsOperator(draft: Draft, signer: Quid): boolean {
  if (signer === draft.base.anchor) return true;
  if (draft.roleOf(signer) !== 'OPERATOR') return false;
  const { trustedPpm, maxDepth } = DEFAULT_TIER_THRESHOLDS;
  return trustGraphPpm(draft.edges(), draft.base.anchor, signer, maxDepth) >= trustedPpm;
}

/**
 * Checks the action in `r` (at `index` of its block) in order — decodes, network, signer's
 * authority, seq, signature — records its seq, and returns the inner record stamped with the
 * envelope's Lamport timestamp and the signer as origin.
 */
export function authoriseOperatorAction(
  draft: Draft,
  r: OperatorActionRecord,
  index: number,
): Exclude<RegistryRecord, OperatorActionRecord> {
  const { action, signer } = openOperatorAction(r, index);
  if (!equalBytes(action.genesisHash, draft.base.genesisHash))
    reject('ACTION_WRONG_NETWORK', 'action is for another network', index, 'action.genesisHash');
  if (!mayActAsOperator(draft, signer))
    reject('RECORD_NOT_PERMITTED', `${signer} is not a trusted operator`, index, 'signerKey');
  const last = draft.operatorSeq(signer);
  if (action.seq <= last)
    reject('ACTION_REPLAYED', `seq ${action.seq} is not above ${last}`, index, 'action.seq');
  if (!verifyOperatorSignature(r))
    reject('BAD_SIGNATURE', 'operator signature does not verify', index, 'signature');
  draft.setOperatorSeq(signer, action.seq);
  return { ...action.record, l: r.l, origin: signer } as Exclude<
    RegistryRecord,
    OperatorActionRecord
  >;
}
