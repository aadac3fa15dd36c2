import {
  type EksSyncBody,
  HeaderStamper,
  type HealthReport,
  type JobResultBody,
  type MeasurementCount,
  type MeasurementResultBody,
  type NackCode,
  type NodeId,
  nackDetail,
  type Packet,
  type PacketId,
  type RandomBytes,
  type WindowBody,
} from '@qcos/chips-codec';
import type { Counts } from './qem/index.js';

/** Capability scopes the agent's packets act under. */
export const SCOPE_HEARTBEAT = 'node:heartbeat';
export const SCOPE_EKS = 'eks:sync';
export const SCOPE_JOB_RESULT = 'job:result';
export const SCOPE_CONTRACT_RESULT = 'contract:result';
export const SCOPE_WINDOW = 'contract:window';

/** Hops a packet from this node may take (agent → relay → QAN needs 2). */
export const DEFAULT_HOP_LIMIT = 16;

/**
 * The packets a node sends to its QAN, their headers stamped by chips-codec's HeaderStamper:
 * its node id as source, a fresh packet id, its Lamport time and a per-destination sequence
 * number.
 */
export class PacketFactory {
  private readonly stamper: HeaderStamper;

  constructor(
    source: NodeId,
    /** Alias the QAN's own packets are addressed to (its peers call it by this name). */
    private readonly upstreamAlias: string,
    randomBytes: RandomBytes,
  ) {
    this.stamper = new HeaderStamper(source, randomBytes);
  }

  private header(scope: string) {
    return this.stamper.stamp(this.upstreamAlias, { scope, hopLimit: DEFAULT_HOP_LIMIT });
  }

  /** Advances the Lamport clock past a received packet. */
  received(packet: Packet): void {
    this.stamper.received(packet.header);
  }

  heartbeat(report: HealthReport): Packet {
    return {
      type: 'HEARTBEAT',
      header: this.header(SCOPE_HEARTBEAT),
      body: { report },
    };
  }

  eksSync(body: EksSyncBody): Packet {
    return { type: 'EKS_SYNC', header: this.header(SCOPE_EKS), body };
  }

  jobResult(jobId: PacketId, shots: number, counts: Counts): Packet {
    const body: JobResultBody = { jobId, shots, counts: toMeasurementCounts(counts) };
    return { type: 'JOB_RESULT', header: this.header(SCOPE_JOB_RESULT), body };
  }

  measurementResult(body: MeasurementResultBody): Packet {
    return { type: 'MEASUREMENT_RESULT', header: this.header(SCOPE_CONTRACT_RESULT), body };
  }

  window(body: WindowBody): Packet {
    return { type: 'WINDOW', header: this.header(SCOPE_WINDOW), body };
  }

  nack(of: PacketId, code: NackCode, detail: string): Packet {
    return {
      type: 'NACK',
      header: this.header(SCOPE_JOB_RESULT),
      body: { nackOf: of, code, detail: nackDetail(detail) },
    };
  }
}

/**
 * Counts as JOB_RESULT carries them: one bit string per outcome (registers
 * concatenated, most significant first), sorted ascending, unique.
 */
export function toMeasurementCounts(counts: Counts): MeasurementCount[] {
  const merged = new Map<string, number>();
  for (const [key, count] of Object.entries(counts)) {
    const bits = key.replaceAll(' ', '');
    merged.set(bits, (merged.get(bits) ?? 0) + count);
  }
  return [...merged.keys()].sort().map((bits) => ({ bits, count: merged.get(bits)! }));
}
