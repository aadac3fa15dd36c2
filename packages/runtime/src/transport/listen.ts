import { createServer, type Socket } from 'node:net';
import { RuntimeError } from '../errors.js';
import {
  establishSession,
  type SecureConnection,
  type SessionOptions,
} from './secure-connection.js';

export interface ListenSecureOptions<P> extends SessionOptions<P> {
  readonly host?: string;
  /** 0 picks a free port (reported back). */
  readonly port: number;
  /** Called for each peer that completed the handshake and passed the handshake's policy. */
  readonly onConnection: (connection: SecureConnection<P>) => void;
  /** Called for each peer whose handshake failed or who was rejected by policy. */
  readonly onReject?: (error: RuntimeError, remoteAddress: string) => void;
  /** Sockets beyond this many are refused outright; default 10 000. */
  readonly maxConnections?: number;
}

export interface SecureListener {
  readonly port: number;
  close(): Promise<void>;
}

/** A TCP server whose peers each run the handshake (as responder) and then exchange sealed packets. */
export function listenSecure<P>(options: ListenSecureOptions<P>): Promise<SecureListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    establishSession(socket, options).then(options.onConnection, (error: unknown) => {
      const err =
        error instanceof RuntimeError
          ? error
          : new RuntimeError('HANDSHAKE_FAILED', String(error), { remote });
      options.onReject?.(err, remote);
    });
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
