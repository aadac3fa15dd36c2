import type { NackBody, Packet } from '@qcos/chips-codec';
import type { SecureConnection } from '@qcos/runtime';

/** The far end of a session handed to the QAN's packet dispatch: what the QAN sends on it. */
export class FakeConnection {
  readonly sent: Packet[] = [];
  /** How many times the QAN closed it. */
  closes = 0;
  private handler: (packet: Packet) => void = () => {};

  constructor(readonly peer: { id: string; remoteAddress: string; eksBinding?: Uint8Array }) {}

  send(packet: Packet) {
    this.sent.push(packet);
  }
  onPacket(handler: (packet: Packet) => void) {
    this.handler = handler;
  }
  onClose() {}
  async close() {
    this.closes++;
  }
  get closed() {
    return this.closes > 0;
  }
  /** A packet arriving from the peer. */
  deliver(packet: Packet) {
    this.handler(packet);
  }
  /** The NACKs the QAN sent on this session. */
  nacks(): NackBody[] {
    return this.sent.flatMap((p) => (p.type === 'NACK' ? [p.body] : []));
  }
  /** As the dispatch sees it. */
  get connection(): SecureConnection<Packet> {
    return this as unknown as SecureConnection<Packet>;
  }
}
