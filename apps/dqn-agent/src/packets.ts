import type {
  EksSyncBody,
  HealthReport,
  JobResultBody,
  MeasurementCount,
  NackCode,
  NodeId,
  Packet,
  PacketHeader,
  PacketId,
} from '@qcos/chips-codec';
import { MAX_DETAIL_BYTES } from '@qcos/chips-codec';
import { LamportClock } from './lamport.js';
import type { Counts } from './qem/index.js';

/** Capability scopes the agent's packets act under. */
export const SCOPE_HEARTBEAT = 'node:heartbeat';
export const SCOPE_EKS = 'eks:sync';
export const SCOPE_JOB_RESULT = 'job:result';

/** Hops a packet from this node may take (agent → relay → QAN needs 2). */
export const DEFAULT_HOP_LIMIT = 16;

const SEQ_MODULUS = 2 ** 32;

/**
 * Stamps the CHIPS headers of the packets a node sends: its node id as
 * source, a fresh packet id, the Lamport time, and a per-destination
 * sequence number.
 */
export class PacketFactory {
  readonly lamport = new LamportClock();
  private readonly seq = new Map<string, number>();

  constructor(
    private readonly source: NodeId,
    /** Alias the QAN's own packets are addressed to (its peers call it by this name). */
    private readonly upstreamAlias: string,
    private readonly newPacketId: () => PacketId,
  ) {}

  private header(destination: string, scope: string, packetId?: PacketId): PacketHeader {
    const seq = this.seq.get(destination) ?? 0;
    this.seq.set(destination, (seq + 1) % SEQ_MODULUS);
    return {
      destination,
      source: this.source,
      packetId: packetId ?? this.newPacketId(),
      lamport: this.lamport.tick(),
      seq,
      scope,
      hopLimit: DEFAULT_HOP_LIMIT,
      reroute: 'deny',
    };
  }

  /** Advances the Lamport clock past a received packet. */
  received(packet: Packet): void {
    this.lamport.observe(packet.header.lamport);
  }

  heartbeat(report: HealthReport): Packet {
    return {
      type: 'HEARTBEAT',
      header: this.header(this.upstreamAlias, SCOPE_HEARTBEAT),
      body: { report },
    };
  }

  eksSync(body: EksSyncBody): Packet {
    return { type: 'EKS_SYNC', header: this.header(this.upstreamAlias, SCOPE_EKS), body };
  }

  jobResult(jobId: PacketId, shots: number, counts: Counts): Packet {
    const body: JobResultBody = { jobId, shots, counts: toMeasurementCounts(counts) };
    return { type: 'JOB_RESULT', header: this.header(this.upstreamAlias, SCOPE_JOB_RESULT), body };
  }

  nack(of: PacketId, code: NackCode, detail: string): Packet {
    return {
      type: 'NACK',
      header: this.header(this.upstreamAlias, SCOPE_JOB_RESULT),
      body: { nackOf: of, code, detail: truncateUtf8(detail, MAX_DETAIL_BYTES) },
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

/** The longest prefix of `s` whose UTF-8 encoding fits `maxBytes` (never splits a character). */
export function truncateUtf8(s: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(s).length <= maxBytes) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = encoder.encode(ch).length;
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}
