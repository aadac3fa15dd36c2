import type { Socket } from 'node:net';
import { RuntimeError } from '../errors.js';
import { encodeFrame, FrameDecoder } from './frame-decoder.js';
import type { FrameChannel } from './handshake.js';

/**
 * A socket read as length-prefixed frames. During the handshake frames are pulled with
 * `receive()`; once a session is up, `takeOver` pushes every later frame (and any that arrived
 * early, queued behind the handshake) to one handler.
 */
export interface SocketFrameChannel extends FrameChannel {
  takeOver(handler: (frame: Uint8Array) => void): void;
}

/**
 * Until `takeOver`, incoming frames are bounded by `maxHandshakeFrameBytes` (an unauthenticated
 * peer cannot make us buffer more than one handshake message); after it by `maxFrameBytes`.
 */
export function socketFrameChannel(
  socket: Socket,
  maxFrameBytes: number,
  maxHandshakeFrameBytes = maxFrameBytes,
): SocketFrameChannel {
  const decoder = new FrameDecoder(Math.min(maxFrameBytes, maxHandshakeFrameBytes));
  const remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
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
  const accept = (frame: Uint8Array) => {
    if (onFrame !== undefined) onFrame(frame);
    else if (waiter !== undefined) {
      const w = waiter;
      waiter = undefined;
      w.resolve(frame);
    } else inbox.push(frame);
  };
  socket.on('data', (chunk: Buffer) => {
    let frames: Uint8Array[];
    try {
      frames = decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      fail(error as Error);
      socket.destroy(error as Error);
      return;
    }
    for (const f of frames) accept(f);
  });
  socket.on('error', (e) => fail(e));
  socket.on('close', () =>
    fail(new RuntimeError('CONNECTION_CLOSED', `connection to ${remoteAddress} closed`)),
  );

  return {
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
    takeOver: (handler) => {
      decoder.setMaxFrameBytes(maxFrameBytes);
      onFrame = handler;
      for (const f of inbox.splice(0)) handler(f);
    },
  };
}
