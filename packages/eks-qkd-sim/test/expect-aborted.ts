import { expect } from 'vitest';
import type { AbortReason, ReconciliationReport } from '../src/index.js';

/** What an aborted run of either protocol must look like, whatever the protocol. */
export interface RunOutput {
  readonly report: {
    readonly abortReason?: AbortReason;
    readonly secureLength: number;
    readonly finalKeyBits: number;
    readonly keyRatePerPulse: number;
    readonly reconciliation?: ReconciliationReport;
  };
  readonly aliceKey: Uint8Array;
  readonly bobKey: Uint8Array;
}

/** Asserts that the run aborted for `reason` and gave out no key and no reconciliation. */
export function expectAborted(out: RunOutput, reason: AbortReason): void {
  expect(out.report.abortReason).toBe(reason);
  expect([
    out.report.secureLength,
    out.report.finalKeyBits,
    out.report.keyRatePerPulse,
  ]).toStrictEqual([0, 0, 0]);
  expect([out.aliceKey.length, out.bobKey.length]).toStrictEqual([0, 0]);
  expect(out.report.reconciliation).toBeUndefined();
}
