import { fromHex, type Quid, toHex } from '@qcos/identity';
import type { MembersView, OperatorActionSubmit, OperatorActionView } from '@qcos/qan-api';
import {
  checkOperatorAction,
  DEFAULT_TIER_THRESHOLDS,
  defaultTierOf,
  RegistryError,
  type RegistryState,
  relationalTrustPpm,
} from '@qcos/registry-core';
import { QanError } from '../api/qan-error.js';
import { RecordRefused, type RegistryService } from './registry-service.js';

/** Registry codes that mean the submitted bytes are malformed (400); any other refusal is 409. */
const MALFORMED = new Set(['RECORD_INVALID', 'RECORD_UNKNOWN_KIND']);

/**
 * Checks a signed operator action with the fold's own rules on the current state, queues it for
 * the next block (this QAN is only its courier) and resolves once that block is committed.
 */
export async function submitOperatorAction(
  registry: RegistryService,
  body: OperatorActionSubmit,
): Promise<OperatorActionView> {
  const value = {
    kind: 'OPERATOR_ACTION',
    action: fromHex(body.action),
    signerKey: fromHex(body.signerKey),
    signature: fromHex(body.signature),
  };
  let checked: ReturnType<typeof checkOperatorAction>;
  try {
    checked = checkOperatorAction(registry.state, registry.origin, value);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    const code = MALFORMED.has(error.code) ? 'OPERATOR_ACTION_INVALID' : 'OPERATOR_ACTION_REFUSED';
    throw new QanError(code, error.message, { registryCode: error.code, field: error.field });
  }
  let height: number;
  try {
    height = await registry.submit(checked.body);
  } catch (error) {
    if (!(error instanceof RecordRefused)) throw error;
    throw new QanError('OPERATOR_ACTION_REFUSED', error.message, { registryCode: error.code });
  }
  const { id, signer, seq, kind } = checked;
  return { id, signer, seq, kind: kind as OperatorActionView['kind'], height };
}

/** The anchor, QANs and operators the registry knows, with their trust from the anchor. */
export function membersView(state: RegistryState): MembersView {
  const tierOf = defaultTierOf();
  const member = (quid: Quid, role: 'ANCHOR' | 'QAN' | 'OPERATOR') => {
    const ppm = relationalTrustPpm(state, state.anchor, quid);
    const tier = tierOf(quid, state);
    return {
      quid,
      role,
      trustLevel: ppm / 1_000_000,
      mayAct:
        role === 'ANCHOR' ||
        (role === 'QAN'
          ? tier === 'trusted' || tier === 'tentative'
          : ppm >= DEFAULT_TIER_THRESHOLDS.trustedPpm),
      lastSeq: state.operatorSeqs.get(quid) ?? 0,
    };
  };
  return {
    networkId: state.networkId,
    genesisHash: toHex(state.genesisHash),
    anchor: state.anchor,
    policy: { ...state.policy },
    members: [
      // A standalone registry's anchor is its QAN: listed once, as the anchor.
      member(state.anchor, 'ANCHOR'),
      ...[...state.qanKeys.keys()].filter((q) => q !== state.anchor).map((q) => member(q, 'QAN')),
      ...[...state.operatorKeys.keys()].map((q) => member(q, 'OPERATOR')),
    ].sort((a, b) => (a.quid < b.quid ? -1 : a.quid > b.quid ? 1 : 0)),
  };
}
