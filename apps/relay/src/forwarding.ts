import {
  forwardedPacket,
  type HeaderStamper,
  type NackCode,
  type NackPacket,
  nackDetail,
  type Packet,
} from '@qcos/chips-codec';

/**
 * Where a relay sends one packet. Pure: the decision depends only on the
 * packet, where it came from, and which downstream node ids are connected.
 */
export type ForwardDecision =
  | { readonly kind: 'upstream'; readonly packet: Packet }
  | { readonly kind: 'downstream'; readonly nodeId: string; readonly packet: Packet }
  | { readonly kind: 'registry'; readonly height: number; readonly block: Uint8Array }
  | { readonly kind: 'refuse-upstream'; readonly code: NackCode; readonly detail: string }
  | {
      readonly kind: 'refuse-downstream';
      readonly nodeId: string;
      readonly code: NackCode;
      readonly detail: string;
    };

/**
 * A packet from a DQN behind the relay goes up to the QAN, one hop spent. Its
 * source must be the node id the session authenticated (no spoofing another
 * node), and it must have a hop left.
 */
export function routeFromDownstream(packet: Packet, sessionNodeId: string): ForwardDecision {
  if (packet.header.source !== sessionNodeId) {
    return {
      kind: 'refuse-downstream',
      nodeId: sessionNodeId,
      code: 'UNAUTHORISED',
      detail: `source ${packet.header.source} is not this session's node`,
    };
  }
  if (packet.header.hopLimit === 0) {
    return {
      kind: 'refuse-downstream',
      nodeId: sessionNodeId,
      code: 'HOP_LIMIT',
      detail: 'hop limit reached',
    };
  }
  return { kind: 'upstream', packet: forwardedPacket(packet) };
}

/**
 * A packet from the QAN: registry blocks feed the replica; anything else goes
 * to the connected node named by its destination alias.
 */
export function routeFromUpstream(
  packet: Packet,
  nodeIdOfAlias: (alias: string) => string | undefined,
): ForwardDecision {
  if (packet.type === 'REGISTRY_BLOCK') {
    return { kind: 'registry', height: packet.body.height, block: packet.body.block };
  }
  if (packet.header.hopLimit === 0) {
    return { kind: 'refuse-upstream', code: 'HOP_LIMIT', detail: 'hop limit reached' };
  }
  const nodeId = nodeIdOfAlias(packet.header.destination);
  if (nodeId === undefined) {
    return {
      kind: 'refuse-upstream',
      code: 'UNKNOWN_DESTINATION',
      detail: `${packet.header.destination} is not connected to this relay`,
    };
  }
  return { kind: 'downstream', nodeId, packet: forwardedPacket(packet) };
}

/** Scope and hop limit of the relay's own NACKs (relay → QAN or relay → DQN, room to spare). */
export const RELAY_NACK = { scope: 'relay:nack', hopLimit: 16 } as const;

/** A NACK from the relay itself about `of`, to `destination`, stamped by the relay's stamper. */
export function relayNack(
  of: Packet,
  code: NackCode,
  detail: string,
  stamper: HeaderStamper,
  destination: string,
): NackPacket {
  return {
    type: 'NACK',
    header: stamper.stamp(destination, RELAY_NACK),
    body: { nackOf: of.header.packetId, code, detail: nackDetail(detail) },
  };
}
