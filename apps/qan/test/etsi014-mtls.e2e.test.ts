import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { type ClientTls, mtlsFetch } from '@qcos/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectorFile from '../../../packages/qan-api/test/etsi014-vectors.json' with { type: 'json' };
import {
  connectNode,
  type QanProcess,
  qanConfig,
  requireBuilt,
  seed,
  startQan,
  type TestNode,
  until,
} from './harness.js';
import { issueTestSaeCertificates, type TestSaeCertificates } from './sae-certificates-fixture.js';

const RIGEL: TestNode = { alias: 'rigel', scope: 'eu-west', seed: seed(31) };
const VEGA: TestNode = { alias: 'vega', scope: 'eu-west', seed: seed(32) };
const PAIRINGS = [
  { master: 'sae-alpha', slaves: ['rigel'] },
  { master: 'sae-beta', slaves: ['vega'] },
];
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let qan: QanProcess;
let certs: TestSaeCertificates;
let node: Awaited<ReturnType<typeof connectNode>>;
let agentKeys: { keyId: string; key: Uint8Array }[];

/** One request on the ETSI 014 listener as `tls`: status and parsed body. */
async function etsi(tls: ClientTls, method: string, path: string, body?: unknown) {
  const r = await mtlsFetch(tls)(`${qan.etsi014}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/**
 * How the KME ends a TLS connection whose client presents no certificate (TLS 1.3 alert
 * certificate_required) or one its SAE CA did not issue (the server drops the connection right
 * after the handshake, without an alert and without reading a request). The client sends
 * nothing and waits, so the outcome does not depend on a request racing the refusal.
 */
function handshakeRefusal(tls: Partial<ClientTls> & { ca: ClientTls['ca'] }): Promise<string> {
  const port = Number(new URL(qan.etsi014 as string).port);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ...tls });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    socket.on('close', () => resolve('CLOSED_WITHOUT_ALERT'));
    socket.on('data', () => resolve('DATA'));
  });
}

beforeAll(async () => {
  requireBuilt();
  certs = await issueTestSaeCertificates(['sae-alpha', 'sae-beta', 'rigel', 'vega']);
  const dir = mkdtempSync(join(tmpdir(), 'qan-etsi-'));
  qan = await startQan(
    qanConfig(join(dir, 'data'), [RIGEL, VEGA], {
      ...certs.config,
      etsi014Listen: '127.0.0.1:0',
      saePairings: PAIRINGS,
    }),
    dir,
  );
  node = await connectNode(qan.transport, RIGEL);
  node.heartbeat();
  agentKeys = node.eksSync(0);
  // The QAN has the round once status counts its keys (announced, distilled on enc_keys).
  await until(async () => {
    const s = await etsi(certs.sae('sae-alpha'), 'GET', '/api/v1/keys/rigel/status');
    return (s.body['stored_key_count'] as number) > 0 ? s : undefined;
  });
}, 60_000);

afterAll(async () => {
  await node?.close();
  await qan?.stop();
});

describe('ETSI GS QKD 014 key delivery over mutual TLS', () => {
  it('status counts the keys enc_keys can deliver before any is distilled', async () => {
    const s = await etsi(certs.sae('sae-alpha'), 'GET', '/api/v1/keys/rigel/status');
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({
      master_SAE_ID: 'sae-alpha',
      slave_SAE_ID: 'rigel',
      key_size: 256,
      stored_key_count: agentKeys.length,
      max_SAE_ID_count: 0,
    });
  });

  it('the paired master gets keys, the slave gets the same keys once by key_ID', async () => {
    const enc = await etsi(certs.sae('sae-alpha'), 'POST', '/api/v1/keys/rigel/enc_keys', {
      number: 2,
    });
    expect(enc.status).toBe(200);
    const expected = agentKeys.slice(0, 2).map((k) => ({ key_ID: k.keyId, key: b64(k.key) }));
    expect(enc.body['keys']).toEqual(expected);
    const ids = expected.map((k) => `key_ID=${k.key_ID}`).join('&');
    const dec = await etsi(certs.sae('rigel'), 'GET', `/api/v1/keys/sae-alpha/dec_keys?${ids}`);
    expect([dec.status, dec.body['keys']]).toEqual([200, expected]);
    const again = await etsi(certs.sae('rigel'), 'GET', `/api/v1/keys/sae-alpha/dec_keys?${ids}`);
    expect(again.status).toBe(400);
    expect((again.body['details'] as { code: string }[])[0]?.code).toBe('KEY_NOT_FOUND');
  });

  it("SAE B asking for A's pairing gets 403, and the wrong slave cannot fetch A's keys", async () => {
    const theft = await etsi(certs.sae('sae-beta'), 'GET', '/api/v1/keys/rigel/enc_keys');
    expect(theft.status).toBe(403);
    expect(theft.body).toEqual({
      message: 'SAE sae-beta is not paired with SAE rigel',
      details: [{ code: 'SAE_NOT_PAIRED', master_SAE_ID: 'sae-beta', slave_SAE_ID: 'rigel' }],
    });
    const taken = await etsi(certs.sae('sae-alpha'), 'GET', '/api/v1/keys/rigel/enc_keys');
    const keyId = (taken.body['keys'] as { key_ID: string }[])[0]?.key_ID;
    const wrongSlave = await etsi(certs.sae('vega'), 'POST', '/api/v1/keys/sae-alpha/dec_keys', {
      key_IDs: [{ key_ID: keyId }],
    });
    expect(wrongSlave.status).toBe(403);
    expect((wrongSlave.body['details'] as unknown[])[0]).toEqual({
      code: 'SAE_NOT_PAIRED',
      master_SAE_ID: 'sae-alpha',
      slave_SAE_ID: 'vega',
    });
    // The key is still there for the right slave.
    const right = await etsi(certs.sae('rigel'), 'POST', '/api/v1/keys/sae-alpha/dec_keys', {
      key_IDs: [{ key_ID: keyId }],
    });
    expect(right.status).toBe(200);
  });

  it('refuses a client without a certificate, or with one another CA issued, in the handshake', async () => {
    expect(await handshakeRefusal(certs.anonymous)).toBe(
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    );
    expect(await handshakeRefusal(certs.foreign('sae-alpha'))).toBe('CLOSED_WITHOUT_ALERT');
  });

  it('does not serve key delivery on the plain HTTP listener: 401 with the ETSI error body', async () => {
    const r = await fetch(`${qan.http}/api/v1/keys/rigel/enc_keys`);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({
      message: 'key delivery is served on the ETSI 014 listener, to SAEs with a client certificate',
      details: [{ code: 'CLIENT_CERTIFICATE_REQUIRED' }],
    });
  });

  it('answers every conformance vector with its status and ETSI error body', async () => {
    const fill = (text: string) => text.replaceAll('{slave}', 'rigel');
    for (const v of vectorFile.vectors) {
      const tls = certs.sae(fill(v.as));
      const body = 'body' in v ? v.body : undefined;
      const r = await etsi(tls, v.method, fill(v.path), body);
      expect(r.status, v.name).toBe(v.status);
      if ('error' in v) {
        expect(Object.keys(r.body).sort(), v.name).toEqual(['details', 'message']);
        expect(typeof r.body['message'], v.name).toBe('string');
        expect(r.body['details'], v.name).toEqual([JSON.parse(fill(JSON.stringify(v.error)))]);
      }
    }
  });
});
