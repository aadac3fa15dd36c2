import type { Quid } from '@qcos/identity';
import type { RecordBody } from '@qcos/registry-core';

/**
 * Which QAN holds each node's session, as the log tells it: the origin of the block holding the
 * node's latest HEARTBEAT (a QAN seals only the heartbeats its own sessions brought). Every QAN
 * reads the same log, so every QAN knows where to send a job for a node attached elsewhere; after
 * a failover the next heartbeat names the new QAN.
 */
export class NodeAttachments {
  private readonly holder = new Map<string, Quid>();

  /** Takes in one committed block's records and its origin. */
  observe(records: readonly RecordBody[], origin: Quid): void {
    for (const r of records) if (r.kind === 'HEARTBEAT') this.holder.set(r.alias, origin);
  }

  /** The QAN whose block last carried a heartbeat of `alias`, if any. */
  holderOf(alias: string): Quid | undefined {
    return this.holder.get(alias);
  }
}
