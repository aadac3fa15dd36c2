import { createServer, type Socket } from 'node:net';
import { RuntimeError } from '../errors.js';
import {
  type FirstMessageGuard,
  guardFirstMessage,
  PendingHandshakes,
  type PendingLimits,
} from './admission.js';
import {
  type ChannelGate,
  establishSession,
  type SecureConnection,
  type SessionOptions,
} from './secure-connection.js';

export interface ListenSecureOptions<P> extends SessionOptions<P>, PendingLimits {
  readonly host?: string;
  /** 0 picks a free port (reported back). */
  readonly port: number;
  /**
   * Called for each peer that completed the handshake, passed the handshake's policy and proved
   * its keys with a first record.
   */
  readonly onConnection: (connection: SecureConnection<P>) => void;
  /** Called for each peer whose handshake failed, who was rejected by policy, or who was refused. */
  readonly onReject?: (error: RuntimeError, remoteAddress: string) => void;
  /** Sockets beyond this many are refused outright; default 10 000. */
  readonly maxConnections?: number;
  /** Checks every message 1 before the handshake sees it (e.g. pqCookieGuard). */
  readonly firstMessageGuard?: FirstMessageGuard;
}

export interface SecureListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Runs the responder side on one accepted socket, within the pending-handshake limits. */
function acceptSocket<P>(
  socket: Socket,
  options: ListenSecureOptions<P>,
  pending: PendingHandshakes,
): void {
  const address = socket.remoteAddress ?? '?';
  const remote = `${address}:${socket.remotePort ?? 0}`;
  const refused = pending.admit(address, remote);
  if (refused !== undefined) {
    socket.destroy();
    options.onReject?.(refused, remote);
    return;
  }
  const guard = options.firstMessageGuard;
  const gate: ChannelGate | undefined =
    guard === undefined
      ? undefined
      : (channel) => guardFirstMessage(channel, guard, () => pending.underLoad);
  establishSession(socket, options, 'responder', gate)
    .finally(() => pending.release(address))
    .then(options.onConnection, (error: unknown) => {
      const err =
        error instanceof RuntimeError
          ? error
          : new RuntimeError('HANDSHAKE_FAILED', String(error), { remote });
      options.onReject?.(err, remote);
    });
}

/**
 * A TCP server whose peers each run the handshake (as responder) and then exchange sealed packets.
 * Before a peer has authenticated, its frames are bounded by the largest handshake message, and
 * only so many such peers are held at once (in total and per source address).
 */
export function listenSecure<P>(options: ListenSecureOptions<P>): Promise<SecureListener> {
  const sockets = new Set<Socket>();
  const pending = new PendingHandshakes(options);
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    acceptSocket(socket, options, pending);
  });
  server.maxConnections = options.maxConnections ?? 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
