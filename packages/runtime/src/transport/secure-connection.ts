import type { Socket } from 'node:net';
import { MAX_PACKET_BYTES } from '@qcos/chips-codec';
import { RuntimeError } from '../errors.js';
import {
  encodeFrame,
  FrameDecoder,
  MAX_FRAME_BYTES,
  MAX_HANDSHAKE_FRAME_BYTES,
} from './frame-decoder.js';
import type {
  EstablishedSession,
  FrameChannel,
  Handshake,
  PacketCodec,
  PeerInfo,
} from './handshake.js';
import { type SocketFrameChannel, socketFrameChannel } from './socket-frame-channel.js';
import { runHandshakeWithTimeout } from './timed-handshake.js';

/**
 * Plaintext bytes per record. Packets are written as length-prefixed frames into the session's
 * byte stream, and that stream is cut into records of at most this size, so a packet of any size
 * up to MAX_PACKET_BYTES crosses the link (a registry block can be far larger than one record).
 */
export const RECORD_CHUNK_BYTES = 16 * 1024;

/** An authenticated, record-protected packet stream to one peer. */
export interface SecureConnection<P> {
  readonly peer: PeerInfo;
  /** Queues a packet; silently dropped once the connection is closed (see `onClose`). */
  send(packet: P): void;
  onPacket(handler: (packet: P) => void): void;
  /** Called once when the connection ends; `err` is set when it ended abnormally. */
  onClose(handler: (err?: Error) => void): void;
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface SessionOptions<P> {
  readonly codec: PacketCodec<P>;
  readonly handshake: Handshake;
  /** Abort the handshake (key confirmation included) after this long; default 10 s. */
  readonly handshakeTimeoutMs?: number;
  readonly maxFrameBytes?: number;
  /** Largest frame taken before the session is up; default MAX_HANDSHAKE_FRAME_BYTES. */
  readonly maxHandshakeFrameBytes?: number;
  /** Largest packet carried over the session; default MAX_PACKET_BYTES (4 MiB, the CHIPS limit). */
  readonly maxPacketBytes?: number;
  /** A packet that fails to open or decode; the connection is closed after it. Default: close only. */
  readonly onBadPacket?: (error: Error, peer: PeerInfo) => void;
}

/**
 * Which end of the connection this is. The initiator confirms its keys at once by sending an
 * empty record; the responder counts the session as up only once a first record from the
 * initiator has authenticated, so a replayed message 1 (which completes a responder handshake
 * without the initiator's keys) never becomes a session.
 */
export type SessionRole = 'initiator' | 'responder';

/** Wraps a handshake's channel before the handshake sees it (e.g. a cookie guard on message 1). */
export type ChannelGate = (channel: SocketFrameChannel) => FrameChannel;

/**
 * Runs `handshake` on a connected socket, then wraps it as a SecureConnection. The socket is
 * destroyed if the handshake fails or times out.
 */
export async function establishSession<P>(
  socket: Socket,
  options: SessionOptions<P>,
  role: SessionRole,
  gate?: ChannelGate,
): Promise<SecureConnection<P>> {
  const maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
  socket.setNoDelay(true);
  const channel = socketFrameChannel(
    socket,
    maxFrameBytes,
    options.maxHandshakeFrameBytes ?? MAX_HANDSHAKE_FRAME_BYTES,
  );
  let session: EstablishedSession;
  let early: Uint8Array | undefined;
  const confirmed: Handshake = async (ch) => {
    const s = await options.handshake(ch);
    if (role === 'initiator') ch.send(s.seal(new Uint8Array(0)));
    else early = s.open(await ch.receive());
    return s;
  };
  try {
    session = await runHandshakeWithTimeout(
      confirmed,
      gate === undefined ? channel : gate(channel),
      options.handshakeTimeoutMs ?? 10_000,
    );
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return wrapSession(socket, session, channel, options, maxFrameBytes, early);
}

/** Opens records into packets: record → plaintext stream → packet frames → decoded packets. */
function recordOpener<P>(
  session: EstablishedSession,
  codec: PacketCodec<P>,
  maxPacketBytes: number,
): { record: (record: Uint8Array) => P[]; plaintext: (plaintext: Uint8Array) => P[] } {
  const packetFrames = new FrameDecoder(maxPacketBytes);
  const plaintext = (bytes: Uint8Array) =>
    packetFrames.push(bytes).map((frame) => codec.decode(frame));
  return {
    plaintext,
    record: (record) => {
      const opened = session.open(record);
      return opened === undefined ? [] : plaintext(opened);
    },
  };
}

function wrapSession<P>(
  socket: Socket,
  session: EstablishedSession,
  channel: SocketFrameChannel,
  options: SessionOptions<P>,
  maxFrameBytes: number,
  early: Uint8Array | undefined,
): SecureConnection<P> {
  const { remoteAddress } = channel;
  const peer: PeerInfo = { ...session.peer, remoteAddress };
  const packetHandlers: ((p: P) => void)[] = [];
  const closeHandlers: ((err?: Error) => void)[] = [];
  const backlog: P[] = [];
  const maxPacketBytes = options.maxPacketBytes ?? MAX_PACKET_BYTES;
  const opener = recordOpener(session, options.codec, maxPacketBytes);
  let closed = false;
  let closeError: Error | undefined;

  const deliver = (open: () => P[]) => {
    if (closed) return;
    let packets: P[];
    try {
      packets = open();
    } catch (error) {
      const err =
        error instanceof Error
          ? error
          : new RuntimeError('RECORD_REJECTED', `bad record from ${remoteAddress}`);
      options.onBadPacket?.(err, peer);
      closeError = err;
      socket.destroy();
      return;
    }
    for (const packet of packets) {
      if (packetHandlers.length === 0) backlog.push(packet);
      else for (const h of packetHandlers) h(packet);
    }
  };
  // The key-confirming first record may already carry packet bytes.
  if (early !== undefined && early.length > 0) deliver(() => opener.plaintext(early));
  channel.takeOver((record) => deliver(() => opener.record(record)));

  const finish = () => {
    if (closed) return;
    closed = true;
    for (const h of closeHandlers) h(closeError);
  };
  socket.on('error', (e) => {
    closeError ??= e;
  });
  socket.on('close', finish);
  if (socket.destroyed) queueMicrotask(finish);

  return {
    peer,
    get closed() {
      return closed;
    },
    send(packet) {
      if (closed || socket.destroyed) return;
      const stream = encodeFrame(options.codec.encode(packet), maxPacketBytes);
      for (let at = 0; at < stream.length; at += RECORD_CHUNK_BYTES) {
        const record = session.seal(stream.subarray(at, at + RECORD_CHUNK_BYTES));
        socket.write(encodeFrame(record, maxFrameBytes));
      }
    },
    onPacket(handler) {
      packetHandlers.push(handler);
      for (const p of backlog.splice(0)) handler(p);
    },
    onClose(handler) {
      if (closed) queueMicrotask(() => handler(closeError));
      else closeHandlers.push(handler);
    },
    close: () => closeGracefully(socket, closed),
  };
}

/** Half-closes the socket and resolves once it is closed; a peer that never answers is cut off. */
function closeGracefully(socket: Socket, closed: boolean): Promise<void> {
  if (closed) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
    // A peer that never finishes its half-close must not keep us waiting.
    setTimeout(() => socket.destroy(), 1_000).unref();
  });
}
