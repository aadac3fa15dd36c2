/**
 * The fold's record rules: one per kind. Adding a kind (CONTRACT_* records are reserved for
 * resource contracts) means adding a rule here and its validation in records.ts.
 */
import type { Quid } from '@qcos/identity';
import {
  expireRule,
  readyRule,
  releaseRule,
  releaseUnavailable,
  renewRule,
  requestRule,
  resourcesRule,
  revokeRule,
} from '../contracts/contract-rules.js';
import { blockVersionAt } from '../policy.js';
import { CONTRACT_KINDS, type RegistryRecord } from '../records.js';
import { mayWrite, type TrustTier } from '../trust.js';
import type { Draft } from './draft.js';
import { type NodeRecord, type RecordRule, type RecordRules, reject } from './record-rule.js';
import { eksLossRule, eksSyncRule } from './rules/eks.js';
import { criticalFaultRule, maintenanceRule } from './rules/fault-and-maintenance.js';
import { heartbeatRule, heartbeatTimeoutRule } from './rules/heartbeat.js';
import { authoriseOperatorAction } from './rules/operator-action.js';
import { policyRule } from './rules/policy.js';
import { deregisterRule, registerRule } from './rules/register.js';
import { trustEdgeRule } from './rules/trust-edge.js';

export const RECORD_RULES: RecordRules = {
  REGISTER: registerRule,
  HEARTBEAT: heartbeatRule,
  EKS_SYNC: eksSyncRule,
  EKS_LOSS: eksLossRule,
  CRITICAL_FAULT: criticalFaultRule,
  HEARTBEAT_TIMEOUT: heartbeatTimeoutRule,
  MAINTENANCE: maintenanceRule,
  DEREGISTER: deregisterRule,
  POLICY: policyRule,
  TRUST_EDGE: trustEdgeRule,
  RESOURCES: resourcesRule,
  CONTRACT_REQUEST: requestRule,
  CONTRACT_READY: readyRule,
  CONTRACT_RENEW: renewRule,
  CONTRACT_RELEASE: releaseRule,
  CONTRACT_REVOKE: revokeRule,
  CONTRACT_EXPIRE: expireRule,
};

/** The first protocol version that folds resource-contract records. */
export const CONTRACTS_PROTOCOL = 3;

/**
 * Applies record `r` (at `index` of its block) to the draft: the origin's permission first,
 * then the rule of its kind. A record about a node needs the node registered, and the
 * permission check may depend on the node's home QAN. An operator action is opened first and
 * its inner record applied on the signer's authority instead of the origin's tier.
 */
export function applyRecord(draft: Draft, r: RegistryRecord, tier: TrustTier, index: number): void {
  if (r.kind === 'OPERATOR_ACTION') {
    if (!mayWrite(tier, r.kind, r.origin, undefined))
      reject('RECORD_NOT_PERMITTED', `a ${tier} origin may not carry ${r.kind}`, index, 'kind');
    applyRule(draft, authoriseOperatorAction(draft, r, index), index, () => true);
    return;
  }
  const kind = r.kind;
  applyRule(draft, r, index, (home) => mayWrite(tier, kind, r.origin, home));
}

function applyRule(
  draft: Draft,
  r: Exclude<RegistryRecord, { kind: 'OPERATOR_ACTION' }>,
  index: number,
  permitted: (home: Quid | undefined) => boolean,
): void {
  if (
    CONTRACT_KINDS.has(r.kind) &&
    blockVersionAt(draft.base.policy, draft.base.height + 1) < CONTRACTS_PROTOCOL
  )
    reject('RECORD_OUT_OF_POLICY', `${r.kind} is folded from protocol 3 on`, index, 'kind');
  const rule = RECORD_RULES[r.kind] as RecordRule;
  if (rule.about === 'registry') {
    if (!permitted(undefined))
      reject('RECORD_NOT_PERMITTED', `the origin may not write ${r.kind}`, index, 'kind');
    rule.apply(draft, r, index);
    // A policy change may quarantine any node: every participant is checked again.
    if (r.kind === 'POLICY')
      for (const alias of [...draft.book.byNode.keys()]) releaseUnavailable(draft, alias, r.l);
    return;
  }
  const { alias } = r as NodeRecord;
  const entry = draft.get(alias);
  if (!entry) reject('RECORD_UNKNOWN_NODE', `${alias} is not registered`, index, 'alias');
  if (!permitted(entry.homeQan)) {
    const why = `the origin may not write ${r.kind} about ${alias}`;
    reject('RECORD_NOT_PERMITTED', why, index, 'kind');
  }
  rule.apply(draft, r as NodeRecord, entry, index);
  // The record may have taken the node out of the contracts it takes part in (§5.6).
  if (draft.book.byNode.has(alias)) releaseUnavailable(draft, alias, r.l);
}
