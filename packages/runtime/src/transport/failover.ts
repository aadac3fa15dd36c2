import { equalBytes } from '@qcos/identity';
import { RuntimeError } from '../errors.js';
import type { PeerIdentity } from './handshake.js';

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
