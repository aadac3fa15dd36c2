/**
 * The node's local phase reference for coherence windows (ΦSL): calibrated against the window's
 * clock domain when a window is prepared, it drifts linearly from then on, with white noise on
 * every reading. The window's tolerance is checked against a reading at preparation and again at
 * activation; a node whose reference is over it reports FAULT and the window is rolled back.
 */
export interface PhaseModel {
  /** Linear drift after calibration, in mrad per second. */
  readonly driftMradPerS: number;
  /** Standard deviation of one reading's noise, in mrad. */
  readonly noiseMrad: number;
}

export class PhaseReference {
  private calibratedAtMs = 0;

  constructor(
    private readonly model: PhaseModel,
    /** Uniform numbers in [0, 1). */
    private readonly uniform: () => number,
  ) {}

  calibrate(nowMs: number): void {
    this.calibratedAtMs = nowMs;
  }

  /** |drift since calibration + noise|, in whole mrad. */
  errorMrad(nowMs: number): number {
    const drift = (this.model.driftMradPerS * Math.max(0, nowMs - this.calibratedAtMs)) / 1_000;
    // Box–Muller: one standard normal from two uniforms (1 − u keeps the logarithm finite).
    const gaussian =
      Math.sqrt(-2 * Math.log(1 - this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
    return Math.round(Math.abs(drift + this.model.noiseMrad * gaussian));
  }
}

/** Uniform numbers in [0, 1), each from 4 random bytes read as an unsigned big-endian integer. */
export function uniformFrom(randomBytes: (length: number) => Uint8Array): () => number {
  return () => {
    const b = randomBytes(4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0) / 2 ** 32;
  };
}
