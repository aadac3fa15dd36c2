import type { ContractRequest, ContractView, RouteCaller } from '@qcos/qan-api';
import { expiryVerdicts, type RecordBody } from '@qcos/registry-core';
import type { Clock, Logger } from '@qcos/runtime';
import { QanError } from '../api/qan-error.js';
import {
  type PlacedRecord,
  RecordRefused,
  type RegistryService,
} from '../registry/registry-service.js';
import { contractView } from './contract-view.js';
import type { WindowReport } from './window-coordinator.js';

/** Holding contracts one principal may have requested through this QAN at a time. */
export const MAX_CONTRACTS_PER_CLIENT = 64;

/** The lease a request gets when it names none (ms). */
export const DEFAULT_LEASE_MS = 60_000;

/** Registry codes that mean the request itself is malformed (400); any other refusal is 409. */
const MALFORMED = new Set(['RECORD_INVALID', 'RECORD_UNKNOWN_KIND']);

/** The CONTRACT_REQUEST record of an API request made at `atMs`. */
export function requestRecord(body: ContractRequest, atMs: number): RecordBody {
  const link = body.link;
  return {
    kind: 'CONTRACT_REQUEST',
    atMs,
    contractKind: body.kind,
    scopes: [...body.scopes],
    participants: [...body.participants],
    slots: body.slots,
    startMs: body.startMs,
    endMs: body.endMs,
    leaseMs: body.leaseMs ?? DEFAULT_LEASE_MS,
    link: link === undefined ? null : { ...link, bases: [...(link.bases ?? [])] },
    window: body.window === undefined ? null : { ...body.window },
  };
}

/**
 * The contract API of this QAN (docs/spec/qan-api.md §2.6): it writes the records a client asks
 * for and reads the outcome from the folded state — the fold, not this desk, decides. A contract
 * is visible to the principal that requested it and to operators; to anyone else it does not
 * exist. Expiry verdicts for the contracts this QAN is home of are written from its clock.
 */
export class ContractDesk {
  /** Contract id → the principal that requested it, for the contracts the state still knows. */
  private readonly owners = new Map<number, string>();
  /** Requests per principal waiting for their block. */
  private readonly inFlight = new Map<string, number>();
  /** What the participants of a window reported to this QAN (none until windows are observed). */
  private windowReports: (id: number) => readonly WindowReport[] = () => [];

