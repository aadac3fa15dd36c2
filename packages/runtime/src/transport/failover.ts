import { equalBytes } from '@qcos/identity';
import type { HostPort } from '../address.js';
import { RuntimeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type ConnectSecureOptions, connectSecure } from './connect.js';
import type { PeerIdentity } from './handshake.js';
import type { SecureConnection } from './secure-connection.js';

/**
 * One connect function over several upstreams (the QANs of a cluster), for `reconnecting`: each
 * call tries the upstream that worked last, then the others in order, each once, and resolves
 * with the first session made. When every one fails it rejects with the last error, and the
 * caller's reconnect backoff decides when to try the round again. A dead QAN costs one refused
 * connection, so a node reaches another QAN within one backoff step.
 */
export function failoverConnector<T>(
  connectors: readonly (() => Promise<T>)[],
  onFailure: (index: number, error: unknown) => void = () => {},
): () => Promise<T> {
  if (connectors.length === 0)
    throw new RangeError('failoverConnector needs at least one upstream');
  let current = 0;
  return async () => {
    let lastError: unknown;
    for (let tried = 0; tried < connectors.length; tried++) {
      const index = (current + tried) % connectors.length;
      try {
        const session = await (connectors[index] as () => Promise<T>)();
        current = index;
        return session;
      } catch (error) {
        onFailure(index, error);
        lastError = error;
      }
    }
    throw lastError;
  };
}

/**
 * The check a session's `authorize` runs on the upstream it reached: with pinned keys, the peer
 * must present one of them (PEER_REJECTED, reason UNEXPECTED_UPSTREAM); with none, any peer the
 * handshake accepted will do.
 */
export function pinnedUpstream(
  keys: readonly Uint8Array[],
): (peer: Pick<PeerIdentity, 'id' | 'publicKey'>) => void {
  return (peer) => {
    if (keys.length > 0 && !keys.some((key) => equalBytes(peer.publicKey, key))) {
      throw new RuntimeError('PEER_REJECTED', `upstream ${peer.id} is not a configured one`, {
        reason: 'UNEXPECTED_UPSTREAM',
        peer: peer.id,
      });
    }
  };
}

/**
 * `connectSecure` over several upstreams with `failoverConnector`: the same session options for
 * each address, and every address that does not answer logged as `upstream_unreachable`.
 */
export function failoverConnectSecure<P>(
  addresses: readonly HostPort[],
  options: Omit<ConnectSecureOptions<P>, 'host' | 'port'>,
  logger: Pick<Logger, 'warn'>,
): () => Promise<SecureConnection<P>> {
  return failoverConnector(
    addresses.map((address) => () => connectSecure<P>({ ...options, ...address })),
    (index, error) => {
      const address = addresses[index] as HostPort;
      logger.warn(
        {
          event: 'upstream_unreachable',
          upstream: `${address.host}:${address.port}`,
          err: String(error),
        },
        'upstream unreachable; trying the next',
      );
    },
  );
}
