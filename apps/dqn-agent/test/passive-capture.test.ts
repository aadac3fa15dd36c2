/**
 * What a passive observer of a real session can compute. The agent runs its EKS rounds over a
 * post-quantum session on 127.0.0.1 while a tap between the two ends records every byte on the
 * wire; the test then feeds every public value (handshake messages, records, the handshake
 * hash, their hashes) into the real round derivation as the session binding and checks that
 * none of them reproduces a delivered key_ID or key, while both real ends agree.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, connect as tcpConnect } from 'node:net';
import { Writable } from 'node:stream';
import type { NodeId, Packet } from '@qcos/chips-codec';
import { eksKeyId, eksRoundKeys, eksRoundSeed, runEksRound } from '@qcos/eks-qkd-sim';
import { concat, toHex } from '@qcos/identity';
import { trustRoots } from '@qcos/pq-transport';
import {
  chipsPacketCodec,
  connectSecure,
  createLogger,
  listenSecure,
  pqInitiatorHandshake,
  pqResponderHandshake,
  provisionNodeIdentity,
  type SecureConnection,
  type SecureListener,
} from '@qcos/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DqnAgent } from '../src/agent.js';
import { createAgentMetrics } from '../src/agent-metrics.js';
import { NO_FAULTS } from '../src/faults.js';
import { inThreadExecutor } from '../src/job-pool.js';
import { decoyBb84Round, linkOf } from '../src/qkd-round.js';

const PULSES = 2 ** 18;
const CHANNEL = { distanceKm: 10, eavesdropper: 0 };
const ROUNDS = 2;
const seed = (n: number) => new Uint8Array(32).fill(n);
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const now = Date.now();
const vendor = seed(200);
const qanId = provisionNodeIdentity({
  subject: 'qan',
  identitySeed: seed(1),
  vendorSeed: vendor,
  hardwareId: 'hsm:qan',
  measurement: 'qan',
  now,
});
const rigel = provisionNodeIdentity({
  subject: 'rigel',
  identitySeed: seed(2),
  vendorSeed: vendor,
  hardwareId: 'qpu:rigel',
  measurement: 'agent',
  now,
});
const roots = trustRoots([qanId.vendorPublicKey]);

/** Pino lines of both ends, every level. */
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});
const logger = createLogger({ name: 'capture', level: 'trace', destination: logSink });

