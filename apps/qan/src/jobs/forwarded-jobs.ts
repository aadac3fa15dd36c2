/**
 * Jobs this QAN passes on for another QAN: a JOB_SUBMIT that came from a peer QAN for a node
 * whose session this QAN holds. The node's JOB_RESULT or NACK goes back to the QAN that sent the
 * job, and only that answer, from that node, once. Bounded: at most `capacity` jobs in flight,
 * each forgotten after `ttlMs` (the submitting QAN has given up on it by then).
 */
export interface ForwardedJob<C> {
  /** The session of the QAN the job came from. */
  readonly from: C;
  /** The node the job was passed to: only its answer is taken. */
  readonly alias: string;
  readonly expiresAtMs: number;
}

export class ForwardedJobs<C> {
  private readonly jobs = new Map<string, ForwardedJob<C>>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  /**
   * Remembers a job passed on to `alias` for `from`. False when the table is full of live jobs
   * or the job id is already in flight (a replayed or duplicated submission).
   */
  add(jobId: string, alias: string, from: C, nowMs: number): boolean {
    this.expire(nowMs);
    if (this.jobs.has(jobId) || this.jobs.size >= this.capacity) return false;
    this.jobs.set(jobId, { from, alias, expiresAtMs: nowMs + this.ttlMs });
    return true;
  }

  /**
   * The QAN session an answer from `alias` about `jobId` goes back to, forgetting the job; none
   * when the job is not one passed on to that node (or has expired).
   */
  take(jobId: string, alias: string, nowMs: number): C | undefined {
    const job = this.jobs.get(jobId);
    if (job === undefined || job.alias !== alias) return undefined;
    this.jobs.delete(jobId);
    return job.expiresAtMs > nowMs ? job.from : undefined;
  }

  /** Forgets every job that came over `from` (its session closed: no one to answer). */
  dropFrom(from: C): void {
    for (const [id, job] of this.jobs) if (job.from === from) this.jobs.delete(id);
  }

  get size(): number {
    return this.jobs.size;
  }

  /** Forgets expired jobs; insertion order is expiry order (one ttl for all). */
  private expire(nowMs: number): void {
    for (const [id, job] of this.jobs) {
      if (job.expiresAtMs > nowMs) return;
      this.jobs.delete(id);
    }
  }
}
