import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyId, PacketId } from '@qcos/chips-codec';
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNode,
  hex,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  until,
} from './harness.js';

describe('QAN session log', () => {
  let qan: QanProcess;
  const rigel = { alias: 'rigel', scope: 'eu-west', seed: seed(31) };

  beforeAll(async () => {
    requireBuilt();
    qan = await startQan(
      qanConfig(join(mkdtempSync(join(tmpdir(), 'qan-secrets-')), 'data'), [rigel], {
        logLevel: 'trace',
      }),
    );
  });
  afterAll(async () => {
    await qan?.stop();
  });

  it('no log line of a session carries its handshake hash or its EKS binding', async () => {
    const node = await connectNode(qan.transport, rigel);
    const { handshakeHash, eksBinding } = node.connection.peer;
    expect(handshakeHash).toHaveLength(32);
    expect(eksBinding).toHaveLength(32);
    node.heartbeat();
    node.connection.send({
      type: 'EKS_SYNC',
      header: {
        destination: 'qan',
        source: hybridQuid(hybridKeyFromSeed(rigel.seed).publicKey),
        packetId: '0123456789abcdef0123456789abcdef' as PacketId,
        lamport: 9,
        seq: 9,
        scope: 'node:eks',
        hopLimit: 4,
        reroute: 'deny',
      },
      body: {
        status: { state: 'stable', lastSyncMs: Date.now(), keyBitsAvailable: 256 },
        keyIds: ['00000000-0000-4000-8000-000000000000' as KeyId],
        round: 0,
        link: {
          distanceM: 10_000,
          fibreLossMilliDbPerKm: 200,
          pulsesPerRound: 2 ** 20,
          eavesdropperPpm: 0,
        },
      },
    });
    await until(
      async () => (qan.logLines().some((l) => l['event'] === 'session-created') ? true : undefined),
      10_000,
    );
    await node.close();
    await until(async () => (qan.logLines().length > 0 ? true : undefined), 5_000);
    const text = qan
      .logLines()
      .map((l) => JSON.stringify(l))
      .join('\n')
      .toLowerCase();
    expect(text).toContain('session-created');
    for (const secret of [handshakeHash, eksBinding]) {
      expect(text).not.toContain(hex(secret));
      expect(text).not.toContain(Buffer.from(secret).toString('base64').toLowerCase());
    }
  }, 60_000);
});
