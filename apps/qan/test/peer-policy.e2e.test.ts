import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from './api-auth-fixture.js';
import {
  connectNode,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  until,
} from './harness.js';

describe('QAN transport policy', () => {
  let qan: QanProcess;
  const rigel = { alias: 'rigel', scope: 'eu-west', seed: seed(21) };

  beforeAll(async () => {
    requireBuilt();
    qan = await startQan(
      qanConfig(join(mkdtempSync(join(tmpdir(), 'qan-policy-')), 'data'), [rigel]),
    );
  });
  afterAll(async () => {
    await qan?.stop();
  });

  const rejections = () => qan.logLines().filter((l) => l['event'] === 'peer_rejected');

  it('accepts a configured, attested node in its scope', async () => {
    const node = await connectNode(qan.transport, rigel);
    expect(node.connection.peer.scope).toBe('eu-west');
    await node.close();
  });

  it('rejects an unknown identity, a bad attestation and a disallowed scope, and logs each', async () => {
    const stranger = { alias: 'mallory', scope: 'eu-west', seed: seed(66) };
    await expect(connectNode(qan.transport, stranger)).rejects.toThrow();
    await expect(connectNode(qan.transport, rigel, { vendorSeed: seed(99) })).rejects.toThrow();
    await expect(connectNode(qan.transport, rigel, { scope: 'us-east' })).rejects.toThrow();
    const logged = await until(
      async () => (rejections().length >= 3 ? rejections() : undefined),
      10_000,
    );
    expect(logged.map((l) => l['reason'])).toEqual([
      'UNKNOWN_IDENTITY',
      'UNTRUSTED_ROOT',
      'SCOPE_NOT_ALLOWED',
    ]);
    const metrics = await (await authedFetch(`${qan.http}/metrics`)).text();
    expect(metrics).toMatch(/qcos_qan_peers_rejected_total\{reason="UNKNOWN_IDENTITY"\} 1/);
    // The QAN is still serving.
    expect((await authedFetch(`${qan.http}/api/health`)).status).toBe(200);
  }, 60_000);
});
