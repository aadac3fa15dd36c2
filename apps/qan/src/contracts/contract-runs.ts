import type {
  ContractRunBody,
  HeaderStamper,
  MeasurementResultBody,
  NackBody,
  PacketId,
} from '@qcos/chips-codec';
import {
  chshEstimate,
  chshValue,
  EntanglementError,
  heraldedFidelity,
  linkFromUnits,
  teleportationFidelity,
} from '@qcos/entanglement-sim';
import type { QUriLinkParams } from '@qcos/q-uri';
import type { ContractRunRequest, ContractRunView, RouteCaller } from '@qcos/qan-api';
import type { Contract, RegistryState } from '@qcos/registry-core';
import type { Clock, Logger } from '@qcos/runtime';
import { QanError } from '../api/qan-error.js';
import type { SessionHub } from '../peers/session-hub.js';
import type { ContractDesk } from './contract-desk.js';

/** How long a run waits for both participants' reports. */
export const RUN_TIMEOUT_MS = 30_000;
/** Runs in flight at once on this QAN (each holds both reports until it completes). */
export const MAX_RUNS_IN_FLIGHT = 16;
/** Hops a run packet may take (QAN → relay → DQN needs 2). */
const RUN_HOP_LIMIT = 8;

export interface ContractRunsOptions {
  readonly state: () => RegistryState;
  readonly sessions: SessionHub;
  readonly stamper: HeaderStamper;
  readonly desk: ContractDesk;
  readonly clock: Clock;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly logger: Logger;
}

interface Run {
  readonly contract: Contract;
  readonly body: Omit<ContractRunBody, 'role' | 'peer'>;
  readonly fidelity: number;
  /** The CONTRACT_RUN packet each participant got, by alias (its NACK names it). */
  readonly packets: Map<string, PacketId>;
  readonly reports: Map<string, MeasurementResultBody>;
  settle(error: QanError | undefined): void;
}

const unavailable = (id: number, why: string) =>
  new QanError('CONTRACT_RUN_UNAVAILABLE', `contract ${id} cannot run now: ${why}`, { id, why });

/**
 * Runs over ACTIVE link contracts (docs/spec/qan-api.md §7b): the QAN draws the contract's pair
 * secret once, sends each participant a CONTRACT_RUN over its PQ session (the secret never leaves
 * those sessions), collects both MEASUREMENT_RESULT reports and estimates the result. Pairs are
 * numbered per contract and never reused; a contract runs at most the pairs it contracted.
 */
export class ContractRuns {
  private readonly secrets = new Map<number, Uint8Array>();
  private readonly nextPair = new Map<number, number>();
  private readonly runs = new Map<PacketId, Run>();

  constructor(private readonly options: ContractRunsOptions) {}

  /** Runs `request` over contract `id` for its requester (or an operator); the run's outcome. */
  async run(
    id: number,
    request: ContractRunRequest,
    caller: RouteCaller,
  ): Promise<ContractRunView> {
    this.options.desk.authorise(id, caller);
    if ((request.use === 'TELEPORT') !== (request.state !== undefined))
      throw new QanError(
        'CONTRACT_RUN_INVALID',
        'a TELEPORT run names its state; a CHSH run none',
        {
          field: 'state',
        },
      );
    const contract = this.runnable(id, request.use, request.pairs);
    const [a, b] = contract.terms.participants as [string, string];
    const units = this.options
      .state()
      .contracts.resources.get(a)
      ?.links.find((l) => l.peer === b);
    if (units === undefined) throw unavailable(id, `${a} no longer advertises its link to ${b}`);
    const firstPair = this.nextPair.get(id) ?? 0;
    this.nextPair.set(id, firstPair + request.pairs);
    const body = {
      contract: id,
      run: this.runId(),
      use: request.use,
      secret: this.secretOf(id),
      link: units,
      firstPair,
      pairs: request.pairs,
      state: request.state === undefined ? null : { ...request.state },
    };
    const fidelity = heraldedFidelity(linkFromUnits(units));
    const reports = await this.collect(contract, body, fidelity);
    return runView(contract, body, fidelity, reports);
  }

