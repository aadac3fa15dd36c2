import { describe, expect, it } from 'vitest';
import {
  chipsPacketCodec,
  connectSecure,
  listenSecure,
  type Packet,
  type PeerIdentity,
  pqInitiatorHandshake,
  pqResponderHandshake,
  provisionNodeIdentity,
  RuntimeError,
} from '../src/index.js';
import { heartbeat, now, qan, rigel, roots, seed } from './support/pq-fixtures.js';

async function qanListener(authorize: (peer: PeerIdentity) => void) {
  const received: Packet[] = [];
  const rejected: RuntimeError[] = [];
  const listener = await listenSecure<Packet>({
    port: 0,
    codec: chipsPacketCodec,
    handshake: pqResponderHandshake({ identity: qan.identity, trustRoots: roots, authorize }),
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
      }),
    });
    expect(conn.peer.id).toBe(qan.quid);
    expect(seen.map((p) => [p.id, p.scope])).toEqual([[rigel.quid, 'eu-west']]);
    conn.send(heartbeat(rigel.quid));
    for (let i = 0; i < 100 && received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(received[0]?.type).toBe('HEARTBEAT');
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
    for (let i = 0; i < 200 && received.length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(received.map((p) => p.type)).toEqual(['REGISTRY_BLOCK', 'HEARTBEAT']);
    const got = received[0];
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
        handshakeTimeoutMs: 3_000,
        handshake: pqInitiatorHandshake({ identity, trustRoots: roots, scope }),
      });
    await expect(attempt(rigel.identity, 'us-east')).rejects.toBeInstanceOf(Error);
    const rogue = provisionNodeIdentity({
      subject: 'mallory',
      identitySeed: seed(9),
      vendorSeed: seed(99),
      hardwareId: 'x',
      measurement: 'x',
      now,
    });
    await expect(attempt(rogue.identity, 'eu-west')).rejects.toBeInstanceOf(Error);
    for (let i = 0; i < 100 && rejected.length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(rejected.map((e) => [e.code, e.details['reason']])).toEqual([
      ['PEER_REJECTED', 'SCOPE_NOT_ALLOWED'],
      ['PEER_REJECTED', 'UNTRUSTED_ROOT'],
    ]);
    await listener.close();
  });
});
