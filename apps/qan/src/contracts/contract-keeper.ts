import { contractsOf, getEntry, type RecordBody, type RegistryState } from '@qcos/registry-core';
import type { Clock, Logger } from '@qcos/runtime';
import type { SessionHub } from '../peers/session-hub.js';
import type { RegistryService } from '../registry/registry-service.js';

/**
 * The home QAN's side of the contracts it holds participants or leases of (docs/spec/
 * contracts.md §5): on every tick it reports READY each RESERVED contract's participants it is
 * home of that have a live session here — the session exists only after the node's hardware
 * attestation verified in the PQ handshake — and renews the lease of each contract it is home of
 * once half of the lease is spent, while every participant is ACTIVE. A QAN that stops renews
 * nothing, so its contracts expire: the lease is the home QAN's liveness.
 */
export class ContractKeeper {
  constructor(
    private readonly registry: RegistryService,
    private readonly sessions: SessionHub,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Writes the READY and RENEW records due now; returns how many. */
  keep(): number {
    const state = this.registry.state;
    const queued = this.registry.pendingRecords();
    const records = [...this.readyDue(state, queued), ...this.renewDue(state, queued)];
    for (const record of records) {
      this.registry.submit(record).catch((error: unknown) => {
        this.logger.warn({ record: record.kind, err: String(error) }, 'contract record refused');
      });
    }
    return records.length;
  }

  /**
   * Nodes whose session closed: every holding contract one of them takes part in is revoked
   * (SESSION_LOST), by this QAN as the node's home or the contract's. The fold frees the
   * contract at every participant in the same record — no participant stays reserved.
   */
  revokeLost(aliases: readonly string[]): number {
    const state = this.registry.state;
    const origin = this.registry.origin;
    const queued = this.registry.pendingRecords();
    let written = 0;
    for (const alias of aliases) {
      const home = getEntry(state, alias)?.homeQan === origin;
      for (const c of contractsOf(state.contracts, alias)) {
        if (!home && c.homeQan !== origin) continue;
        if (queued.some((r) => r.kind === 'CONTRACT_REVOKE' && r.id === c.id)) continue;
        written++;
        this.logger.warn(
          { event: 'contract_revoked', id: c.id, alias, reason: 'SESSION_LOST' },
          'participant session lost: contract revoked',
        );
        this.registry
          .submit({
            kind: 'CONTRACT_REVOKE',
            id: c.id,
            atMs: this.clock.now(),
            alias,
            reason: 'SESSION_LOST',
          })
          .catch((error: unknown) =>
            this.logger.warn({ id: c.id, err: String(error) }, 'revocation refused'),
          );
      }
    }
    return written;
  }

  private readyDue(state: RegistryState, queued: readonly RecordBody[]): RecordBody[] {
    const out: RecordBody[] = [];
    const origin = this.registry.origin;
    for (const c of state.contracts.holding.values()) {
      // A window participant is ready only once its phase reference checked out (window-coordinator).
      if (c.state !== 'RESERVED' || c.terms.contractKind === 'WINDOW') continue;
      for (const alias of c.terms.participants) {
        if (c.ready.includes(alias) || this.sessions.route(alias) === undefined) continue;
        if (getEntry(state, alias)?.homeQan !== origin) continue;
        const pending = queued.some(
          (r) => r.kind === 'CONTRACT_READY' && r.id === c.id && r.alias === alias,
        );
        if (pending) continue;
        this.logger.info({ event: 'contract_ready', id: c.id, alias }, 'participant ready');
        out.push({ kind: 'CONTRACT_READY', id: c.id, alias, atMs: this.clock.now() });
      }
    }
    return out;
  }

  private renewDue(state: RegistryState, queued: readonly RecordBody[]): RecordBody[] {
    const now = this.clock.now();
    const out: RecordBody[] = [];
    for (const c of state.contracts.holding.values()) {
      if (c.homeQan !== this.registry.origin || c.leaseUntilMs >= c.terms.endMs) continue;
      if (now >= c.leaseUntilMs || c.leaseUntilMs - now > c.terms.leaseMs / 2) continue;
      const live = c.terms.participants.every(
        (alias) => getEntry(state, alias)?.status.state === 'ACTIVE',
      );
      if (!live || queued.some((r) => r.kind === 'CONTRACT_RENEW' && r.id === c.id)) continue;
      out.push({ kind: 'CONTRACT_RENEW', id: c.id, atMs: now });
    }
    return out;
  }
}