  /**
   * The run of a /link job (docs/spec/q-uri.md §4) submitted by `submitter` to node `alias`,
   * which must be the contract's first participant (the CHSH side A, the teleportation sender).
   */
  runLink(link: QUriLinkParams, alias: string, submitter: string): Promise<ContractRunView> {
    const first = this.options.state().contracts.holding.get(link.contract)?.terms.participants[0];
    if (first !== undefined && first !== alias)
      return Promise.reject(
        unavailable(link.contract, `the job targets ${alias}, its first participant is ${first}`),
      );
    const request: ContractRunRequest =
      link.use === 'chsh'
        ? { use: 'CHSH', pairs: link.pairs }
        : {
            use: 'TELEPORT',
            pairs: link.pairs,
            state: { thetaUrad: link.thetaUrad ?? 0, phiUrad: link.phiUrad ?? 0 },
          };
    return this.run(link.contract, request, { name: submitter, roles: ['client'] });
  }

  /**
   * A participant's report; false when no run waits for it from `alias`. A teleportation
   * sender's report (two bits per pair) goes on to the receiver, which needs it to correct.
   */
  onMeasurements(alias: string, body: MeasurementResultBody): boolean {
    const run = this.runs.get(body.requestId);
    if (run === undefined || !run.packets.has(alias) || run.reports.has(alias)) return false;
    const [sender, receiver] = run.contract.terms.participants as [string, string];
    const teleport = run.body.use === 'TELEPORT';
    const expected = teleport && alias === sender ? 2 * run.body.pairs : run.body.pairs;
    if (body.bases.length !== expected) {
      run.settle(
        new QanError(
          'CONTRACT_RUN_FAILED',
          `${alias} reported ${body.bases.length} of ${expected}`,
          {
            alias,
          },
        ),
      );
      return true;
    }
    run.reports.set(alias, body);
    if (teleport && alias === sender) this.relayBits(receiver, body);
    if (run.reports.size === run.packets.size) run.settle(undefined);
    return true;
  }

  /** The sender's bits to the receiver, as MEASUREMENT_RESULT over the receiver's session. */
  private relayBits(receiver: string, body: MeasurementResultBody): void {
    const header = this.options.stamper.stamp(receiver, {
      scope: 'contract:run',
      hopLimit: RUN_HOP_LIMIT,
    });
    this.options.sessions
      .route(receiver)
      ?.connection.send({ type: 'MEASUREMENT_RESULT', header, body });
  }

  /** Participants whose session closed: their runs fail at once instead of waiting out the timeout. */
  participantsLost(aliases: readonly string[]): void {
    for (const run of [...this.runs.values()]) {
      const alias = aliases.find((a) => run.packets.has(a) && !run.reports.has(a));
      if (alias === undefined) continue;
      run.settle(
        new QanError('CONTRACT_RUN_FAILED', `${alias} lost its session during the run`, {
          alias,
          reason: 'SESSION_LOST',
        }),
      );
    }
  }

  /** A participant refused its CONTRACT_RUN: the run fails at once with its reason. */
  onNack(alias: string, body: NackBody): boolean {
    for (const run of this.runs.values()) {
      if (run.packets.get(alias) !== body.nackOf) continue;
      run.settle(
        new QanError(
          'CONTRACT_RUN_FAILED',
          `${alias} refused the run: ${body.code} ${body.detail}`,
          {
            alias,
            nack: body.code,
          },
        ),
      );
      return true;
    }
    return false;
  }

  /** The ACTIVE link contract of the type `use` needs that may run `pairs` more pairs now. */
  private runnable(id: number, use: ContractRunRequest['use'], pairs: number): Contract {
    const state = this.options.state();
    const c = state.contracts.holding.get(id);
    if (c === undefined) throw unavailable(id, 'it holds no resources');
    if (c.state !== 'ACTIVE') throw unavailable(id, `it is ${c.state}, not ACTIVE`);
    const link = c.terms.link;
    // A CHSH test measures pairs directly (type M); teleportation keeps them (type K).
    const type = use === 'CHSH' ? 'M' : 'K';
    if (link === null || link.type !== type) throw unavailable(id, `not a link of type ${type}`);
    const now = this.options.clock.now();
    if (now < c.terms.startMs || now >= c.terms.endMs)
      throw unavailable(id, `now is outside [${c.terms.startMs}, ${c.terms.endMs})`);
    const used = this.nextPair.get(id) ?? 0;
    if (used + pairs > link.pairs)
      throw unavailable(id, `${link.pairs - used} of its ${link.pairs} pairs are left`);
    // A run is in flight from its CONTRACT_RUN packets until it settles (`runs` holds it).
    for (const run of this.runs.values())
      if (run.contract.id === id) throw unavailable(id, 'a run of it is in flight');
    if (this.runs.size >= MAX_RUNS_IN_FLIGHT)
      throw new QanError('CONTRACT_RUN_BUSY', `${MAX_RUNS_IN_FLIGHT} runs in flight`, {
        limit: MAX_RUNS_IN_FLIGHT,
      });
    for (const alias of c.terms.participants)
      if (this.options.sessions.route(alias) === undefined)
        throw unavailable(id, `${alias} has no session with this QAN`);
    this.forgetEnded(state);
    return c;
  }

