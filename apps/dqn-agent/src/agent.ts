import type {
  ContractRunBody,
  ContractRunPacket,
  JobSubmitPacket,
  MeasurementResultBody,
  NodeId,
  Packet,
  PacketId,
  WindowBody,
  WindowPacket,
  WindowStep,
} from '@qcos/chips-codec';
import { eksPulsesPerPeriod } from '@qcos/eks-qkd-sim';
import {
  type Clock,
  type Logger,
  type ReconnectingConnection,
  reconnecting,
  type SecureConnection,
} from '@qcos/runtime';
import type { AgentMetrics } from './agent-metrics.js';
import {
  MAX_WAITING_RUNS,
  measureChshRun,
  RUN_WAIT_MS,
  receiveTeleportRun,
  sendTeleportRun,
} from './contract-run.js';
import { EksKeeper, type QkdRound } from './eks-keeper.js';
import { applyFaultPatch, type FaultPatch, type FaultState } from './faults.js';
import { buildHealthReport, effectiveFidelity, type NodeFidelity } from './health.js';
import type { JobExecutor } from './job-pool.js';
import { JOB_TOO_LARGE_CODES, type JobOutcome } from './job-runner.js';
import { PacketFactory } from './packets.js';
import { type PhaseModel, PhaseReference, uniformFrom } from './phase-reference.js';
import { UtilisationMeter } from './utilisation.js';

/** What the agent needs to know about itself. */
export interface AgentSettings {
  readonly alias: string;
  readonly scope: string;
  readonly qubits: number;
  readonly heartbeatIntervalMs: number;
  readonly eksIntervalMs: number;
  readonly nominal: NodeFidelity;
  readonly readoutError: number;
  readonly qkdDistanceKm: number;
  /** The local phase reference's drift and noise (coherence windows). */
  readonly phase: PhaseModel;
  readonly faults: FaultState;
  /** Destination alias of packets meant for the QAN itself. */
  readonly upstreamAlias: string;
  /** Most gates one job may apply (after register broadcast). */
  readonly maxJobGates: number;
}

/** Everything with I/O or ambient state, injected so tests can drive the agent. */
export interface AgentDeps {
  readonly nodeId: NodeId;
  readonly clock: Clock;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly logger: Logger;
  readonly metrics: AgentMetrics;
  readonly qkdRound: QkdRound;
  /** Pulses per QKD round (the EKS link default unless set); announced in every EKS_SYNC. */
  readonly qkdPulsesPerRound?: number;
  /** Runs circuits off the event loop (a WorkerPool) and refuses jobs beyond its queue. */
  readonly executor: JobExecutor;
  /** Opens one session to the QAN (or the relay in front of it). */
  readonly connect: () => Promise<SecureConnection<Packet>>;
  /** Reconnect backoff bounds (defaults 200 ms .. 5 s). */
  readonly backoff?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
}

/**
 * A DQN agent: keeps one session up to its QAN, heartbeats the health report,
 * runs QKD rounds to keep its EKS, and executes the circuits of JOB_SUBMIT
 * packets on the QEM, answering with JOB_RESULT counts (or a NACK).
 */
export class DqnAgent {
  private faults: FaultState;
  private readonly eks: EksKeeper;
  private readonly packets: PacketFactory;
  private readonly utilisation: UtilisationMeter;
  private readonly phase: PhaseReference;
  private link: ReconnectingConnection<Packet> | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private heartbeatsSent = 0;
  private jobsExecuted = 0;
  private lastHeartbeatMs = 0;
  /** Teleportation runs this node receives, waiting for the sender's bits, by run id. */
  private readonly waitingRuns = new Map<
    string,
    { run: ContractRunBody; packetId: PacketId; atMs: number }
  >();

  constructor(
    private readonly settings: AgentSettings,
    private readonly deps: AgentDeps,
  ) {
    this.faults = settings.faults;
    // A round is the pulses the link's source sends in one round period, so the key the pools
    // gain per second is the modelled link's (eks-qkd-sim's EKS time axis).
    this.eks = new EksKeeper(
      deps.qkdRound,
      deps.qkdPulsesPerRound ?? eksPulsesPerPeriod(settings.eksIntervalMs),
    );
    this.packets = new PacketFactory(deps.nodeId, settings.upstreamAlias, deps.randomBytes);
    this.utilisation = new UtilisationMeter(deps.clock.now());
    this.phase = new PhaseReference(settings.phase, uniformFrom(deps.randomBytes));
  }

