import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  connectSecure,
  insecurePlaintextHandshake,
  listenSecure,
  type PacketCodec,
  RuntimeError,
  reconnecting,
  type SecureConnection,
} from '../src/index.js';
import { queue } from './support/events.js';

const json: PacketCodec<{ n: number }> = {
  encode: (p) => new TextEncoder().encode(JSON.stringify(p)),
  decode: (b) => JSON.parse(new TextDecoder().decode(b)) as { n: number },
};
const hello = (id: string, scope = 'eu-west') => ({ id, publicKey: new Uint8Array([1, 2]), scope });

describe('secure transport plumbing', () => {
  it('echoes packets between listener and client and reports the peer', async () => {
    const seen: string[] = [];
    const listener = await listenSecure({
      port: 0,
      codec: json,
      handshake: insecurePlaintextHandshake(hello('qan'), 'responder'),
      onConnection: (conn) => {
        seen.push(conn.peer.id);
        conn.onPacket((p) => conn.send({ n: p.n * 2 }));
      },
    });
    const client = await connectSecure({
      host: '127.0.0.1',
      port: listener.port,
      codec: json,
      handshake: insecurePlaintextHandshake(hello('rigel'), 'initiator'),
    });
    expect(client.peer.id).toBe('qan');
    const replies: number[] = [];
    const done = new Promise<void>((resolve) =>
      client.onPacket((p) => {
        replies.push(p.n);
        if (replies.length === 3) resolve();
      }),
    );
    for (const n of [1, 2, 3]) client.send({ n });
    await done;
    expect(replies).toEqual([2, 4, 6]);
    expect(seen).toEqual(['rigel']);
    expect(client.peer.handshakeHash.length).toBe(32);
    await client.close();
    await listener.close();
  });

  it('rejects a peer refused by policy and reports it', async () => {
    const rejected = queue<RuntimeError>();
    const listener = await listenSecure({
      port: 0,
      codec: json,
      handshake: insecurePlaintextHandshake(hello('qan'), 'responder', (peer) => {
        if (peer.scope !== 'eu-west')
          throw new RuntimeError('PEER_REJECTED', `scope ${peer.scope} not allowed`);
      }),
      onConnection: () => {},
      onReject: (e) => rejected.push(e),
    });
    await expect(
      connectSecure({
        host: '127.0.0.1',
        port: listener.port,
        codec: json,
        handshake: insecurePlaintextHandshake(hello('mallory', 'mars'), 'initiator'),
        // Real sockets: a generous bound that only ends a broken run; a passing run never reaches it.
        handshakeTimeoutMs: 2_000,
      }),
    ).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect((await rejected.next()).code).toBe('PEER_REJECTED');
    expect(rejected.length).toBe(0);
    await listener.close();
  });

  it('reconnects after the server comes back', async () => {
    const first = await listenSecure({
      port: 0,
      codec: json,
      handshake: insecurePlaintextHandshake(hello('qan'), 'responder'),
      onConnection: () => {},
    });
    const port = first.port;
    let connects = 0;
    let firstUp: () => void = () => {};
    const upOnce = new Promise<void>((resolve) => {
      firstUp = resolve;
    });
    // Real sockets, so the backoff runs on real timers; nothing here asserts how long it takes.
    const up = new Promise<void>((resolve) => {
      const rc = reconnecting<{ n: number }>({
        initialDelayMs: 20,
        maxDelayMs: 100,
        connect: () =>
          connectSecure({
            host: '127.0.0.1',
            port,
            codec: json,
            handshake: insecurePlaintextHandshake(hello('a'), 'initiator'),
          }),
        onConnect: () => {
          connects++;
          if (connects === 1) firstUp();
          if (connects === 2) {
            void rc.close().then(resolve);
          }
        },
      });
    });
    await upOnce;
    await first.close();
    const second = await listenSecure({
      port,
      codec: json,
      handshake: insecurePlaintextHandshake(hello('qan'), 'responder'),
      onConnection: (c: SecureConnection<{ n: number }>) => void c,
    });
    await up;
    expect(connects).toBe(2);
    await second.close();
  });

  it('backoff grows exponentially, is capped and jittered', () => {
    const top = (attempt: number) =>
      backoffDelay(attempt, { initialDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect(top(0)).toBe(99);
    expect(top(2)).toBe(399);
    expect(top(10)).toBe(999);
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
  });
});
