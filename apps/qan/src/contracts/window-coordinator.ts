import type { HeaderStamper, WindowBody, WindowStep } from '@qcos/chips-codec';
import { type Contract, getEntry, type RegistryState, type WindowTerms } from '@qcos/registry-core';
import type { Clock, Logger } from '@qcos/runtime';
import type { SessionHub } from '../peers/session-hub.js';
import type { RegistryService } from '../registry/registry-service.js';

/** One participant's last window step as it reported it to this QAN. */
export interface WindowReport {
  readonly alias: string;
  readonly step: WindowStep;
  readonly phaseErrorMrad: number | null;
  readonly activatedL: number | null;
  readonly atMs: number;
}

/** The steps a participant sends. */
const PARTICIPANT_STEPS: ReadonlySet<WindowStep> = new Set([
  'READY',
  'ACTIVE',
  'TERMINATED',
  'FAULT',
]);

/** Hops a window packet may take (QAN → relay → DQN needs 2). */
const WINDOW_HOP_LIMIT = 8;
/** Windows whose reports are kept after they end, so their rollback can be asked for. */
const ENDED_WINDOWS_KEPT = 256;

/**
 * The ΦSL side of the QAN for the participants it is home of (docs/spec/qan-api.md §7b): it
 * asks each participant of a RESERVED window to check its phase reference (PREPARE) and writes
 * CONTRACT_READY only for a READY within the tolerance, CONTRACT_REVOKE (TOLERANCE_EXCEEDED) for
 * a FAULT; once the fold makes the window ACTIVE it tells each participant the activation's L
 * (ACTIVATE) and records its ACTIVE; when the window ends — revoked, expired, released — it
 * tells each participant it prepared to roll back (TERMINATE). What the participants answered is
 * kept for the API.
 */
export class WindowCoordinator {
  /**
   * The windows this QAN has sent steps of, by contract id: their terms (kept to tell the
   * participants to roll back once the state no longer holds the contract) and, by alias, the
   * step last sent.
   */
  private readonly windows = new Map<
    number,
    { readonly terms: WindowTerms; readonly steps: Map<string, WindowStep> }
  >();
  private readonly reports = new Map<number, Map<string, WindowReport>>();

  constructor(
    private readonly registry: RegistryService,
    private readonly sessions: SessionHub,
    private readonly stamper: HeaderStamper,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Sends the steps due now: PREPARE, ACTIVATE, TERMINATE. */
  tick(): void {
    const state = this.registry.state;
    for (const c of state.contracts.holding.values()) {
      if (c.terms.contractKind !== 'WINDOW') continue;
      const step: WindowStep = c.state === 'ACTIVE' ? 'ACTIVATE' : 'PREPARE';
      const terms = c.terms.window as WindowTerms;
      for (const alias of this.homeParticipants(state, c)) {
        if (c.ready.includes(alias) && step !== 'ACTIVATE') continue;
        if (this.windows.get(c.id)?.steps.get(alias) !== step)
          this.send(c.id, terms, alias, step, c.activatedL);
      }
    }
    for (const [id, { terms, steps }] of this.windows) {
      if (state.contracts.holding.has(id)) continue;
      for (const [alias, last] of steps)
        if (last !== 'TERMINATE') this.send(id, terms, alias, 'TERMINATE', null);
      this.windows.delete(id);
    }
    while (this.reports.size > ENDED_WINDOWS_KEPT)
      this.reports.delete(this.reports.keys().next().value as number);
  }

  /** A participant's window packet; false when it is not about a window this QAN runs with it. */
  onWindow(alias: string, body: WindowBody): boolean {
    // A participant answers; only a QAN prepares, activates or terminates.
    if (!PARTICIPANT_STEPS.has(body.step)) return false;
    if (
      !this.windows.get(body.contract)?.steps.has(alias) &&
      !this.reports.get(body.contract)?.has(alias)
    )
      return false;
    const report = {
      alias,
      step: body.step,
      phaseErrorMrad: body.phaseErrorMrad,
      activatedL: body.activatedL,
      atMs: this.clock.now(),
    };
    const byAlias = this.reports.get(body.contract) ?? new Map<string, WindowReport>();
    this.reports.set(body.contract, byAlias.set(alias, report));
    this.logger.info(
      { event: 'window_step', id: body.contract, ...report },
      'window step reported',
    );
    const c = this.registry.state.contracts.holding.get(body.contract);
    if (c === undefined) return true;
    const atMs = report.atMs;
    if (body.step === 'READY' && c.state === 'RESERVED' && !c.ready.includes(alias))
      this.write({ kind: 'CONTRACT_READY', id: c.id, alias, atMs });
    if (body.step === 'FAULT')
      this.write({ kind: 'CONTRACT_REVOKE', id: c.id, alias, atMs, reason: 'TOLERANCE_EXCEEDED' });
    return true;
  }

  /** What each participant this QAN is home of last reported about window `id`. */
  reportsOf(id: number): WindowReport[] {
    return [...(this.reports.get(id)?.values() ?? [])].sort((a, b) => (a.alias < b.alias ? -1 : 1));
  }

  private homeParticipants(state: RegistryState, c: Contract): string[] {
    const origin = this.registry.origin;
    return c.terms.participants.filter((a) => getEntry(state, a)?.homeQan === origin);
  }

  /** Sends `step` of window `id` to `alias` if it has a session here; remembers it once sent. */
  private send(
    id: number,
    terms: WindowTerms,
    alias: string,
    step: WindowStep,
    activatedL: number | null,
  ): void {
    const route = this.sessions.route(alias);
    if (route === undefined) return;
    const window = this.windows.get(id) ?? { terms, steps: new Map<string, WindowStep>() };
    this.windows.set(id, window);
    window.steps.set(alias, step);
    const body: WindowBody = {
      contract: id,
      step,
      lengthMs: terms.lengthMs,
      toleranceMrad: terms.toleranceMrad,
      clockDomain: terms.clockDomain,
      activatedL: step === 'ACTIVATE' ? activatedL : null,
      phaseErrorMrad: null,
    };
    const header = this.stamper.stamp(alias, {
      scope: 'contract:window',
      hopLimit: WINDOW_HOP_LIMIT,
    });
    route.connection.send({ type: 'WINDOW', header, body });
  }

  private write(record: Parameters<RegistryService['submit']>[0]): void {
    this.registry.submit(record).catch((error: unknown) => {
      this.logger.warn({ record: record.kind, err: String(error) }, 'window record refused');
    });
  }
}
