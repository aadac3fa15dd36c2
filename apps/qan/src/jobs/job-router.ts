import { randomBytes } from 'node:crypto';
import type { HeaderStamper, JobResultBody, NackBody, PacketId } from '@qcos/chips-codec';
import { parse, type QUri, QUriError, type QUriLinkParams, type QUriParams } from '@qcos/q-uri';
import type { ContractRunView, JobView, ResolveView, RouteDecisionView } from '@qcos/qan-api';
import {
  getEntry,
  QUARANTINE_REASONS,
  type RegistryState,
  type RouteDecision,
  routeJob,
} from '@qcos/registry-core';
import type { Clock, Logger, Packet, SecureConnection } from '@qcos/runtime';
import { QanError } from '../api/qan-error.js';
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
  /**
   * The session of the peer QAN holding `alias`'s session, for a node with none here: the job
   * goes to that QAN, which passes it on (docs/spec/qan-peering.md).
   */
  readonly peerRoute?: (
    alias: string,
  ) => { readonly via: string; readonly connection: SecureConnection<Packet> } | undefined;
  /**
   * Runs a /link job over its contract from node `alias` for `submitter` (docs/spec/q-uri.md §4);
   * a refusal is a QanError whose code becomes the job's error. Without it, /link is not taken.
   */
  readonly runLink?: (
    link: QUriLinkParams,
    alias: string,
    submitter: string,
  ) => Promise<ContractRunView>;
}

/** Hops a job packet may take (QAN → relay → DQN needs 2). */
const JOB_HOP_LIMIT = 8;

/**
 * Quarantine reasons for which a rejected job counts as SOFT_REJECTED (the named node is
 * quarantined for a cause); a node still on PROBATION, or one that does not meet the job's
 * requirements, leaves the job with NO_ROUTE.
 */
const SOFT_REJECT_REASONS: ReadonlySet<string> = new Set(
  QUARANTINE_REASONS.filter((reason) => reason !== 'PROBATION'),
);

/** A Q-URI the parser refused, with its code and offset. */
export type BadQUri = { readonly kind: 'bad-uri'; readonly error: QUriError };

/** What resolving a Q-URI gave. */
export type Resolution = { readonly kind: 'resolved'; readonly view: ResolveView } | BadQUri;

/** What submitting a job gave: the tracked job, or why none was created. */
export type Submission =
  | { readonly kind: 'submitted'; readonly job: JobView }
  | BadQUri
  /** The Q-URI names another operation than /run or /link. */
  | { readonly kind: 'not-run'; readonly operation: string }
  /** A /run job without its program. */
  | { readonly kind: 'no-program' }
  /** A /link job must name a node (the contract's first participant). */
  | { readonly kind: 'link-not-node' }
  /** routeJob found no node with the alias the Q-URI names. */
  | { readonly kind: 'unknown-node'; readonly alias: string };

/** Parses a Q-URI; a parser refusal is an outcome, anything else a bug that propagates. */
function parseQUri(uri: string): { readonly kind: 'parsed'; readonly quri: QUri } | BadQUri {
  try {
    return { kind: 'parsed', quri: parse(uri) };
  } catch (error) {
    if (error instanceof QUriError) return { kind: 'bad-uri', error };
    throw error;
  }
}

function targetView(quri: QUri): ResolveView['target'] {
  return quri.target.kind === 'node'
    ? {
        kind: 'node' as const,
        alias: quri.target.alias,
        ...(quri.target.scope ? { scope: quri.target.scope } : {}),
      }
    : { kind: 'scope' as const, scope: quri.target.scope };
}

/**
 * QNH job handling: resolves the Q-URI with routeJob, sends a JOB_SUBMIT CHIPS packet to the
 * chosen node (directly or through its relay), and matches JOB_RESULT / NACK packets back to jobs.
 */
export class JobRouter {
  readonly jobs = new JobTable();

  constructor(private readonly options: JobRouterOptions) {}

