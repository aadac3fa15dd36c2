/** POLICY: a new status policy, which every entry is re-evaluated under. */
import { evaluateStatus, sameStatus } from '../../policy.js';
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
    draft.policy = r.policy;
    // Only entries whose status changes are written (and their Lamport stamp stays).
    for (const e of [...draft.all()]) {
      const status = evaluateStatus(e, r.policy);
      if (!sameStatus(status, e.status)) draft.put(e.alias, { ...e, status });
    }
  },
};
