import { equalBytes, hybridQuid, type Quid } from '@qcos/identity';
import { bytesFromHex, type PeerIdentity, RuntimeError } from '@qcos/runtime';
import type { PeerConfig, PeerRole } from '../config.js';

/** A configured peer: who it is, what it may do. */
export interface KnownPeer {
  readonly id: Quid;
  readonly role: PeerRole;
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly scopes: readonly string[];
  readonly qubits: number;
}

/** The identities allowed to connect (from config), looked up by quid or by DQN alias. */
export class PeerDirectory {
  private readonly byId = new Map<Quid, KnownPeer>();
  private readonly dqnByAlias = new Map<string, KnownPeer>();

  constructor(peers: readonly PeerConfig[]) {
    for (const p of peers) {
      const publicKey = bytesFromHex(p.publicKey);
      const known: KnownPeer = {
        id: hybridQuid(publicKey),
        role: p.role,
        name: p.name,
        publicKey,
        scopes: p.scopes,
        qubits: p.qubits ?? 1,
      };
      this.byId.set(known.id, known);
      if (p.role === 'dqn') this.dqnByAlias.set(p.name, known);
    }
  }

  byQuid(id: string): KnownPeer | undefined {
    return this.byId.get(id as Quid);
  }

  dqn(alias: string): KnownPeer | undefined {
    return this.dqnByAlias.get(alias);
  }

  /**
   * Whether `relay` may speak for the peer `node`: a configured DQN whose every scope the relay
   * is allowed. The one rule for forwarded packets and for relay key announcements.
   */
  static relayMaySpeakFor(relay: KnownPeer, node: KnownPeer | undefined): node is KnownPeer {
    return (
      relay.role === 'relay' &&
      node !== undefined &&
      node.role === 'dqn' &&
      node.scopes.every((s) => relay.scopes.includes(s))
    );
  }

  dqnAliases(): string[] {
    return [...this.dqnByAlias.keys()];
  }

  /**
   * The transport policy: the peer's key must be a configured identity and the scope it bound the
   * session to must be one it is allowed. Throws PEER_REJECTED (the listener logs it).
   */
  authorize(peer: PeerIdentity): KnownPeer {
    const known = this.byId.get(peer.id as Quid);
    if (known === undefined || !equalBytes(known.publicKey, peer.publicKey)) {
      throw new RuntimeError('PEER_REJECTED', `unknown identity ${peer.id}`, {
        reason: 'UNKNOWN_IDENTITY',
        peer: peer.id,
      });
    }
    if (!known.scopes.includes(peer.scope)) {
      throw new RuntimeError('PEER_REJECTED', `${known.name} may not use scope ${peer.scope}`, {
        reason: 'SCOPE_NOT_ALLOWED',
        peer: peer.id,
        scope: peer.scope,
      });
    }
    return known;
  }
}