  constructor(
    private readonly registry: RegistryService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Adds the window steps the participants reported to every view of a window. */
  observeWindows(reports: (id: number) => readonly WindowReport[]): void {
    this.windowReports = reports;
  }

  /** Writes the request and answers the contract as the fold decided it (RESERVED or REJECTED). */
  async request(body: ContractRequest, caller: RouteCaller): Promise<ContractView> {
    const held = caller.scopes ?? [];
    const denied = body.scopes.filter((s) => !held.includes(s));
    if (denied.length > 0)
      throw new QanError(
        'CONTRACT_SCOPE_DENIED',
        `${caller.name} may not contract under ${denied.join(', ')}`,
        {
          scopes: denied,
        },
      );
    this.forgetUnknown();
    const open = this.holdingOf(caller.name) + (this.inFlight.get(caller.name) ?? 0);
    if (open >= MAX_CONTRACTS_PER_CLIENT)
      throw new QanError('CONTRACT_LIMIT', `${caller.name} holds ${open} contracts already`, {
        limit: MAX_CONTRACTS_PER_CLIENT,
      });
    this.inFlight.set(caller.name, (this.inFlight.get(caller.name) ?? 0) + 1);
    let placed: PlacedRecord;
    try {
      placed = await this.write(requestRecord(body, this.clock.now()));
    } finally {
      this.inFlight.set(caller.name, (this.inFlight.get(caller.name) ?? 1) - 1);
    }
    this.owners.set(placed.l, caller.name);
    const view = this.view(placed.l);
    this.logger.info(
      { event: 'contract_requested', id: placed.l, state: view.state, reason: view.reason },
      'contract requested',
    );
    return view;
  }

  /** The contract, for its requester or an operator; CONTRACT_NOT_FOUND for anyone else. */
  get(id: number, caller: RouteCaller): ContractView {
    this.authorise(id, caller);
    return this.view(id);
  }

  /** Releases a holding contract (reason CANCELLED); CONTRACT_ENDED when it holds nothing. */
  async cancel(id: number, caller: RouteCaller): Promise<ContractView> {
    this.authorise(id, caller);
    const before = this.view(id);
    if (before.state !== 'RESERVED' && before.state !== 'ACTIVE')
      throw new QanError('CONTRACT_ENDED', `contract ${id} has ended: ${before.state}`, {
        id,
        state: before.state,
      });
    await this.write({ kind: 'CONTRACT_RELEASE', id, atMs: this.clock.now(), reason: 'CANCELLED' });
    this.logger.info({ event: 'contract_cancelled', id, by: caller.name }, 'contract cancelled');
    return this.view(id);
  }

  /** Writes a CONTRACT_EXPIRE verdict for every contract past its deadline, once. */
  expireDue(): number {
    const queued = new Set(
      this.registry.pendingRecords().flatMap((r) => (r.kind === 'CONTRACT_EXPIRE' ? [r.id] : [])),
    );
    const verdicts = expiryVerdicts(this.registry.state, this.registry.origin, this.clock.now());
    let written = 0;
    for (const verdict of verdicts) {
      if (verdict.kind !== 'CONTRACT_EXPIRE' || queued.has(verdict.id)) continue;
      written++;
      this.logger.info({ event: 'contract_expired', id: verdict.id }, 'contract expiry verdict');
      this.registry.submit(verdict).catch((error: unknown) => {
        this.logger.warn({ id: verdict.id, err: String(error) }, 'expiry verdict refused');
      });
    }
    return written;
  }

  private view(id: number): ContractView {
    const view = contractView(this.registry.state, id);
    if (view === undefined) throw notFound(id);
    const steps = this.windowReports(id);
    if (steps.length === 0) return view;
    return {
      ...view,
      windowSteps: steps.map((r) => ({
        alias: r.alias,
        step: r.step as 'READY' | 'ACTIVE' | 'TERMINATED' | 'FAULT',
        atMs: r.atMs,
        ...(r.phaseErrorMrad === null ? {} : { phaseErrorMrad: r.phaseErrorMrad }),
        ...(r.activatedL === null ? {} : { activatedL: r.activatedL }),
      })),
    };
  }

  /** CONTRACT_NOT_FOUND unless `caller` requested contract `id` through this QAN or is an operator. */
  authorise(id: number, caller: RouteCaller): void {
    const owner = this.owners.get(id);
    // Another principal's contract is answered as if it did not exist: an id says nothing.
    if (!caller.roles.includes('operator') && (owner === undefined || owner !== caller.name))
      throw notFound(id);
  }

  private holdingOf(name: string): number {
    let n = 0;
    for (const [id, owner] of this.owners)
      if (owner === name && this.registry.state.contracts.holding.has(id)) n++;
    return n;
  }

  /** Drops the owners of contracts the state no longer knows (bounded by what it keeps). */
  private forgetUnknown(): void {
    const { holding, ended } = this.registry.state.contracts;
    for (const id of this.owners.keys())
      if (!holding.has(id) && !ended.has(id)) this.owners.delete(id);
  }

  /** Submits a record; the fold's refusal becomes CONTRACT_INVALID (400) or CONTRACT_REFUSED (409). */
  private async write(record: RecordBody): Promise<PlacedRecord> {
    try {
      return await this.registry.submitPlaced(record);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      const code = MALFORMED.has(error.code) ? 'CONTRACT_INVALID' : 'CONTRACT_REFUSED';
      throw new QanError(code, error.message, { registryCode: error.code });
    }
  }
}

const notFound = (id: number) => new QanError('CONTRACT_NOT_FOUND', `no contract ${id}`, { id });
