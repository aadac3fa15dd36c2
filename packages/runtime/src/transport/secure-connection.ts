import type { Socket } from 'node:net';
import { MAX_PACKET_BYTES } from '@qcos/chips-codec';
import { RuntimeError } from '../errors.js';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from './frame-decoder.js';
import type {
  EstablishedSession,
  FrameChannel,
  Handshake,
  PacketCodec,
  PeerInfo,
} from './handshake.js';

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
  /** Abort the handshake after this long; default 10 s. */
  readonly handshakeTimeoutMs?: number;
  readonly maxFrameBytes?: number;
  /** Largest packet carried over the session; default MAX_PACKET_BYTES (4 MiB, the CHIPS limit). */
  readonly maxPacketBytes?: number;
  /** A packet that fails to open or decode; the connection is closed after it. Default: close only. */
  readonly onBadPacket?: (error: Error, peer: PeerInfo) => void;
}

/**
 * Runs `handshake` on a connected socket, then wraps it as a SecureConnection. The socket is
 * destroyed if the handshake fails or times out.
 */
export async function establishSession<P>(
  socket: Socket,
  options: SessionOptions<P>,
): Promise<SecureConnection<P>> {
  const maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
  const decoder = new FrameDecoder(maxFrameBytes);
  const remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
  socket.setNoDelay(true);

  const inbox: Uint8Array[] = [];
  let waiter: { resolve: (f: Uint8Array) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  let onFrame: ((frame: Uint8Array) => void) | undefined;

  const fail = (error: Error) => {
    failure ??= error;
    if (waiter !== undefined) {
      waiter.reject(failure);
      waiter = undefined;
    }
  };
  const onData = (chunk: Buffer) => {
    let frames: Uint8Array[];
    try {
      frames = decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      fail(error as Error);
      socket.destroy(error as Error);
      return;
    }
    for (const f of frames) {
      if (onFrame !== undefined) onFrame(f);
      else if (waiter !== undefined) {
        const w = waiter;
        waiter = undefined;
        w.resolve(f);
      } else inbox.push(f);
    }
  };
  socket.on('data', onData);
  socket.on('error', (e) => fail(e));
  socket.on('close', () =>
    fail(new RuntimeError('CONNECTION_CLOSED', `connection to ${remoteAddress} closed`)),
  );

  const channel: FrameChannel = {
    remoteAddress,
    send: (frame) => {
      socket.write(encodeFrame(frame, maxFrameBytes));
    },
    receive: () => {
      const next = inbox.shift();
      if (next !== undefined) return Promise.resolve(next);
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
    },
  };

  const timeoutMs = options.handshakeTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  let session: EstablishedSession;
  try {
    session = await Promise.race([
      options.handshake(channel),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new RuntimeError('HANDSHAKE_TIMEOUT', `handshake with ${remoteAddress} timed out`),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    socket.destroy();
    throw error instanceof RuntimeError
      ? error
      : new RuntimeError(
          'HANDSHAKE_FAILED',
          `handshake with ${remoteAddress} failed: ${String(error)}`,
          {
            remoteAddress,
            cause:
              error instanceof Error
                ? ((error as { code?: string }).code ?? error.message)
                : String(error),
          },
        );
  } finally {
    clearTimeout(timer);
  }
  return wrapSession(
    socket,
    session,
    remoteAddress,
    inbox,
    (handler) => (onFrame = handler),
    options,
    maxFrameBytes,
  );
}

function wrapSession<P>(
  socket: Socket,
  session: EstablishedSession,
  remoteAddress: string,
  early: Uint8Array[],
  setFrameHandler: (h: (frame: Uint8Array) => void) => void,
  options: SessionOptions<P>,
  maxFrameBytes: number,
): SecureConnection<P> {
  const peer: PeerInfo = { ...session.peer, remoteAddress };
  const packetHandlers: ((p: P) => void)[] = [];
  const closeHandlers: ((err?: Error) => void)[] = [];
  const backlog: P[] = [];
  const maxPacketBytes = options.maxPacketBytes ?? MAX_PACKET_BYTES;
  const packetFrames = new FrameDecoder(maxPacketBytes);
  let closed = false;
  let closeError: Error | undefined;

  const deliver = (frame: Uint8Array) => {
    if (closed) return;
    const packets: P[] = [];
    try {
      const plaintext = session.open(frame);
      if (plaintext === undefined) return;
      for (const bytes of packetFrames.push(plaintext)) packets.push(options.codec.decode(bytes));
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
  setFrameHandler(deliver);
  for (const f of early.splice(0)) deliver(f);

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
    close() {
      if (closed) return Promise.resolve();
      return new Promise((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        // A peer that never finishes its half-close must not keep us waiting.
        setTimeout(() => socket.destroy(), 1_000).unref();
      });
    },
  };
}
