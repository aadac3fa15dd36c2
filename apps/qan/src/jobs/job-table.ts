import type { ContractRunView, JobStatus, JobView, RouteDecisionView } from '@qcos/qan-api';

/** Jobs kept in memory for result fetching; the oldest finished ones are evicted beyond this. */
export const MAX_TRACKED_JOBS = 10_000;

export interface JobEntry {
  readonly jobId: string;
  readonly uri: string;
  readonly submittedAtMs: number;
  /** The principal that submitted it: only it (and operators) may read the job. */
  readonly submitter: string;
  readonly decision: RouteDecisionView;
  status: JobStatus;
  /** The node the job was sent to (after any re-route). */
  executor?: string;
  /** Quid of the peer QAN the job went through (it holds the node's session); only its answer counts. */
  via?: string;
  completedAtMs?: number;
  result?: { counts: Record<string, number>; shots: number; executedBy: string };
  /** A /link job's run over its contract. */
  contractRun?: ContractRunView;
  error?: { code: string; message: string };
  timer?: NodeJS.Timeout;
}

/** Submitted jobs by id, bounded; evicts finished jobs first, oldest first. */
export class JobTable {
  private readonly jobs = new Map<string, JobEntry>();

  add(entry: JobEntry): void {
    if (this.jobs.size >= MAX_TRACKED_JOBS) this.evict();
    this.jobs.set(entry.jobId, entry);
  }

  get(jobId: string): JobEntry | undefined {
    return this.jobs.get(jobId);
  }

  /** The newest `limit` jobs, newest first (the map keeps insertion order). */
  newest(limit: number): JobEntry[] {
    const all = [...this.jobs.values()];
    return all.slice(Math.max(0, all.length - limit)).reverse();
  }

  /** Jobs still waiting for a result. */
  pending(): JobEntry[] {
    return [...this.jobs.values()].filter((j) => j.status === 'dispatched');
  }

  finish(
    jobId: string,
    nowMs: number,
    outcome:
      | { result: NonNullable<JobEntry['result']> }
      | { contractRun: NonNullable<JobEntry['contractRun']> }
      | { error: NonNullable<JobEntry['error']> },
  ): JobEntry | undefined {
    const job = this.jobs.get(jobId);
    if (job === undefined || job.status !== 'dispatched') return undefined;
    clearTimeout(job.timer);
    job.completedAtMs = nowMs;
    if ('result' in outcome) {
      job.status = 'completed';
      job.result = outcome.result;
    } else if ('contractRun' in outcome) {
      job.status = 'completed';
      job.contractRun = outcome.contractRun;
    } else {
      job.status = 'failed';
      job.error = outcome.error;
    }
    return job;
  }

  private evict(): void {
    for (const [id, job] of this.jobs) {
      if (job.status !== 'dispatched') {
        this.jobs.delete(id);
        return;
      }
    }
    const first = this.jobs.keys().next();
    if (!first.done) this.jobs.delete(first.value);
  }
}

export function jobView(job: JobEntry): JobView {
  return {
    jobId: job.jobId,
    uri: job.uri,
    status: job.status,
    decision: job.decision,
    submittedAtMs: job.submittedAtMs,
    ...(job.completedAtMs === undefined ? {} : { completedAtMs: job.completedAtMs }),
    ...(job.result === undefined ? {} : { result: job.result }),
    ...(job.contractRun === undefined ? {} : { contractRun: job.contractRun }),
    ...(job.error === undefined ? {} : { error: job.error }),
  };
}
