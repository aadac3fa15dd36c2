/**
 * TRUST_EDGE (inside an operator action): the signer trusts a key in a role at a level (0 revokes),
 * which makes the key known in that role. A key holds one role for the life of the log.
 */
import { hybridQuid } from '@qcos/identity';
import type { TrustEdgeRecord } from '../../records.js';
import { type RegistryRule, reject } from '../record-rule.js';

export const trustEdgeRule: RegistryRule<TrustEdgeRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    const trustee = hybridQuid(r.trusteeKey);
    if (trustee === r.origin)
      reject('RECORD_INVALID', 'a key cannot trust itself', index, 'trusteeKey');
    if (trustee === draft.base.anchor)
      reject('RECORD_INVALID', 'the anchor is trusted by definition', index, 'trusteeKey');
    const known = draft.roleOf(trustee);
    if (known !== undefined && known !== r.role)
      reject('RECORD_NOT_PERMITTED', `${trustee} already holds the ${known} role`, index, 'role');
    if (r.role === 'QAN') draft.addQanKey(trustee, r.trusteeKey);
    else draft.addOperatorKey(trustee, r.trusteeKey);
    draft.setTrustEdge(r.origin, trustee, r.levelPpm);
  },
};
