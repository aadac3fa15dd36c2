/**
 * Expiry verdicts: which holding contracts a QAN may expire at its own clock — its own at the
 * deadline, another QAN's only after the grace of two heartbeat intervals — and that each
 * verdict folds (the rule and the verdict agree at every edge).
 */

import type { Quid } from '@qcos/identity';
import { describe, expect, it } from 'vitest';
import { expiryVerdicts } from '../../src/index.js';
import { qan } from '../helpers.js';
import { fold, idAt, linkRequest, network, windowRequest } from './contract-fixtures.js';

const home = qan(1).quid as Quid;
const other = qan(2).quid as Quid;

/** Two contracts through QAN 1: a link (deadline 10 000, NOT_READY) and a window whose lease ends at 12 000. */
function twoContracts() {
  const { state } = network();
  const link = idAt(state, 0);
  const window = idAt(state, 1);
  const s = fold(state, [
    linkRequest(),
    windowRequest({ participants: ['a', 'c'], startMs: 40_000, endMs: 50_000, leaseMs: 7_000 }),
  ]);
  return { s, link, window };
}

describe('expiry verdicts', () => {
  it('the home QAN expires each contract from its deadline on, in id order', () => {
    const { s, link, window } = twoContracts();
    // The window's lease ends at 5 000 + 7 000 = 12 000, before its start.
    expect(expiryVerdicts(s, home, 9_999)).toStrictEqual([]);
    expect(expiryVerdicts(s, home, 10_000)).toStrictEqual([
      { kind: 'CONTRACT_EXPIRE', id: link, observedAtMs: 10_000 },
    ]);
    expect(expiryVerdicts(s, home, 12_000)).toStrictEqual([
      { kind: 'CONTRACT_EXPIRE', id: link, observedAtMs: 12_000 },
      { kind: 'CONTRACT_EXPIRE', id: window, observedAtMs: 12_000 },
    ]);
  });

  it('another QAN waits two heartbeat intervals past the deadline', () => {
    const { s, link, window } = twoContracts();
    const grace = 2 * s.policy.heartbeatIntervalMs;
    expect(expiryVerdicts(s, other, 10_000 + grace - 1)).toStrictEqual([]);
    expect(expiryVerdicts(s, other, 10_000 + grace)).toStrictEqual([
      { kind: 'CONTRACT_EXPIRE', id: link, observedAtMs: 10_000 + grace },
    ]);
    expect(expiryVerdicts(s, other, 12_000 + grace).map((r) => 'id' in r && r.id)).toStrictEqual([
      link,
      window,
    ]);
  });

  it('every verdict folds and ends its contract EXPIRED; none is left for the next tick', () => {
    const { s, link, window } = twoContracts();
    const after = fold(s, expiryVerdicts(s, home, 12_000));
    expect(after.contracts.ended.get(link)).toMatchObject({
      state: 'EXPIRED',
      reason: 'NOT_READY',
    });
    // Its lease ran out before its start: the lease, not readiness, is what it missed.
    expect(after.contracts.ended.get(window)).toMatchObject({ state: 'EXPIRED', reason: 'LEASE' });
    expect(expiryVerdicts(after, home, 1_000_000)).toStrictEqual([]);
  });
});
