import { type FaultKind, type HealthReport, PPM_MAX } from '@qcos/chips-codec';
import type { EksStatus } from './eks-status.js';
import type { FaultState } from './faults.js';

/** The node's nominal gate fidelities (before any injected drift), 0..1. */
export interface NodeFidelity {
  readonly fidelity1q: number;
  readonly fidelity2q: number;
}

/** Fidelities after drift, clamped to 0..1: what the node reports and simulates. */
export function effectiveFidelity(nominal: NodeFidelity, faults: FaultState): NodeFidelity {
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  return {
    fidelity1q: clamp(nominal.fidelity1q + faults.fidelityDrift),
    fidelity2q: clamp(nominal.fidelity2q + faults.fidelityDrift),
  };
}

export function activeFaultKinds(faults: FaultState): FaultKind[] {
  const kinds: FaultKind[] = [];
  if (faults.cryostat) kinds.push('CRYOSTAT');
  return kinds.sort();
}

/** Builds the heartbeat's health report (pure: everything it depends on is a parameter). */
export function buildHealthReport(input: {
  readonly eks: EksStatus;
  readonly nominal: NodeFidelity;
  readonly faults: FaultState;
  readonly utilisationPct: number;
}): HealthReport {
  const f = effectiveFidelity(input.nominal, input.faults);
  const ppm = (x: number): number => Math.min(PPM_MAX, Math.max(0, Math.round(x * PPM_MAX)));
  const common = {
    eksLastSyncMs: input.eks.lastSyncMs,
    fidelity1qPpm: ppm(f.fidelity1q),
    fidelity2qPpm: ppm(f.fidelity2q),
    utilisationPct: Math.min(100, Math.max(0, Math.round(input.utilisationPct))),
    faults: activeFaultKinds(input.faults),
  };
  return input.eks.state === 'stable'
    ? { eksOk: true, ...common }
    : { eksOk: false, eksLossReason: input.eks.reason, ...common };
}
