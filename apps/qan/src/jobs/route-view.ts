import type { RouteDecisionView } from '@qcos/qan-api';
import type { RouteDecision } from '@qcos/registry-core';

const STAGE: Record<string, string> = {
  'same-scope': 'SAME_SCOPE',
  'same-capacity-class': 'SAME_CAPACITY_CLASS',
  failover: 'REGIONAL_FAILOVER',
};

/** The API's view of a routing decision; `alias` is where the job goes, if anywhere. */
export function routeDecisionView(d: RouteDecision): RouteDecisionView {
  switch (d.kind) {
    case 'deliver':
      return { outcome: 'deliver', alias: d.alias, address: d.address };
    case 'soft-reject':
      return d.reroute === null
        ? { outcome: 'soft-reject', requested: d.alias, reason: d.reason }
        : {
            outcome: 'soft-reject',
            requested: d.alias,
            reason: d.reason,
            alias: d.reroute.alias,
            address: d.reroute.address,
            reroutedTo: d.reroute.alias,
            rerouteStage: STAGE[d.reroute.tier] ?? d.reroute.tier,
          };
    case 'not-found':
      return { outcome: 'reject', requested: d.alias, reason: 'NODE_NOT_FOUND' };
    case 'unavailable':
      return { outcome: 'reject', reason: 'NO_ACTIVE_NODE_IN_SCOPE' };
  }
}
