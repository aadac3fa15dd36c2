import { equalBytes, type Quid } from '@qcos/identity';
import { defaultTierOf, type RegistryState } from '@qcos/registry-core';
import { type PeerIdentity, RuntimeError } from '@qcos/runtime';
import type { KnownPeer } from './peer-directory.js';

/** The capability scope a QAN asks for on a session to another QAN. */
export const QAN_SCOPE = 'qan';

const tierOf = defaultTierOf();

/**
 * Which other QANs this QAN talks to: a QAN listed in the registry (genesis or trust records)
 * whose trust from the anchor is at the trusted tier, decided on the state folded now, so a
 * revoked QAN loses its sessions' rights with the block that revokes it. Not a static list: the
 * config only says where to dial.
 */
export class PeerQans {
  /** The QANs whose sessions were authorised, by quid (looked up when a session opens). */
  private readonly seen = new Map<Quid, KnownPeer>();

  constructor(
    private readonly self: Quid,
    private readonly state: () => RegistryState,
  ) {}

  /** Whether `id` (with `publicKey`) is another QAN the registry trusts right now. */
  trusted(id: string, publicKey: Uint8Array): boolean {
    const state = this.state();
    const key = state.qanKeys.get(id as Quid);
    return (
      id !== this.self &&
      key !== undefined &&
      equalBytes(key, publicKey) &&
      tierOf(id as Quid, state) === 'trusted'
    );
  }

  /**
   * The transport policy for a session bound to the `qan` scope: the peer must be a trusted QAN
   * (PEER_REJECTED, reason UNTRUSTED_QAN) and ask for that scope (SCOPE_NOT_ALLOWED).
   */
  authorize(peer: Pick<PeerIdentity, 'id' | 'publicKey' | 'scope'>): KnownPeer {
    if (peer.scope !== QAN_SCOPE) {
      throw new RuntimeError('PEER_REJECTED', `a QAN session uses scope ${QAN_SCOPE}`, {
        reason: 'SCOPE_NOT_ALLOWED',
        peer: peer.id,
        scope: peer.scope,
      });
    }
    if (!this.trusted(peer.id, peer.publicKey)) {
      throw new RuntimeError('PEER_REJECTED', `${peer.id} is not a QAN the registry trusts`, {
        reason: 'UNTRUSTED_QAN',
        peer: peer.id,
      });
    }
    const known: KnownPeer = {
      id: peer.id as Quid,
      role: 'qan',
      name: `qan:${peer.id.slice(0, 12)}`,
      publicKey: peer.publicKey,
      scopes: [QAN_SCOPE],
      qubits: 0,
    };
    this.seen.set(known.id, known);
    return known;
  }

  /** A QAN whose session this QAN authorised, by quid. */
  byQuid(id: string): KnownPeer | undefined {
    return this.seen.get(id as Quid);
  }
}
