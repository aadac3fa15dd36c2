import { ChipsError } from './errors.js';
import type { Packet } from './packet.js';

/**
 * The copy of a packet a forwarder passes on (docs/spec/chips.md §4.3): the original header and
 * body, one hop spent. Source, packet id, Lamport time and seq stay the original sender's. A
 * packet with no hop left must be refused (NACK HOP_LIMIT), never forwarded.
 */
export function forwardedPacket<P extends Packet>(packet: P): P {
  if (packet.header.hopLimit <= 0) {
    throw new ChipsError('OUT_OF_RANGE', 'no hop left to forward with', undefined, 'hopLimit');
  }
  return { ...packet, header: { ...packet.header, hopLimit: packet.header.hopLimit - 1 } };
}
