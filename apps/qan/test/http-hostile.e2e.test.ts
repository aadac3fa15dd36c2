import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from './api-auth-fixture.js';
import { type QanProcess, qanConfig, requireBuilt, startQan } from './harness.js';

interface ApiErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: ApiErrorBody }> {
  const r = await authedFetch(url, init);
  return { status: r.status, body: (await r.json()) as ApiErrorBody };
}

const json = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});

describe('QAN HTTP API under hostile input', () => {
  let qan: QanProcess;
  beforeAll(async () => {
    requireBuilt();
    qan = await startQan(
      qanConfig(join(mkdtempSync(join(tmpdir(), 'qan-http-')), 'data'), [], {
        bodyLimitBytes: 4096,
        rateLimitMax: 40,
        rateLimitWindowMs: 60_000,
      }),
    );
  });
  afterAll(async () => {
    await qan?.stop();
  });

  it('answers malformed, invalid and oversize bodies with typed 4xx errors', async () => {
    const malformed = await call(`${qan.http}/api/v1/jobs`, json('{"uri": "q://rigel/run",'));
    expect([malformed.status, malformed.body.code]).toEqual([400, 'MALFORMED_JSON']);

    const invalid = await call(
      `${qan.http}/api/v1/jobs`,
      json('{"uri": "q://rigel/run", "program": 5, "extra": true}'),
    );
    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(Array.isArray(invalid.body.details['problems'])).toBe(true);

    const oversize = await call(
      `${qan.http}/api/v1/jobs`,
      json(JSON.stringify({ uri: 'q://rigel/run', program: 'x'.repeat(8192) })),
    );
    expect([oversize.status, oversize.body.code]).toEqual([413, 'BODY_TOO_LARGE']);

    const wrongType = await call(`${qan.http}/api/v1/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: 'q://rigel/run',
    });
    expect([wrongType.status, wrongType.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('answers an undecodable path, a text body and a non-UTF-8 charset with documented codes', async () => {
    const badPath = await call(`${qan.http}/api/v1/nodes/%ff`);
    expect([badPath.status, badPath.body.code]).toEqual([400, 'INVALID_PATH']);

    const body = JSON.stringify({ uri: 'q://rigel/run' });
    const text = await call(`${qan.http}/api/v1/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect([text.status, text.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const utf16 = await call(`${qan.http}/api/v1/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16' },
      body,
    });
    expect([utf16.status, utf16.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const utf8 = await authedFetch(`${qan.http}/api/v1/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body,
    });
    expect(utf8.status).toBe(200);
  });

  it('rejects bad Q-URIs with the parser code and offset', async () => {
    for (const uri of [
      'http://rigel/run',
      'q://Rigel!/run',
      'q://rigel/run?shots=0',
      'q://rigel/explode',
      `q://${'a'.repeat(70)}/run`,
    ]) {
      const r = await call(`${qan.http}/api/v1/resolve`, json(JSON.stringify({ uri })));
      expect(r.status, uri).toBe(400);
      expect(r.body.code, uri).toBe('BAD_Q_URI');
      expect(typeof r.body.details['offset'], uri).toBe('number');
    }
    const badQuid = await call(`${qan.http}/api/v1/trust/not-a-quid`);
    expect([badQuid.status, badQuid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await call(`${qan.http}/api/v1/nodes/nobody`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NODE_NOT_FOUND']);
  });

  it('answers trust queries from the genesis anchor', async () => {
    const info = (await (await authedFetch(`${qan.http}/api/info`)).json()) as { qanId: string };
    const self = (await (
      await authedFetch(`${qan.http}/api/v1/trust/${info.qanId}`)
    ).json()) as Record<string, unknown>;
    expect(self).toEqual({
      observer: info.qanId,
      target: info.qanId,
      trustLevel: 1,
      tier: 'trusted',
    });
    const stranger = (await (
      await authedFetch(`${qan.http}/api/v1/trust/0123456789abcdef`)
    ).json()) as Record<string, unknown>;
    expect(stranger).toMatchObject({ trustLevel: 0, tier: 'invalid' });
  });

  it('limits a flooding client with 429 RATE_LIMITED and keeps serving', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 80 }, () =>
        authedFetch(`${qan.http}/api/v1/nodes`).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await call(`${qan.http}/api/v1/nodes`);
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
    // /metrics is limited too, and the process is alive.
    const metrics = await call(`${qan.http}/metrics`);
    expect([metrics.status, metrics.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(qan.child.exitCode).toBeNull();
  });
});
