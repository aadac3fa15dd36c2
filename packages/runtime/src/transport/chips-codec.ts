import { decodePacket, encodePacket, type Packet } from '@qcos/chips-codec';
import type { PacketCodec } from './handshake.js';

export type { Packet } from '@qcos/chips-codec';

/** CHIPS packets inside transport records: canonical encode, strict decode (bad bytes throw ChipsError). */
export const chipsPacketCodec: PacketCodec<Packet> = {
  encode: (packet) => encodePacket(packet),
  decode: (bytes) => decodePacket(bytes),
};