  /** Sends the run to both participants and waits for both reports (or a refusal, or the timeout). */
  private collect(
    contract: Contract,
    body: Run['body'],
    fidelity: number,
  ): Promise<Map<string, MeasurementResultBody>> {
    const { sessions, stamper, clock } = this.options;
    return new Promise((resolve, reject) => {
      const run: Run = {
        contract,
        body,
        fidelity,
        packets: new Map(),
        reports: new Map(),
        settle: (error) => {
          clearTimeout(timer);
          this.runs.delete(body.run);
          if (error === undefined) resolve(run.reports);
          else reject(error);
        },
      };
      const timer = setTimeout(
        () =>
          run.settle(
            new QanError('CONTRACT_RUN_TIMEOUT', `no report within ${RUN_TIMEOUT_MS} ms`, {
              missing: contract.terms.participants.filter((p) => !run.reports.has(p)),
            }),
          ),
        RUN_TIMEOUT_MS,
      );
      this.runs.set(body.run, run);
      const participants = contract.terms.participants;
      participants.forEach((alias, role) => {
        const header = stamper.stamp(alias, { scope: 'contract:run', hopLimit: RUN_HOP_LIMIT });
        run.packets.set(alias, header.packetId);
        const peer = participants[1 - role] as string;
        const packet = { ...body, role: role as 0 | 1, peer };
        sessions.route(alias)?.connection.send({ type: 'CONTRACT_RUN', header, body: packet });
      });
      this.options.logger.info(
        {
          event: 'contract_run',
          id: contract.id,
          run: body.run,
          pairs: body.pairs,
          at: clock.now(),
        },
        'contract run sent',
      );
    });
  }

  /** The contract's pair secret: 32 random bytes, drawn on its first run, kept while it holds. */
  private secretOf(id: number): Uint8Array {
    let secret = this.secrets.get(id);
    if (secret === undefined) {
      secret = this.options.randomBytes(32);
      this.secrets.set(id, secret);
    }
    return secret;
  }

  private runId(): PacketId {
    return Buffer.from(this.options.randomBytes(16)).toString('hex') as PacketId;
  }

  /** Forgets the secrets and pair counters of contracts that hold nothing any more. */
  private forgetEnded(state: RegistryState): void {
    for (const id of this.secrets.keys())
      if (!state.contracts.holding.has(id)) {
        this.secrets.delete(id);
        this.nextPair.delete(id);
      }
  }
}

/** The run's outcome from both reports: S for CHSH, the pass rate for teleportation. */
function runView(
  contract: Contract,
  body: Run['body'],
  fidelity: number,
  reports: Map<string, MeasurementResultBody>,
): ContractRunView {
  const [a, b] = contract.terms.participants.map((p) => reports.get(p)) as [
    MeasurementResultBody,
    MeasurementResultBody,
  ];
  const common = {
    contractId: contract.id,
    runId: body.run,
    use: body.use,
    participants: [...contract.terms.participants],
    pairs: body.pairs,
    firstPair: body.firstPair,
    fidelity,
  };
  if (body.state !== null) {
    const passed = b.outcomes.reduce((n, o) => n + (o === 0 ? 1 : 0), 0);
    const passRate = passed / body.pairs;
    return {
      ...common,
      teleport: {
        state: { ...body.state },
        passRate,
        standardError: Math.sqrt((passRate * (1 - passRate)) / body.pairs),
        expected: teleportationFidelity(fidelity),
      },
    };
  }
  let estimate: ReturnType<typeof chshEstimate>;
  try {
    estimate = chshEstimate(a, b);
  } catch (error) {
    if (!(error instanceof EntanglementError)) throw error;
    throw new QanError('CONTRACT_RUN_FAILED', `the reports do not pair: ${error.message}`, {
      field: error.field,
    });
  }
  return {
    ...common,
    chsh: {
      s: estimate.s,
      standardError: estimate.standardError,
      expectedS: chshValue(fidelity),
      correlators: estimate.correlators.map((c) => ({ ...c })),
    },
  };
}
