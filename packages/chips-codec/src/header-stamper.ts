import { ChipsError } from './errors.js';
import { isPacketId, type NodeId, PACKET_ID_BYTES, type PacketId } from './ids.js';
import { LamportClock } from './lamport-clock.js';
import { HOP_LIMIT_MAX } from './limits.js';
import type { PacketHeader, ReroutePolicy } from './packet.js';
import { SequenceNumbers } from './sequence-numbers.js';

/** A source of random bytes (a CSPRNG in a service, a replay in tests and vectors). */
export type RandomBytes = (length: number) => Uint8Array;

/** What a sender decides about one packet; the stamper fills in the rest of the header. */
export interface StampRequest {
  readonly scope: string;
  readonly hopLimit: number;
  /** Default 'deny'. */
  readonly reroute?: ReroutePolicy;
  /** A packet id chosen by the caller (JOB_SUBMIT's is its job id); default a random one. */
  readonly packetId?: PacketId;
}

/**
 * The one place a node makes CHIPS headers (docs/spec/chips.md §4.2): its node id as source,
 * a packet id from the injected random bytes, the Lamport time of its one clock (ticked per
 * send, advanced past every received packet) and the per-destination sequence number.
 */
export class HeaderStamper {
  readonly clock: LamportClock;
  private readonly seq = new SequenceNumbers();

  constructor(
    private readonly source: NodeId,
    private readonly randomBytes: RandomBytes,
    clock: LamportClock = new LamportClock(),
  ) {
    this.clock = clock;
  }

  /** The header of the next packet to `destination` (a send event). */
  stamp(destination: string, request: StampRequest): PacketHeader {
    if (
      !Number.isInteger(request.hopLimit) ||
      request.hopLimit < 0 ||
      request.hopLimit > HOP_LIMIT_MAX
    ) {
      throw new ChipsError('OUT_OF_RANGE', `hop limit ${request.hopLimit}`, undefined, 'hopLimit');
    }
    const packetId = request.packetId ?? this.randomPacketId();
    if (!isPacketId(packetId)) {
      throw new ChipsError(
        'INVALID_FIELD',
        'packet id must be 32 lower-case hex',
        undefined,
        'packetId',
      );
    }
    return {
      destination,
      source: this.source,
      packetId,
      lamport: this.clock.tick(),
      seq: this.seq.take(destination),
      scope: request.scope,
      hopLimit: request.hopLimit,
      reroute: request.reroute ?? 'deny',
    };
  }

  /** A packet arrived (a receive event): the clock moves past its Lamport time. */
  received(header: Pick<PacketHeader, 'lamport'>): void {
    this.clock.observe(header.lamport);
  }

  private randomPacketId(): PacketId {
    const bytes = this.randomBytes(PACKET_ID_BYTES);
    if (bytes.length !== PACKET_ID_BYTES) {
      throw new ChipsError(
        'INVALID_FIELD',
        `random bytes gave ${bytes.length} bytes, not ${PACKET_ID_BYTES}`,
        undefined,
        'packetId',
      );
    }
    let hex = '';
    for (const b of bytes) hex += b.toString(16).padStart(2, '0');
    return hex as PacketId;
  }
}
