import type { ContractView, ReservationListView } from '@qcos/qan-api';
import { contractsOf, type RegistryState, slotsAt } from '@qcos/registry-core';

/**
 * The API's view of contract `id` in `state` (schemas/api/contract.schema.json): its terms and
 * allocation while it holds resources, how it ended once it has; undefined when the state no
 * longer knows it (ended long ago: the log still does).
 */
export function contractView(state: RegistryState, id: number): ContractView | undefined {
  const { holding, ended } = state.contracts;
  const c = holding.get(id);
  if (c !== undefined) {
    return {
      id,
      state: c.state,
      height: state.height,
      kind: c.terms.contractKind,
      homeQan: c.homeQan,
      participants: [...c.terms.participants],
      slotsHeld: c.slotsHeld.map((s) => [...s]),
      startMs: c.terms.startMs,
      endMs: c.terms.endMs,
      leaseUntilMs: c.leaseUntilMs,
      ready: [...c.ready],
      ...(c.activatedL === null ? {} : { activatedL: c.activatedL }),
    };
  }
  const e = ended.get(id);
  if (e === undefined) return undefined;
  return {
    id,
    state: e.state,
    height: state.height,
    reason: e.reason,
    ...(e.alias === null ? {} : { alias: e.alias }),
    ...(e.conflict === null ? {} : { conflict: e.conflict }),
    endedL: e.endedL,
  };
}

/** What holds the resources of node `alias` (schemas/api/reservation-list.schema.json). */
export function reservationsView(state: RegistryState, alias: string): ReservationListView {
  return {
    alias,
    height: state.height,
    memorySlots: state.contracts.resources.get(alias)?.memorySlots ?? 0,
    reservations: contractsOf(state.contracts, alias).map((c) => ({
      contractId: c.id,
      state: c.state,
      kind: c.terms.contractKind,
      slots: [...slotsAt(c, alias)],
      startMs: c.terms.startMs,
      endMs: c.terms.endMs,
    })),
  };
}
