/** TRUST_EDGE: the origin trusts another QAN at a level (0 revokes), which makes its key known. */
import { hybridQuid } from '@qcos/identity';
import type { TrustEdgeRecord } from '../../records.js';
import { type RegistryRule, reject } from '../record-rule.js';

export const trustEdgeRule: RegistryRule<TrustEdgeRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    const trustee = hybridQuid(r.trusteeKey);
    if (trustee === r.origin)
      reject('RECORD_INVALID', 'a QAN cannot trust itself', index, 'trusteeKey');
    draft.addQanKey(trustee, r.trusteeKey);
    draft.setTrustEdge(r.origin, trustee, r.levelPpm);
  },
};