  start(): void {
    const log = this.deps.logger;
    this.link = reconnecting<Packet>({
      connect: this.deps.connect,
      initialDelayMs: this.deps.backoff?.initialDelayMs ?? 200,
      maxDelayMs: this.deps.backoff?.maxDelayMs ?? 5_000,
      onConnect: (connection) => {
        log.info(
          { event: 'connected', peer: connection.peer.id, remote: connection.peer.remoteAddress },
          'session up',
        );
        this.deps.metrics.connected.set(1);
        connection.onPacket((packet) => this.onPacket(packet));
        this.syncEks();
        this.heartbeat();
      },
      onDisconnect: (error) => {
        log.warn({ event: 'disconnected', err: error?.message }, 'session lost');
        this.deps.metrics.connected.set(0);
        this.eks.linkDown();
      },
      onAttemptFailed: (error, attempt, nextDelayMs) => {
        log.warn(
          { event: 'connect_failed', attempt, nextDelayMs, err: String(error) },
          'connect failed',
        );
      },
    });
    this.timers.push(setInterval(() => this.heartbeat(), this.settings.heartbeatIntervalMs));
    this.timers.push(setInterval(() => this.syncEks(), this.settings.eksIntervalMs));
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.deps.executor.close();
    await this.link?.close();
    this.link = undefined;
  }

  get currentFaults(): FaultState {
    return this.faults;
  }

  /** Applies injected faults; QKD-relevant or health-relevant changes take effect at once. */
  setFaults(patch: FaultPatch): FaultState {
    this.faults = applyFaultPatch(this.faults, patch);
    this.deps.logger.warn({ event: 'faults', faults: this.faults }, 'faults changed');
    if (patch.eavesdropper !== undefined) this.syncEks();
    this.heartbeat();
    return this.faults;
  }

  /** The GET /health document (never includes key material or amplitudes). */
  health(): Record<string, unknown> {
    const connection = this.link?.current;
    return {
      alias: this.settings.alias,
      nodeId: this.deps.nodeId,
      scope: this.settings.scope,
      qubits: this.settings.qubits,
      connected: connection !== undefined && !connection.closed,
      eks: this.eks.status,
      fidelity: effectiveFidelity(this.settings.nominal, this.faults),
      faults: this.faults,
      heartbeatsSent: this.heartbeatsSent,
      lastHeartbeatMs: this.lastHeartbeatMs,
      jobsExecuted: this.jobsExecuted,
    };
  }

  private session(): SecureConnection<Packet> | undefined {
    const c = this.link?.current;
    return c === undefined || c.closed ? undefined : c;
  }

  /** Sends a packet; one that cannot be encoded (a bug) is logged and dropped, never fatal. */
  private send(packet: Packet): boolean {
    try {
      return this.link?.send(packet) ?? false;
    } catch (error) {
      this.deps.logger.error(
        { event: 'send_failed', type: packet.type, err: error },
        'packet not sent',
      );
      return false;
    }
  }

  private heartbeat(): void {
    if (!this.faults.heartbeats || this.session() === undefined) return;
    const now = this.deps.clock.now();
    const report = buildHealthReport({
      eks: this.eks.status,
      nominal: this.settings.nominal,
      faults: this.faults,
      utilisationPct: this.utilisation.take(now),
    });
    if (this.send(this.packets.heartbeat(report))) {
      this.heartbeatsSent++;
      this.lastHeartbeatMs = now;
      this.deps.metrics.heartbeatsSent.inc();
      this.deps.logger.debug({ event: 'heartbeat', report }, 'heartbeat sent');
    }
  }

