import { equalBytes } from '@qcos/identity';
import { type PeerIdentity, RuntimeError } from '@qcos/runtime';
import type { ServedNode } from './options.js';

/**
 * Who may connect below the relay: a node that bound its session to the
 * relay's scope and, when the relay has a list of served nodes, is on it with
 * the same identity key. (The handshake has already verified its certificate
 * and vendor attestation.) Throws PEER_REJECTED with the reason otherwise.
 */
export function downstreamPolicy(
  scope: string,
  served: readonly ServedNode[],
): (peer: PeerIdentity) => void {
  return (peer) => {
    if (peer.scope !== scope) {
      throw new RuntimeError('PEER_REJECTED', `scope "${peer.scope}" is not served by this relay`, {
        reason: 'SCOPE_NOT_ALLOWED',
        peer: peer.id,
        scope: peer.scope,
      });
    }
    if (served.length === 0) return;
    const node = served.find((n) => n.quid === peer.id);
    if (node === undefined || !equalBytes(node.publicKey, peer.publicKey)) {
      throw new RuntimeError('PEER_REJECTED', `unknown identity ${peer.id}`, {
        reason: 'UNKNOWN_IDENTITY',
        peer: peer.id,
      });
    }
  };
}
