/**
 * POLICY: a new status policy, which every entry is re-evaluated under. It may also schedule
 * the next protocol version at a later height, so QANs can be upgraded one by one before the
 * height is reached (docs/spec/registry.md §5.1).
 */
import { evaluateStatus, type StatusPolicy, sameStatus } from '../../policy.js';
import type { PolicyRecord } from '../../records.js';
import { type RegistryRule, reject } from '../record-rule.js';

export const policyRule: RegistryRule<PolicyRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    if (r.policy.version <= draft.policy.version) {
      reject(
        'RECORD_OUT_OF_POLICY',
        `policy version ${r.policy.version} is not above ${draft.policy.version}`,
        index,
        'policy.version',
      );
    }
    checkProtocolStep(draft.policy, r.policy, draft.base.height + 1, index);
    draft.policy = r.policy;
    // Only entries whose status changes are written (and their Lamport stamp stays).
    for (const e of [...draft.all()]) {
      const status = evaluateStatus(e, r.policy);
      if (!sameStatus(status, e.status)) draft.put(e.alias, { ...e, status });
    }
  },
};

/**
 * The protocol never goes down; a scheduled one keeps its height; a raise is by one, only once
 * the current protocol is in force, and to a height above the block carrying the record (so
 * the block that schedules a version is never itself of that version).
 */
export function checkProtocolStep(
  current: StatusPolicy,
  next: StatusPolicy,
  height: number,
  index: number,
): void {
  const from = current.protocol ?? 1;
  const to = next.protocol ?? 1;
  const refuse = (field: string, why: string): never =>
    reject('RECORD_OUT_OF_POLICY', why, index, `policy.${field}`);
  if (to < from) refuse('protocol', `protocol ${to} is below ${from}`);
  if (to === from) {
    if (next.protocolHeight !== current.protocolHeight)
      refuse('protocolHeight', `protocol ${to} is scheduled at ${current.protocolHeight} already`);
    return;
  }
  if (to !== from + 1) refuse('protocol', `protocol ${to} skips ${from + 1}`);
  if (height < (current.protocolHeight ?? 0))
    refuse('protocol', `protocol ${from} is not in force before height ${current.protocolHeight}`);
  if ((next.protocolHeight as number) <= height)
    refuse('protocolHeight', `protocol ${to} must start above this block's height ${height}`);
}