  private syncEks(): void {
    const session = this.session();
    if (session === undefined) return;
    const before = this.eks.status.state;
    const body = this.eks.sync(
      session.peer.eksBinding,
      { distanceKm: this.settings.qkdDistanceKm, eavesdropper: this.faults.eavesdropper },
      this.deps.clock.now(),
    );
    this.deps.metrics.eksRounds.inc({ outcome: body.status.state });
    const measured = this.eks.lastRound;
    if (measured !== undefined) {
      this.deps.metrics.qkdQber.set(measured.qber);
      this.deps.metrics.secretKeyBytes.inc(measured.secretKeyBytes);
    }
    this.send(this.packets.eksSync(body));
    if (body.status.state !== before || body.status.state === 'lost') {
      const level = body.status.state === 'lost' ? 'warn' : 'info';
      this.deps.logger[level](
        { event: 'eks', status: body.status, keys: body.keyIds.length },
        `EKS ${body.status.state}`,
      );
    }
  }

  private onPacket(packet: Packet): void {
    this.packets.received(packet);
    switch (packet.type) {
      case 'JOB_SUBMIT':
        this.execute(packet);
        return;
      case 'CONTRACT_RUN':
        this.runContract(packet);
        return;
      case 'MEASUREMENT_RESULT':
        this.senderBits(packet.body);
        return;
      case 'WINDOW':
        this.window(packet);
        return;
      case 'NACK':
        this.deps.logger.warn({ event: 'nack', nack: packet.body }, 'packet refused upstream');
        return;
      default:
        this.deps.logger.debug({ event: 'packet', type: packet.type }, 'packet ignored');
    }
  }

  /**
   * Admits a job to the executor, or NACKs it at once: `UNKNOWN_DESTINATION` for another
   * node's job, `OVERLOADED` (detail `BUSY`) when every worker and queue slot is taken. The
   * job's outcome is answered when its worker finishes; the event loop never runs a circuit.
   */
  private execute(packet: JobSubmitPacket): void {
    const jobId = packet.header.packetId;
    if (packet.header.destination !== this.settings.alias) {
      this.send(
        this.packets.nack(jobId, 'UNKNOWN_DESTINATION', `this node is ${this.settings.alias}`),
      );
      this.deps.metrics.jobs.inc({ outcome: 'misrouted' });
      return;
    }
    const running = this.deps.executor.submit(
      { jobId, program: packet.body.program, shots: packet.body.params.shots },
      {
        qubits: this.settings.qubits,
        nominal: this.settings.nominal,
        readoutError: this.settings.readoutError,
        faults: this.faults,
        seed: this.deps.randomBytes(32),
        maxGates: this.settings.maxJobGates,
      },
    );
    if (running === undefined) {
      const detail = `BUSY: ${this.deps.executor.pending} jobs running or queued; try later`;
      this.send(this.packets.nack(jobId, 'OVERLOADED', detail));
      this.deps.metrics.jobs.inc({ outcome: 'busy' });
      this.deps.logger.warn({ event: 'job_refused', jobId, code: 'BUSY' }, 'job refused: busy');
      return;
    }
    running.then(
      ({ outcome, busyMs }) => this.answerJob(jobId, outcome, busyMs),
      (error: unknown) =>
        this.answerJob(jobId, { ok: false, code: 'INTERNAL', message: String(error) }, 0),
    );
  }

  /**
   * Runs this node's side of a contract run and reports its measurements. The QAN sends a run
   * only to the contract's participants; one addressed to another node is refused.
   */
  private runContract(packet: ContractRunPacket): void {
    const run = packet.body;
    const of = packet.header.packetId;
    if (packet.header.destination !== this.settings.alias) {
      this.send(
        this.packets.nack(of, 'UNKNOWN_DESTINATION', `this node is ${this.settings.alias}`),
      );
      return;
    }
    if (run.use === 'TELEPORT' && run.role === 1) {
      // The receiver waits for the sender's bits, which its QAN relays; a run whose bits never
      // came (its QAN gave up after RUN_WAIT_MS) makes room.
      const now = this.deps.clock.now();
      for (const [id, w] of this.waitingRuns)
        if (now - w.atMs > RUN_WAIT_MS) this.waitingRuns.delete(id);
      if (this.waitingRuns.size >= MAX_WAITING_RUNS) {
        this.send(this.packets.nack(of, 'OVERLOADED', `${MAX_WAITING_RUNS} runs waiting`));
        return;
      }
      this.waitingRuns.set(run.run, { run, packetId: of, atMs: now });
      return;
    }
    const side = run.use === 'CHSH' ? measureChshRun(run) : sendTeleportRun(run);
    this.report(run, of, side);
  }

