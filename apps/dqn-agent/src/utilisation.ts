/**
 * Share of wall time spent executing circuits since the last reading: the
 * heartbeat's utilisationPct. Time values are passed in (unix ms).
 */
export class UtilisationMeter {
  private busyMs = 0;
  private windowStart: number;

  constructor(now: number) {
    this.windowStart = now;
  }

  recordBusy(durationMs: number): void {
    this.busyMs += Math.max(0, durationMs);
  }

  /** Percentage 0..100 since the previous call; starts a new window. */
  take(now: number): number {
    const window = Math.max(1, now - this.windowStart);
    const pct = Math.min(100, (100 * this.busyMs) / window);
    this.busyMs = 0;
    this.windowStart = now;
    return pct;
  }
}
