import { connect as tcpConnect } from 'node:net';
import { RuntimeError } from '../errors.js';
import {
  establishSession,
  type SecureConnection,
  type SessionOptions,
} from './secure-connection.js';

export interface ConnectSecureOptions<P> extends SessionOptions<P> {
  readonly host: string;
  readonly port: number;
  /** Give up on the TCP connect after this long; default 5 s. */
  readonly connectTimeoutMs?: number;
}

/** Connects over TCP and runs the handshake as initiator. */
export function connectSecure<P>(options: ConnectSecureOptions<P>): Promise<SecureConnection<P>> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: options.host, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new RuntimeError('CONNECT_FAILED', `connect to ${options.host}:${options.port} timed out`, {
          host: options.host,
          port: options.port,
        }),
      );
    }, options.connectTimeoutMs ?? 5_000);
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(
        new RuntimeError(
          'CONNECT_FAILED',
          `connect to ${options.host}:${options.port} failed: ${error.message}`,
          {
            host: options.host,
            port: options.port,
          },
        ),
      );
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      establishSession(socket, options, 'initiator').then(resolve, reject);
    });
  });
}