  /**
   * A coherence window step from the QAN: PREPARE calibrates the phase reference and reports it
   * against the tolerance (READY, or FAULT when over); ACTIVATE logs the activation at its log
   * position and reports the phase error then; TERMINATE rolls the window back — this node
   * holds nothing of it afterwards.
   */
  private window(packet: WindowPacket): void {
    const b = packet.body;
    const now = this.deps.clock.now();
    const answer = (step: WindowStep, fields: Partial<WindowBody>) =>
      this.send(
        this.packets.window({ ...b, activatedL: null, phaseErrorMrad: null, step, ...fields }),
      );
    const log = this.deps.logger;
    if (b.step === 'PREPARE') {
      this.phase.calibrate(now);
      const phaseErrorMrad = this.phase.errorMrad(now);
      answer(phaseErrorMrad <= b.toleranceMrad ? 'READY' : 'FAULT', { phaseErrorMrad });
    } else if (b.step === 'ACTIVATE') {
      const phaseErrorMrad = this.phase.errorMrad(now);
      log.info(
        { event: 'window_active', contract: b.contract, activatedL: b.activatedL, phaseErrorMrad },
        'coherence window active',
      );
      const within = phaseErrorMrad <= b.toleranceMrad;
      answer(within ? 'ACTIVE' : 'FAULT', {
        phaseErrorMrad,
        ...(within ? { activatedL: b.activatedL } : {}),
      });
    } else if (b.step === 'TERMINATE') {
      log.warn(
        { event: 'window_terminated', contract: b.contract },
        'coherence window rolled back',
      );
      answer('TERMINATED', {});
    } else {
      this.send(
        this.packets.nack(packet.header.packetId, 'UNSUPPORTED', `a node does not take ${b.step}`),
      );
    }
  }

  /** The sender's bits of a teleportation run this node receives: it corrects and measures. */
  private senderBits(body: MeasurementResultBody): void {
    const waiting = this.waitingRuns.get(body.requestId);
    if (waiting === undefined) {
      this.deps.logger.warn({ event: 'unexpected_bits', run: body.requestId }, 'no run waits');
      return;
    }
    this.waitingRuns.delete(body.requestId);
    const side = Promise.resolve().then(() => receiveTeleportRun(waiting.run, body.outcomes));
    this.report(waiting.run, waiting.packetId, side);
  }

  /** Sends this side's measurements of a run, or a NACK of its CONTRACT_RUN if they failed. */
  private report(
    run: ContractRunBody,
    of: ContractRunPacket['header']['packetId'],
    side: Promise<MeasurementResultBody>,
  ): void {
    side.then(
      (result) => {
        this.send(this.packets.measurementResult(result));
        this.deps.logger.info(
          {
            event: 'contract_run',
            contract: run.contract,
            run: run.run,
            use: run.use,
            pairs: run.pairs,
          },
          'contract run measured',
        );
      },
      (error: unknown) =>
        this.send(this.packets.nack(of, 'EXECUTION_FAILED', `run ${run.run}: ${String(error)}`)),
    );
  }

  private answerJob(
    jobId: JobSubmitPacket['header']['packetId'],
    outcome: JobOutcome,
    ms: number,
  ): void {
    this.utilisation.recordBusy(ms);
    this.jobsExecuted++;
    if (outcome.ok) {
      this.send(this.packets.jobResult(jobId, outcome.shots, outcome.counts));
      this.deps.metrics.jobs.inc({ outcome: 'ok' });
      this.deps.logger.info(
        { event: 'job', jobId, shots: outcome.shots, ms: Math.round(ms) },
        'job executed',
      );
      return;
    }
    const where = outcome.line === undefined ? '' : ` at ${outcome.line}:${outcome.column}`;
    const tooLarge = JOB_TOO_LARGE_CODES.has(outcome.code);
    const detail = `${tooLarge ? 'JOB_TOO_LARGE ' : ''}${outcome.code}${where}: ${outcome.message}`;
    this.send(this.packets.nack(jobId, tooLarge ? 'UNSUPPORTED' : 'EXECUTION_FAILED', detail));
    this.deps.metrics.jobs.inc({ outcome: tooLarge ? 'too_large' : 'failed' });
    this.deps.logger.warn({ event: 'job_failed', jobId, code: outcome.code }, 'job failed');
  }
}
