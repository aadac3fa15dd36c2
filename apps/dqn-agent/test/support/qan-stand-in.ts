import type { NodeId, Packet } from '@qcos/chips-codec';
import {
  chipsPacketCodec,
  insecurePlaintextHandshake,
  listenSecure,
  type SecureConnection,
  type SecureListener,
} from '@qcos/runtime';

/** A stand-in QAN: accepts sessions over the plaintext handshake and records every packet. */
export class QanStandIn {
  listener!: SecureListener;
  session: SecureConnection<Packet> | undefined;
  readonly received: Packet[] = [];
  private waiters: (() => void)[] = [];

  constructor(private readonly identity: { readonly id: NodeId; readonly publicKey: Uint8Array }) {}

  async start(): Promise<number> {
    this.listener = await listenSecure<Packet>({
      port: 0,
      codec: chipsPacketCodec,
      handshake: insecurePlaintextHandshake({ ...this.identity, scope: 'qan' }, 'responder'),
      onConnection: (connection) => {
        this.session = connection;
        connection.onPacket((p) => {
          this.received.push(p);
          for (const w of this.waiters.splice(0)) w();
        });
      },
    });
    return this.listener.port;
  }

  /** Resolves with the first packet after index `from` that satisfies `match`. */
  async next(match: (p: Packet) => boolean, from = 0, timeoutMs = 20_000): Promise<Packet> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('expected packet did not arrive');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}