/** A TCP tap: forwards both directions unchanged and keeps every byte. */
function tap(target: number) {
  const wire = { up: [] as Buffer[], down: [] as Buffer[] };
  const server = createServer((client) => {
    const upstream = tcpConnect({ host: '127.0.0.1', port: target });
    client.on('data', (d) => {
      wire.up.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      wire.down.push(Buffer.from(d));
      client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return { server, wire };
}

/** Splits a recorded byte stream into its 4-byte-length-prefixed frames. */
function frames(stream: Buffer): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at + 4 <= stream.length; ) {
    const n = stream.readUInt32BE(at);
    out.push(new Uint8Array(stream.subarray(at + 4, at + 4 + n)));
    at += 4 + n;
  }
  return out;
}

describe('passive capture of a real session', () => {
  let listener: SecureListener;
  let proxy: Server;
  let wire: { up: Buffer[]; down: Buffer[] };
  let agent: DqnAgent;
  let agentSide: SecureConnection<Packet> | undefined;
  let qanSide: SecureConnection<Packet> | undefined;
  const syncs: Packet[] = [];

  beforeAll(async () => {
    listener = await listenSecure<Packet>({
      port: 0,
      codec: chipsPacketCodec,
      handshake: pqResponderHandshake({
        identity: qanId.identity,
        trustRoots: roots,
        onEvent: (event) => logger.info({ event: event.kind, ...event }, 'session event'),
      }),
      onConnection: (c) => {
        qanSide = c;
        c.onPacket((p) => {
          if (p.type === 'EKS_SYNC') syncs.push(p);
        });
      },
    });
    const t = tap(listener.port);
    wire = t.wire;
    proxy = t.server;
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    agent = new DqnAgent(
      {
        alias: 'rigel',
        scope: 'eu-west',
        qubits: 3,
        heartbeatIntervalMs: 60_000,
        eksIntervalMs: 300,
        nominal: { fidelity1q: 0.999, fidelity2q: 0.99 },
        readoutError: 0,
        qkdDistanceKm: CHANNEL.distanceKm,
        phase: { driftMradPerS: 2, noiseMrad: 3 },
        faults: NO_FAULTS,
        upstreamAlias: 'qan',
        maxJobGates: 1024,
      },
      {
        nodeId: rigel.quid as NodeId,
        executor: inThreadExecutor(),
        clock: { now: () => Date.now() },
        randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
        logger,
        metrics: createAgentMetrics(),
        qkdRound: decoyBb84Round(),
        qkdPulsesPerRound: PULSES,
        connect: async () => {
          agentSide = await connectSecure<Packet>({
            host: '127.0.0.1',
            port: proxyPort,
            codec: chipsPacketCodec,
            handshake: pqInitiatorHandshake({
              identity: rigel.identity,
              trustRoots: roots,
              scope: 'eu-west',
              onEvent: (event) => logger.info({ event: event.kind, ...event }, 'session event'),
            }),
          });
          return agentSide;
        },
      },
    );
    agent.start();
    const deadline = Date.now() + 20_000;
    while (syncs.length < ROUNDS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await agent.stop();
  }, 30_000);

  afterAll(async () => {
    await listener?.close();
    await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  });

  it('both ends agree on every delivered key; no public value reproduces one', () => {
    expect(syncs.length).toBeGreaterThanOrEqual(ROUNDS);
    const agentPeer = (agentSide as SecureConnection<Packet>).peer;
    const qanPeer = (qanSide as SecureConnection<Packet>).peer;
    expect(toHex(agentPeer.handshakeHash)).toBe(toHex(qanPeer.handshakeHash));
    expect(toHex(agentPeer.eksBinding)).toBe(toHex(qanPeer.eksBinding));
    const link = linkOf(CHANNEL, PULSES);

    // The QAN's end of each round: run as Bob from its own session's binding, keep what was announced.
    const delivered = new Map<string, string>();
    syncs.slice(0, ROUNDS).forEach((sync, round) => {
      if (sync.type !== 'EKS_SYNC') throw new Error('not an EKS_SYNC');
      expect(sync.body.status.state).toBe('stable');
      const s = eksRoundSeed(qanPeer.eksBinding, round);
      const bob = runEksRound(s, link, 'bob');
      const alice = runEksRound(eksRoundSeed(agentPeer.eksBinding, round), link, 'alice');
      if (!bob.ok || !alice.ok) throw new Error('honest round aborted');
      const keys = eksRoundKeys(s, bob.key);
      // The agent announces its whole pool: this round's keys and those still kept from before.
      expect(sync.body.keyIds).toEqual(expect.arrayContaining(keys.map((k) => k.id)));
      expect(toHex(alice.key)).toBe(toHex(bob.key));
      for (const k of keys) delivered.set(k.id, toHex(k.key));
    });
    expect(delivered.size).toBeGreaterThan(0);
    const last = syncs[ROUNDS - 1] as Packet;
    if (last.type === 'EKS_SYNC')
      expect([...delivered.keys()]).toEqual(expect.arrayContaining([...last.body.keyIds]));

    // Everything a passive observer holds: each frame each way (handshake messages and records),
    // the two streams, the handshake transcript, the handshake hash, and their hashes.
    const up = Buffer.concat(wire.up);
    const down = Buffer.concat(wire.down);
    const all = [...frames(up), ...frames(down)];
    const handshake = [frames(up)[0], frames(down)[0]].filter((f) => f !== undefined);
    const publicValues = [
      agentPeer.handshakeHash,
      new Uint8Array(up),
      new Uint8Array(down),
      concat(...handshake),
      new Uint8Array(0),
      ...all,
    ];
    const candidates = [...publicValues, ...publicValues.map(sha256)];
    expect(all.length).toBeGreaterThan(2 + ROUNDS);
    const ids = new Set(delivered.keys());
    const keyBytes = new Set(delivered.values());
    for (const candidate of candidates) {
      for (let round = 0; round < ROUNDS; round++) {
        const s = eksRoundSeed(candidate, round);
        for (let i = 0; i < 64; i++) expect(ids.has(eksKeyId(s, i))).toBe(false);
        const guess = runEksRound(s, link, 'bob');
        if (!guess.ok) continue;
        for (const k of eksRoundKeys(s, guess.key)) {
          expect(ids.has(k.id)).toBe(false);
          expect(keyBytes.has(toHex(k.key))).toBe(false);
        }
      }
    }
    // The session secret itself never crossed the wire.
    const stream = `${up.toString('hex')}${down.toString('hex')}`;
    expect(stream).not.toContain(toHex(agentPeer.eksBinding));
  }, 120_000);

  it('no log line of either end carries the handshake hash or the EKS binding', () => {
    const peer = (agentSide as SecureConnection<Packet>).peer;
    const text = logLines.join('').toLowerCase();
    expect(text).toContain('session-created');
    expect(text).toContain('"event":"eks"');
    for (const secret of [peer.handshakeHash, peer.eksBinding]) {
      expect(text).not.toContain(toHex(secret));
      expect(text).not.toContain(Buffer.from(secret).toString('base64').toLowerCase());
    }
  });
});