  /** QNH routing (routeJob) of a parsed Q-URI over the current state. */
  private route(quri: QUri): RouteDecision {
    const req = quri.operation === 'run' ? quri.params : undefined;
    return routeJob(
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
  }

  resolve(uri: string): Resolution {
    const parsed = parseQUri(uri);
    if (parsed.kind === 'bad-uri') return parsed;
    const view = {
      uri,
      target: targetView(parsed.quri),
      decision: routeDecisionView(this.route(parsed.quri)),
    };
    return { kind: 'resolved', view };
  }

  /** Routes and sends a job for `submitter` (the principal that asked; see `submitter`). */
  submit(uri: string, program: string | undefined, submitter: string): Submission {
    const parsed = parseQUri(uri);
    if (parsed.kind === 'bad-uri') return parsed;
    const quri = parsed.quri;
    if (quri.operation === 'link' && this.options.runLink !== undefined)
      return this.submitLink(uri, quri, submitter);
    if (quri.operation !== 'run') return { kind: 'not-run', operation: quri.operation };
    if (program === undefined) return { kind: 'no-program' };
    const routed = this.route(quri);
    if (routed.kind === 'not-found') return { kind: 'unknown-node', alias: routed.alias };
    const decision = routeDecisionView(routed);
    const now = this.options.clock.now();
    const jobId = randomBytes(16).toString('hex') as PacketId;
    const job: JobEntry = {
      jobId,
      uri,
      submittedAtMs: now,
      submitter,
      decision,
      status: 'dispatched',
    };
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
    if (decision.alias === undefined) this.reject(job, routed, now);
    else this.dispatch(job, { ...decision, alias: decision.alias }, quri.params, program, now);
    return { kind: 'submitted', job: jobView(job) };
  }

  /**
   * A /link job: tracked like any job, completed with the run's outcome, or failed with the
   * code of whatever refused it (the contract, its participants, the run).
   */
  private submitLink(
    uri: string,
    quri: Extract<QUri, { operation: 'link' }>,
    submitter: string,
  ): Submission {
    if (quri.target.kind !== 'node') return { kind: 'link-not-node' };
    const alias = quri.target.alias;
    const entry = getEntry(this.options.state(), alias);
    if (entry === undefined) return { kind: 'unknown-node', alias };
    const now = this.options.clock.now();
    const jobId = randomBytes(16).toString('hex') as PacketId;
    const decision: RouteDecisionView = { outcome: 'deliver', alias, address: entry.address };
    const job: JobEntry = {
      jobId,
      uri,
      submittedAtMs: now,
      submitter,
      decision,
      status: 'dispatched',
    };
    this.jobs.add(job);
    (this.options.runLink as NonNullable<JobRouterOptions['runLink']>)(
      quri.link,
      alias,
      submitter,
    ).then(
      (run) => this.jobs.finish(jobId, this.options.clock.now(), { contractRun: run }),
      (error: unknown) => {
        const code = error instanceof QanError ? error.code : 'INTERNAL';
        const message = error instanceof Error ? error.message : String(error);
        this.jobs.finish(jobId, this.options.clock.now(), { error: { code, message } });
      },
    );
    this.options.logger.info({ event: 'link_job', jobId, uri, alias }, 'link job started');
    return { kind: 'submitted', job: jobView(job) };
  }

  /** A job no node takes: SOFT_REJECTED when the named node is quarantined for a cause. */
  private reject(job: JobEntry, routed: RouteDecision, now: number): void {
    const decision = job.decision;
    job.status = 'rejected';
    job.completedAtMs = now;
    job.error = {
      code:
        routed.kind === 'soft-reject' && SOFT_REJECT_REASONS.has(routed.reason)
          ? 'SOFT_REJECTED'
          : 'NO_ROUTE',
      message:
        decision.outcome === 'soft-reject'
          ? `${decision.requested} is quarantined (${decision.reason}) and re-routing found no node`
          : `no ACTIVE node fits (${decision.reason ?? 'unknown'})`,
    };
  }

  /** Sends the job to the decided node over its session and arms the job's deadline. */
  private dispatch(
    job: JobEntry,
    decision: RouteDecisionView & { readonly alias: string },
    params: QUriParams,
    program: string,
    now: number,
  ): void {
    const { uri } = job;
    const jobId = job.jobId as PacketId;
    const local = this.options.sessions.route(decision.alias);
    const peer = local === undefined ? this.options.peerRoute?.(decision.alias) : undefined;
    const connection = (local ?? peer)?.connection;
    if (connection === undefined) {
      this.jobs.finish(jobId, now, {
        error: {
          code: 'NODE_UNREACHABLE',
          message: `${decision.alias} has no live session with this QAN or a peer QAN`,
        },
      });
      return;
    }
    job.executor = decision.alias;
    if (peer !== undefined) job.via = peer.via;
    // The job was routed on registry state: the QAN's clock moves past its Lamport time first.
    this.options.stamper.clock.observe(this.options.state().lamport);
    connection.send({
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
  }

  get(jobId: string): JobView | undefined {
    const job = this.jobs.get(jobId);
    return job === undefined ? undefined : jobView(job);
  }

  /** The newest `limit` jobs with their routing decisions, newest first. */
  newest(limit: number): JobView[] {
    return this.jobs.newest(limit).map(jobView);
  }

  /** Who submitted the job, while it is tracked. */
  submitterOf(jobId: string): string | undefined {
    return this.jobs.get(jobId)?.submitter;
  }

  /**
   * A JOB_RESULT from `alias`, arrived here directly (`via` undefined) or through the peer QAN
   * `via`; ignored unless it answers a job dispatched to that node along that path.
   */
  onResult(alias: string, body: JobResultBody, via?: string): void {
    const job = this.jobs.get(body.jobId);
    if (job === undefined || job.executor !== alias || job.via !== via) {
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

  /** A NACK from `alias` of one of its jobs (directly, or through the peer QAN `via`): the job fails with the node's code. */
  onNack(alias: string, body: NackBody, via?: string): void {
    const job = this.jobs.get(body.nackOf);
    if (job === undefined || job.executor !== alias || job.via !== via) return;
    this.jobs.finish(body.nackOf, this.options.clock.now(), {
      error: { code: body.code, message: body.detail || `${alias} refused the job` },
    });
  }

  /** A NACK from the peer QAN `via` itself (it could not pass the job on): the job fails with its code. */
  onPeerQanNack(via: string, body: NackBody): void {
    const job = this.jobs.get(body.nackOf);
    if (job === undefined || job.via === undefined || job.via !== via) return;
    this.jobs.finish(body.nackOf, this.options.clock.now(), {
      error: { code: body.code, message: body.detail || 'the peer QAN did not pass the job on' },
    });
  }
}
