/** CRITICAL_FAULT and MAINTENANCE: conditions reported about a node that quarantine it. */
import type { CriticalFaultRecord, MaintenanceRecord } from '../../records.js';
import { type NodeRule, settle } from '../record-rule.js';

/** The fault joins the entry's sorted, unique fault list; a clean heartbeat clears the list. */
export const criticalFaultRule: NodeRule<CriticalFaultRecord> = {
  about: 'node',
  apply(draft, r, entry) {
    const faults = [...new Set([...entry.faults, r.fault])].sort();
    draft.put(r.alias, settle(entry, { faults, goodHeartbeats: 0 }, draft.policy, r.l));
  },
};

/** Entering maintenance resets the hysteresis counter; leaving it keeps the count. */
export const maintenanceRule: NodeRule<MaintenanceRecord> = {
  about: 'node',
  apply(draft, r, entry) {
    const goodHeartbeats = r.on ? 0 : entry.goodHeartbeats;
    draft.put(r.alias, settle(entry, { maintenance: r.on, goodHeartbeats }, draft.policy, r.l));
  },
};
