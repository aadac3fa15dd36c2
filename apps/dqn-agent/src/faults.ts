import { AgentError } from './errors.js';

/**
 * Injected faults, settable by flags at start and through the control
 * endpoint at run time. Each one drives a real effect, not just a flag in the
 * heartbeat: the eavesdropper is part of the simulated QKD channel, the drift
 * changes the noise of executed circuits, a cryostat failure stops execution.
 */
export interface FaultState {
  /** Cryostat failure: reported as a CRYOSTAT fault; circuits are refused. */
  readonly cryostat: boolean;
  /** Intercept-resend fraction of an eavesdropper on the QKD link, 0..1. */
  readonly eavesdropper: number;
  /** Added to both gate fidelities (reported and simulated), −1..1. */
  readonly fidelityDrift: number;
  /** false = the agent stops heartbeating (the QAN's timeout must notice). */
  readonly heartbeats: boolean;
}

export type FaultPatch = Partial<FaultState>;

export const NO_FAULTS: FaultState = {
  cryostat: false,
  eavesdropper: 0,
  fidelityDrift: 0,
  heartbeats: true,
};

const KEYS = new Set<string>(Object.keys(NO_FAULTS));

/**
 * Validates an untrusted patch (a control request body). Throws AgentError
 * INVALID_FAULT naming the bad field; unknown fields are refused so a typo
 * never silently does nothing.
 */
export function parseFaultPatch(value: unknown): FaultPatch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AgentError('INVALID_FAULT', '$', 'expected a JSON object of faults');
  }
  const o = value as Record<string, unknown>;
  const patch: { -readonly [K in keyof FaultState]?: FaultState[K] } = {};
  for (const key of Object.keys(o)) {
    if (!KEYS.has(key)) throw new AgentError('INVALID_FAULT', key, `unknown fault "${key}"`);
  }
  if (o.cryostat !== undefined) patch.cryostat = bool(o.cryostat, 'cryostat');
  if (o.heartbeats !== undefined) patch.heartbeats = bool(o.heartbeats, 'heartbeats');
  if (o.eavesdropper !== undefined) patch.eavesdropper = num(o.eavesdropper, 'eavesdropper', 0, 1);
  if (o.fidelityDrift !== undefined) {
    patch.fidelityDrift = num(o.fidelityDrift, 'fidelityDrift', -1, 1);
  }
  return patch;
}

export function applyFaultPatch(state: FaultState, patch: FaultPatch): FaultState {
  return { ...state, ...patch };
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new AgentError('INVALID_FAULT', field, 'expected a boolean');
  return v;
}

function num(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new AgentError('INVALID_FAULT', field, `expected a number in ${min}..${max}`);
  }
  return v;
}
