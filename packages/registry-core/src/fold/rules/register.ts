/** REGISTER and DEREGISTER: a node enters the registry on probation, or leaves it. */
import { quidFromPublicKey } from '@qcos/identity';
import type { NodeEntry } from '../../entry.js';
import type { DeregisterRecord, RegisterRecord } from '../../records.js';
import { type NodeRule, type RegistryRule, reject } from '../record-rule.js';

export const registerRule: RegistryRule<RegisterRecord> = {
  about: 'registry',
  apply(draft, r, index) {
    if (draft.get(r.alias))
      reject('RECORD_DUPLICATE_NODE', `${r.alias} is already registered`, index, 'alias');
    draft.put(r.alias, registeredEntry(r));
  },
};

/** A new entry starts quarantined on PROBATION until it has sent N good heartbeats. */
function registeredEntry(r: RegisterRecord): NodeEntry {
  return {
    alias: r.alias,
    address: r.address,
    status: { state: 'QUARANTINE', cause: { reason: 'PROBATION' } },
    lastHeartbeatMs: null,
    qubitCapacity: r.qubitCapacity,
    eks: { ok: true, lastSyncMs: 0 },
    avgFidelityPpm: 0,
    scope: r.scope,
    nodeId: quidFromPublicKey(r.publicKey),
    publicKey: r.publicKey,
    homeQan: r.origin,
    registeredAtMs: r.atMs,
    utilisationPct: 0,
    faults: [],
    maintenance: false,
    timedOut: false,
    goodHeartbeats: 0,
    updatedL: r.l,
  };
}

export const deregisterRule: NodeRule<DeregisterRecord> = {
  about: 'node',
  apply(draft, r) {
    draft.put(r.alias, undefined);
  },
};
