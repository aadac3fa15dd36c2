import type { EksSyncBody, HealthReport } from '@qcos/chips-codec';
import { nextHeartbeatAtMs, type RecordBody, timeoutVerdicts } from '@qcos/registry-core';
import type { Clock, Logger } from '@qcos/runtime';
import type { KnownPeer } from '../peers/peer-directory.js';
import type { RegistryService } from './registry-service.js';

/**
 * Turns what DQNs report into registry records: registration on first contact, heartbeats,
 * EKS sync and loss, and — from the QAN's own clock — heartbeat-timeout verdicts. Keeps the
 * records well-formed for the fold (strictly increasing heartbeat times per node, one verdict
 * or one registration in flight at a time) so they are not refused.
 */
export class NodeReports {
  /** Last heartbeat time written (or queued) per alias. */
  private readonly lastAt = new Map<string, number>();
  private readonly registering = new Set<string>();

  constructor(
    private readonly registry: RegistryService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Registers `peer` (a DQN) unless it is registered or being registered. */
  ensureRegistered(peer: KnownPeer, address: string): void {
    if (this.registry.entry(peer.name) !== undefined || this.registering.has(peer.name)) return;
    this.registering.add(peer.name);
    const record: RecordBody = {
      kind: 'REGISTER',
      alias: peer.name,
      address,
      scope: peer.scopes[0] as string,
      qubitCapacity: peer.qubits,
      publicKey: peer.publicKey,
      atMs: this.clock.now(),
    };
    this.registry
      .submit(record)
      .then(
        () =>
          this.logger.info({ event: 'registered', alias: peer.name, address }, 'node registered'),
        (error: unknown) =>
          this.logger.warn({ alias: peer.name, err: String(error) }, 'registration refused'),
      )
      .finally(() => this.registering.delete(peer.name));
  }

  /** A heartbeat; resolves after the block holding it is committed. */
  heartbeat(alias: string, report: HealthReport): Promise<number> {
    // Past the queued one too: the fold refuses a heartbeat not after the node's last one.
    const entry = this.registry.entry(alias);
    const atMs = nextHeartbeatAtMs(entry, this.clock.now(), this.lastAt.get(alias));
    this.lastAt.set(alias, atMs);
    return this.registry.submit({ kind: 'HEARTBEAT', alias, atMs, report });
  }

  /** An EKS_SYNC report: a loss quarantines the node; a stable sync after a loss clears it. */
  eksSync(alias: string, body: EksSyncBody): Promise<number> | undefined {
    const entry = this.registry.entry(alias);
    if (entry === undefined) return undefined;
    const queued = this.registry.pendingRecords();
    const pendingKind = (kind: 'EKS_SYNC' | 'EKS_LOSS') =>
      queued.some((r) => r.kind === kind && r.alias === alias);
    const status = body.status;
    if (status.state === 'lost') {
      if (!entry.eks.ok || pendingKind('EKS_LOSS')) return undefined;
      this.logger.warn({ event: 'eks_loss', alias, reason: status.reason }, 'EKS lost');
      return this.registry.submit({
        kind: 'EKS_LOSS',
        alias,
        atMs: this.clock.now(),
        reason: status.reason,
      });
    }
    if (entry.eks.ok || pendingKind('EKS_SYNC')) return undefined;
    const atMs = Math.max(this.clock.now(), entry.eks.lastSyncMs);
    this.logger.info({ event: 'eks_sync', alias }, 'EKS re-established');
    return this.registry.submit({ kind: 'EKS_SYNC', alias, atMs });
  }

  /** Writes a HEARTBEAT_TIMEOUT verdict for every silent node not already under one. */
  checkTimeouts(): number {
    const queued = this.registry.pendingRecords();
    const busy = new Set(
      queued
        .filter((r) => r.kind === 'HEARTBEAT_TIMEOUT' || r.kind === 'HEARTBEAT')
        .map((r) => ('alias' in r ? r.alias : '')),
    );
    let written = 0;
    for (const verdict of timeoutVerdicts(this.registry.state, this.clock.now())) {
      if (!('alias' in verdict) || busy.has(verdict.alias)) continue;
      written++;
      this.logger.warn(
        { event: 'heartbeat_timeout', alias: verdict.alias },
        'heartbeat timeout verdict',
      );
      this.registry.submit(verdict).catch((error: unknown) => {
        this.logger.warn({ alias: verdict.alias, err: String(error) }, 'timeout verdict refused');
      });
    }
    return written;
  }
}
