import type { Packet, SecureConnection } from '@qcos/runtime';
import type { KnownPeer } from './peer-directory.js';

/** How the QAN reaches one DQN: its own session, or the session of the relay serving it. */
export interface NodeRoute {
  readonly connection: SecureConnection<Packet>;
  /** Quid of the relay, when the node is reached through one. */
  readonly via?: string;
}

/** Live sessions by peer, and the route to every reachable DQN. */
export class SessionHub {
  private readonly sessions = new Map<
    string,
    { peer: KnownPeer; connection: SecureConnection<Packet> }
  >();
  private readonly routes = new Map<string, NodeRoute>();
  /** The relay session each relayed node was last seen through (kept even while a direct route wins). */
  private readonly behind = new Map<
    string,
    { relayId: string; connection: SecureConnection<Packet> }
  >();

  attach(peer: KnownPeer, connection: SecureConnection<Packet>): void {
    const previous = this.sessions.get(peer.id);
    this.sessions.set(peer.id, { peer, connection });
    if (peer.role === 'dqn') this.routes.set(peer.name, { connection });
    // A peer that reconnects replaces its old session; the old one is closed.
    if (previous !== undefined && previous.connection !== connection)
      void previous.connection.close();
  }

  /** Forgets a closed session and every route through it; returns the aliases that became unreachable. */
  detach(connection: SecureConnection<Packet>): string[] {
    for (const [id, s] of this.sessions) if (s.connection === connection) this.sessions.delete(id);
    const lost: string[] = [];
    for (const [alias, route] of this.routes) {
      if (route.connection === connection) {
        this.routes.delete(alias);
        lost.push(alias);
      }
    }
    for (const [alias, b] of this.behind)
      if (b.connection === connection) this.behind.delete(alias);
    return lost;
  }

  /** Records that `alias` is reached through the relay session `connection`. */
  routeViaRelay(alias: string, relayId: string, connection: SecureConnection<Packet>): void {
    this.behind.set(alias, { relayId, connection });
    const current = this.routes.get(alias);
    if (current?.connection === connection) return;
    // A direct session wins over a relay path.
    if (current !== undefined && current.via === undefined && !current.connection.closed) return;
    this.routes.set(alias, { connection, via: relayId });
  }

  /**
   * Whether `alias` sits behind the relay `relayId` on its live session `connection`: the node's
   * packets last came through it. The QAN's record of which nodes a relay serves now.
   */
  isBehind(alias: string, relayId: string, connection: SecureConnection<Packet>): boolean {
    const b = this.behind.get(alias);
    return b !== undefined && b.relayId === relayId && b.connection === connection;
  }

  route(alias: string): NodeRoute | undefined {
    const r = this.routes.get(alias);
    return r === undefined || r.connection.closed ? undefined : r;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }
}
