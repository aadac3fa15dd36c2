import { describe, expect, it } from 'vitest';
import {
  type Clock,
  chipsPacketCodec,
  connectSecure,
  IDENTITY_VALIDITY_MS,
  listenSecure,
  type Packet,
  type PeerIdentity,
  pqInitiatorHandshake,
  pqResponderHandshake,
  provisionNodeIdentity,
  RuntimeError,
} from '../src/index.js';
import { manualClock, queue } from './support/events.js';
import { clock, heartbeat, now, qan, rigel, roots, seed } from './support/pq-fixtures.js';

async function qanListener(authorize: (peer: PeerIdentity) => void, responderClock: Clock = clock) {
  const received = queue<Packet>();
  const rejected = queue<RuntimeError>();
  const listener = await listenSecure<Packet>({
    port: 0,
    codec: chipsPacketCodec,
    handshake: pqResponderHandshake({
      identity: qan.identity,
      trustRoots: roots,
      authorize,
      clock: responderClock,
    }),
    onConnection: (c) => c.onPacket((p) => received.push(p)),
    onReject: (e) => rejected.push(e),
  });
  return { listener, received, rejected };
}

describe('post-quantum sessions over TCP', () => {
  it('authenticates both ends, binds the scope and carries CHIPS packets', async () => {
    const seen: PeerIdentity[] = [];
    const { listener, received } = await qanListener((p) => seen.push(p));
    const conn = await connectSecure<Packet>({
      host: '127.0.0.1',
      port: listener.port,
      codec: chipsPacketCodec,
      handshake: pqInitiatorHandshake({
        identity: rigel.identity,
        trustRoots: roots,
        scope: 'eu-west',
        responderStaticPublicKey: qan.identity.staticKey.publicKey,
        clock,
      }),
    });
    expect(conn.peer.id).toBe(qan.quid);
    expect(seen.map((p) => [p.id, p.scope])).toEqual([[rigel.quid, 'eu-west']]);
    conn.send(heartbeat(rigel.quid));
    expect((await received.next()).type).toBe('HEARTBEAT');
    await conn.close();
    await listener.close();
  });

  it('carries a packet far larger than one record, split across records', async () => {
    const { listener, received } = await qanListener(() => {});
    const conn = await connectSecure<Packet>({
      host: '127.0.0.1',
      port: listener.port,
      codec: chipsPacketCodec,
      handshake: pqInitiatorHandshake({
        identity: rigel.identity,
        trustRoots: roots,
        scope: 'eu-west',
        clock,
      }),
    });
    const block = new Uint8Array(300_000).map((_, i) => (i * 7919) & 0xff);
    const big: Packet = {
      type: 'REGISTRY_BLOCK',
      header: { ...heartbeat(rigel.quid).header, scope: 'registry:replicate' },
      body: { height: 7, block },
    };
    conn.send(big);
    conn.send(heartbeat(rigel.quid));
    const got = await received.next();
    expect([got.type, (await received.next()).type]).toEqual(['REGISTRY_BLOCK', 'HEARTBEAT']);
    expect(got?.type === 'REGISTRY_BLOCK' && got.body.height).toBe(7);
    expect(got?.type === 'REGISTRY_BLOCK' && got.body.block).toEqual(block);
    await conn.close();
    await listener.close();
  });

  it('rejects a peer refused by policy, and one attested by an unknown vendor', async () => {
    const { listener, rejected } = await qanListener((p) => {
      if (p.scope !== 'eu-west')
        throw new RuntimeError('PEER_REJECTED', 'scope', { reason: 'SCOPE_NOT_ALLOWED' });
    });
    const attempt = (identity: typeof rigel.identity, scope: string) =>
      connectSecure<Packet>({
        host: '127.0.0.1',
        port: listener.port,
        codec: chipsPacketCodec,
        // Real sockets: a generous bound that only ends a broken run; a passing run never reaches it.
        handshakeTimeoutMs: 3_000,
        handshake: pqInitiatorHandshake({ identity, trustRoots: roots, scope, clock }),
      });
    await expect(attempt(rigel.identity, 'us-east')).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
    const rogue = provisionNodeIdentity({
      subject: 'mallory',
      identitySeed: seed(9),
      vendorSeed: seed(99),
      hardwareId: 'x',
      measurement: 'x',
      now,
    });
    await expect(attempt(rogue.identity, 'eu-west')).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
    const reasons = [await rejected.next(), await rejected.next()];
    expect(reasons.map((e) => [e.code, e.details['reason']])).toEqual([
      ['PEER_REJECTED', 'SCOPE_NOT_ALLOWED'],
      ['PEER_REJECTED', 'UNTRUSTED_ROOT'],
    ]);
    await listener.close();
  });

  it('judges the peer documents by the injected clock: past their validUntil the peer is EXPIRED', async () => {
    const responderClock = manualClock(now);
    const { listener, received, rejected } = await qanListener(() => {}, responderClock);
    const attempt = () =>
      connectSecure<Packet>({
        host: '127.0.0.1',
        port: listener.port,
        codec: chipsPacketCodec,
        // Real sockets: a generous bound that only ends a broken run; a passing run never reaches it.
        handshakeTimeoutMs: 3_000,
        handshake: pqInitiatorHandshake({
          identity: rigel.identity,
          trustRoots: roots,
          scope: 'eu-west',
          clock,
        }),
      });
    // Last instant of rigel's validity by the responder's clock: accepted.
    responderClock.set(now + IDENTITY_VALIDITY_MS);
    const conn = await attempt();
    conn.send(heartbeat(rigel.quid));
    expect((await received.next()).type).toBe('HEARTBEAT');
    await conn.close();
    // One millisecond later the same documents are out of date.
    responderClock.advance(1);
    await expect(attempt()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    const error = await rejected.next();
    expect([error.code, error.details['reason']]).toEqual(['PEER_REJECTED', 'EXPIRED']);
    await listener.close();
  });
});
