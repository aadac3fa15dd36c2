import { connect, type Socket } from 'node:net';
import { createInitiator } from '@qcos/pq-transport';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chipsPacketCodec,
  connectSecure,
  encodeFrame,
  FrameDecoder,
  type Handshake,
  listenSecure,
  MAX_HANDSHAKE_FRAME_BYTES,
  type Packet,
  pqCookieGuard,
  pqInitiatorHandshake,
  pqResponderHandshake,
  type RuntimeError,
  type SecureConnection,
  type SecureListener,
} from '../src/index.js';
import { queue } from './support/events.js';
import { clock, heartbeat, now, qan, rigel, roots } from './support/pq-fixtures.js';

type Outcome =
  | { kind: 'session'; connection: SecureConnection<Packet> }
  | { kind: 'reject'; error: RuntimeError };

const open: { listeners: SecureListener[]; sockets: Socket[] } = { listeners: [], sockets: [] };
afterEach(async () => {
  for (const s of open.sockets.splice(0)) s.destroy();
  for (const l of open.listeners.splice(0)) await l.close();
});

const responder = () => pqResponderHandshake({ identity: qan.identity, trustRoots: roots, clock });

/** A QAN-like listener: one live session per peer, a reconnect replaces (and closes) the old one. */
async function qanLike(options: Partial<Parameters<typeof listenSecure<Packet>>[0]> = {}) {
  const outcomes = queue<Outcome>();
  const live = new Map<string, SecureConnection<Packet>>();
  const received = queue<Packet>();
  const listener = await listenSecure<Packet>({
    port: 0,
    codec: chipsPacketCodec,
    handshake: responder(),
    onConnection: (connection) => {
      const previous = live.get(connection.peer.id);
      live.set(connection.peer.id, connection);
      if (previous !== undefined) void previous.close();
      connection.onPacket((p) => received.push(p));
      outcomes.push({ kind: 'session', connection });
    },
    onReject: (error) => outcomes.push({ kind: 'reject', error }),
    ...options,
  });
  open.listeners.push(listener);
  return { listener, outcomes, live, received };
}

/** A raw TCP client that reads frames. */
async function rawClient(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  open.sockets.push(socket);
  const frames = queue<Uint8Array>();
  const decoder = new FrameDecoder();
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(new Uint8Array(chunk))) frames.push(f);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, frames, closed };
}

const anonymousMessage1 = () =>
  createInitiator({
    identity: rigel.identity,
    trustRoots: roots,
    policy: () => ({ accept: true }),
    now,
    scope: 'eu-west',
  }).writeMessage();

describe('replayed handshakes', () => {
  it('a replayed pqIK message 1 creates no session and leaves the live session up', async () => {
    const { listener, outcomes, live, received } = await qanLike();
    const captured: Uint8Array[] = [];
    const initiator = pqInitiatorHandshake({
      identity: rigel.identity,
      trustRoots: roots,
      scope: 'eu-west',
      responderStaticPublicKey: qan.identity.staticKey.publicKey,
      clock,
    });
    // What an on-path observer records: every frame the real peer sends.
    const recording: Handshake = (channel) =>
      initiator({
        remoteAddress: channel.remoteAddress,
        receive: () => channel.receive(),
        send: (frame) => {
          captured.push(frame);
          channel.send(frame);
        },
      });
    const peer = await connectSecure<Packet>({
      host: '127.0.0.1',
      port: listener.port,
      codec: chipsPacketCodec,
      handshake: recording,
    });
    const first = await outcomes.next();
    expect(first.kind).toBe('session');
    const message1 = captured[0] as Uint8Array;
    expect(message1[0]).toBe(0x01);
    expect(message1[2]).toBe(0x01); // pqIK

    for (let i = 0; i < 3; i++) {
      const replay = await rawClient(listener.port);
      replay.socket.write(encodeFrame(message1));
      // The responder answers with message 2, which the replayer cannot use; it gives up.
      const answer = await replay.frames.next();
      expect(answer[0]).toBe(0x02);
      replay.socket.end();
      const outcome = await outcomes.next();
      expect(outcome.kind).toBe('reject');
      expect(outcome.kind === 'reject' && outcome.error.code).toBe('CONNECTION_CLOSED');
    }
    expect(live.size).toBe(1);
    const session = live.get(rigel.quid);
    expect(session?.closed).toBe(false);
    expect(session === (first.kind === 'session' ? first.connection : undefined)).toBe(true);
    peer.send(heartbeat(rigel.quid));
    expect((await received.next()).type).toBe('HEARTBEAT');
    expect(peer.closed).toBe(false);
    await peer.close();
  });
});

