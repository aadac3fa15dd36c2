import { randomBytes } from 'node:crypto';
import type { HeaderStamper, JobResultBody, NackBody, PacketId } from '@qcos/chips-codec';
import { parse, type QUri, QUriError } from '@qcos/q-uri';
import { type RegistryState, routeJob } from '@qcos/registry-core';
import type { Clock, JobView, Logger, ResolveView } from '@qcos/runtime';
import { ApiError } from '../http/api-error.js';
import type { SessionHub } from '../peers/session-hub.js';
import { type JobEntry, JobTable, jobView } from './job-table.js';
import { routeDecisionView } from './route-view.js';

export interface JobRouterOptions {
  /** Stamps the QAN's packet headers (its one Lamport clock). */
  readonly stamper: HeaderStamper;
  readonly sessions: SessionHub;
  readonly state: () => RegistryState;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly jobTimeoutMs: number;
  readonly failover: Readonly<Record<string, readonly string[]>>;
  readonly onDecision?: (outcome: string) => void;
}

/** Hops a job packet may take (QAN → relay → DQN needs 2). */
const JOB_HOP_LIMIT = 8;
const SOFT_REJECT_REASONS = new Set<string>([
  'EKS_LOSS',
  'HEARTBEAT_TIMEOUT',
  'CRITICAL_FAULT',
  'MAINTENANCE',
  'LOW_FIDELITY',
]);

/** Parses a Q-URI for the API; a bad one is a 400 with the parser's code and offset. */
export function parseQUri(uri: string): QUri {
  try {
    return parse(uri);
  } catch (error) {
    if (error instanceof QUriError) {
      throw new ApiError(400, 'BAD_Q_URI', error.message, {
        quriCode: error.code,
        offset: error.offset,
      });
    }
    throw error;
  }
}

/**
 * QNH job handling: resolves the Q-URI with routeJob, sends a JOB_SUBMIT CHIPS packet to the
 * chosen node (directly or through its relay), and matches JOB_RESULT / NACK packets back to jobs.
 */
export class JobRouter {
  readonly jobs = new JobTable();

  constructor(private readonly options: JobRouterOptions) {}

  resolve(uri: string): ResolveView {
    const quri = parseQUri(uri);
    const req = quri.operation === 'run' ? quri.params : undefined;
    const decision = routeJob(
      this.options.state(),
      quri.target,
      req === undefined
        ? {}
        : {
            minFidelity: req.minFidelity,
            reroute: req.reroute,
            ...(req.qubits === undefined ? {} : { qubits: req.qubits }),
          },
      { failover: this.options.failover },
    );
    const target =
      quri.target.kind === 'node'
        ? {
            kind: 'node' as const,
            alias: quri.target.alias,
            ...(quri.target.scope ? { scope: quri.target.scope } : {}),
          }
        : { kind: 'scope' as const, scope: quri.target.scope };
    return { uri, target, decision: routeDecisionView(decision) };
  }

  submit(uri: string, program: string): JobView {
    const quri = parseQUri(uri);
    if (quri.operation !== 'run') {
      throw new ApiError(400, 'BAD_Q_URI', 'a job is submitted to a /run Q-URI', {
        operation: quri.operation,
      });
    }
    const resolved = this.resolve(uri);
    const decision = resolved.decision;
    if (decision.outcome === 'reject' && decision.reason === 'NODE_NOT_FOUND') {
      throw new ApiError(
        404,
        'NODE_NOT_FOUND',
        `no node ${decision.requested ?? ''} in the registry`,
        {
          alias: decision.requested,
        },
      );
    }
    const now = this.options.clock.now();
    const jobId = randomBytes(16).toString('hex') as PacketId;
    const job: JobEntry = { jobId, uri, submittedAtMs: now, decision, status: 'dispatched' };
    this.jobs.add(job);
    this.options.onDecision?.(decision.outcome);
    this.options.logger.info(
      {
        event: 'route',
        jobId,
        uri,
        outcome: decision.outcome,
        alias: decision.alias,
        reason: decision.reason,
      },
      'job routed',
    );
    if (decision.alias === undefined) {
      job.status = 'rejected';
      job.completedAtMs = now;
      job.error = {
        code:
          decision.reason !== undefined && SOFT_REJECT_REASONS.has(decision.reason)
            ? 'SOFT_REJECTED'
            : 'NO_ROUTE',
        message:
          decision.outcome === 'soft-reject'
            ? `${decision.requested} is quarantined (${decision.reason}) and re-routing found no node`
            : `no ACTIVE node fits (${decision.reason ?? 'unknown'})`,
      };
      return jobView(job);
    }
    const route = this.options.sessions.route(decision.alias);
    if (route === undefined) {
      this.jobs.finish(jobId, now, {
        error: {
          code: 'NODE_UNREACHABLE',
          message: `${decision.alias} has no live session with this QAN`,
        },
      });
      return jobView(job);
    }
    job.executor = decision.alias;
    const params = quri.params;
    // The job was routed on registry state: the QAN's clock moves past its Lamport time first.
    this.options.stamper.clock.observe(this.options.state().lamport);
    route.connection.send({
      type: 'JOB_SUBMIT',
      header: this.options.stamper.stamp(decision.alias, {
        scope: 'job:submit',
        hopLimit: JOB_HOP_LIMIT,
        reroute: params.reroute,
        packetId: jobId,
      }),
      body: {
        quri: uri,
        program,
        params: {
          shots: params.shots,
          minFidelityPpm: Math.round(params.minFidelity * 1_000_000),
          qubits: params.qubits ?? null,
          deadlineMs: params.deadlineMs ?? null,
          priority: params.priority,
        },
      },
    });
    job.timer = setTimeout(() => {
      this.jobs.finish(jobId, this.options.clock.now(), {
        error: {
          code: 'JOB_TIMEOUT',
          message: `no result from ${decision.alias} in ${this.options.jobTimeoutMs} ms`,
        },
      });
    }, params.deadlineMs ?? this.options.jobTimeoutMs);
    job.timer.unref();
    return jobView(job);
  }

  get(jobId: string): JobView {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new ApiError(404, 'JOB_NOT_FOUND', `no job ${jobId}`, { jobId });
    return jobView(job);
  }

  /** A JOB_RESULT from `alias`; ignored unless it answers a job dispatched to that node. */
  onResult(alias: string, body: JobResultBody): void {
    const job = this.jobs.get(body.jobId);
    if (job === undefined || job.executor !== alias) {
      this.options.logger.warn({ alias, jobId: body.jobId }, 'result for an unknown job ignored');
      return;
    }
    const counts: Record<string, number> = {};
    for (const c of body.counts) counts[c.bits] = c.count;
    this.jobs.finish(body.jobId, this.options.clock.now(), {
      result: { counts, shots: body.shots, executedBy: alias },
    });
    this.options.logger.info({ event: 'job_result', jobId: body.jobId, alias }, 'job completed');
  }

  /** A NACK from `alias` of one of its jobs: the job fails with the node's code. */
  onNack(alias: string, body: NackBody): void {
    const job = this.jobs.get(body.nackOf);
    if (job === undefined || job.executor !== alias) return;
    this.jobs.finish(body.nackOf, this.options.clock.now(), {
      error: { code: body.code, message: body.detail || `${alias} refused the job` },
    });
  }
}
