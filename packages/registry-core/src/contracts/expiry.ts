/**
 * Contract expiry is a verdict, as heartbeat timeouts are (docs/spec/contracts.md §5.5): a QAN
 * asks which holding contracts are past their deadline at its own `nowMs` and writes one
 * CONTRACT_EXPIRE record for each. The home QAN may write it at the deadline; any other QAN
 * only after the grace of two heartbeat intervals, so a lost home QAN cannot leave a contract
 * holding its slots for ever, and a live one is never raced by the others' clocks.
 */
import type { Quid } from '@qcos/identity';
import type { RecordBody } from '../records.js';
import type { RegistryState } from '../state.js';
import { deadlineOf } from './contract-rules.js';

/**
 * The CONTRACT_EXPIRE verdicts QAN `origin` may write at `nowMs`, by contract id: the book holds
 * contracts in the order they were requested (a draft appends, a snapshot lists them by id).
 */
export function expiryVerdicts(state: RegistryState, origin: Quid, nowMs: number): RecordBody[] {
  const grace = 2 * state.policy.heartbeatIntervalMs;
  const out: RecordBody[] = [];
  for (const c of state.contracts.holding.values()) {
    const due = deadlineOf(c).atMs + (c.homeQan === origin ? 0 : grace);
    if (nowMs >= due) out.push({ kind: 'CONTRACT_EXPIRE', id: c.id, observedAtMs: nowMs });
  }
  return out;
}