describe('cookie guard under load', () => {
  it('answers a flood of message 1s with cookie replies and does no handshake work', async () => {
    let reachedHandshake = 0;
    const inner = responder();
    const spied: Handshake = (channel) =>
      inner({
        remoteAddress: channel.remoteAddress,
        send: (frame) => channel.send(frame),
        receive: async () => {
          const frame = await channel.receive();
          reachedHandshake++;
          return frame;
        },
      });
    const { listener, outcomes } = await qanLike({
      handshake: spied,
      firstMessageGuard: pqCookieGuard({ identity: qan.identity, clock }),
      handshakeLoadThreshold: 0,
      maxPendingHandshakesPerAddress: 64,
    });
    const flood = 12;
    const clients = await Promise.all(
      Array.from({ length: flood }, () => rawClient(listener.port)),
    );
    for (const c of clients) c.socket.write(encodeFrame(anonymousMessage1()));
    const replies = await Promise.all(clients.map((c) => c.frames.next()));
    expect(replies.map((r) => [r[0], r.length])).toEqual(replies.map(() => [0x03, 57]));
    // No message 1 got past the guard: no decapsulation, no encapsulation, no 12 KB answers.
    expect(reachedHandshake).toBe(0);
    expect(outcomes.length).toBe(0);

    // A real initiator under the same load answers the cookie and gets its session.
    const peer = await connectSecure<Packet>({
      host: '127.0.0.1',
      port: listener.port,
      codec: chipsPacketCodec,
      handshake: pqInitiatorHandshake({
        identity: rigel.identity,
        trustRoots: roots,
        scope: 'x',
        clock,
      }),
    });
    expect((await outcomes.next()).kind).toBe('session');
    expect(peer.peer.id).toBe(qan.quid);
    // The flood's message 1s never reached it; the initiator's re-sent, cookie-MACed one did.
    expect(reachedHandshake).toBeGreaterThan(0);
    await peer.close();
  });

  it('drops a pqIK message 1 whose mac1 is wrong, before the handshake', async () => {
    const { listener, outcomes } = await qanLike({
      firstMessageGuard: pqCookieGuard({ identity: qan.identity, clock }),
    });
    const forged = anonymousMessage1();
    forged[2] = 0x01; // claims pqIK: mac1 is then keyed by the responder's static key
    const client = await rawClient(listener.port);
    client.socket.write(encodeFrame(forged));
    const outcome = await outcomes.next();
    expect(
      outcome.kind === 'reject' && [outcome.error.code, outcome.error.details['reason']],
    ).toEqual(['HANDSHAKE_FAILED', 'BAD_MAC']);
    await client.closed;
  });
});

describe('pre-authentication limits', () => {
  it('closes a connection whose handshake frame exceeds the largest handshake message', async () => {
    const { listener, outcomes } = await qanLike();
    const client = await rawClient(listener.port);
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, MAX_HANDSHAKE_FRAME_BYTES + 1, false);
    client.socket.write(header);
    const outcome = await outcomes.next();
    expect(outcome.kind === 'reject' && outcome.error.code).toBe('FRAME_TOO_LARGE');
    await client.closed;
  });

  it('refuses connections beyond the pending-handshake limits, in total and per address', async () => {
    const started = queue<string>();
    const inner = responder();
    const counting: Handshake = (channel) => {
      started.push(channel.remoteAddress);
      return inner(channel);
    };
    const total = await qanLike({ handshake: counting, maxPendingHandshakes: 2 });
    await rawClient(total.listener.port);
    await rawClient(total.listener.port);
    await started.next();
    await started.next();
    const extra = await rawClient(total.listener.port);
    const refused = await total.outcomes.next();
    expect(refused.kind === 'reject' && refused.error.code).toBe('TOO_MANY_HANDSHAKES');
    await extra.closed;

    const perAddress = await qanLike({
      handshake: counting,
      maxPendingHandshakes: 10,
      maxPendingHandshakesPerAddress: 1,
    });
    const holder = await rawClient(perAddress.listener.port);
    await started.next();
    const second = await rawClient(perAddress.listener.port);
    const refusedAgain = await perAddress.outcomes.next();
    expect(refusedAgain.kind === 'reject' && refusedAgain.error.code).toBe(
      'TOO_MANY_HANDSHAKES_FROM_ADDRESS',
    );
    await second.closed;
    // Once the pending handshake ends, its slot is free again.
    holder.socket.destroy();
    expect((await perAddress.outcomes.next()).kind).toBe('reject');
    await rawClient(perAddress.listener.port);
    expect(await started.next()).toMatch(/^127\.0\.0\.1:/);
  });
});
