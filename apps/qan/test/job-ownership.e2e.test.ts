import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch } from './api-auth-fixture.js';
import { type QanProcess, qanConfig, requireBuilt, startQan } from './harness.js';

let qan: QanProcess;

beforeAll(async () => {
  requireBuilt();
  qan = await startQan(qanConfig(join(mkdtempSync(join(tmpdir(), 'qan-jobs-')), 'data'), []));
}, 60_000);

afterAll(async () => {
  await qan?.stop();
});

const submit = { method: 'POST', headers: { 'content-type': 'application/json' } };
const job = JSON.stringify({ uri: 'q://*.eu-west/run', program: 'OPENQASM 3;' });

describe('jobs belong to their submitter', () => {
  it('a client reads its own job, another client gets 404, an operator reads any', async () => {
    const created = await authedFetch(
      `${qan.http}/api/v1/jobs`,
      { ...submit, body: job },
      'client',
    );
    expect(created.status).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const url = `${qan.http}/api/v1/jobs/${jobId}`;
    expect((await authedFetch(url, {}, 'client')).status).toBe(200);
    const other = await authedFetch(url, {}, 'otherClient');
    expect([other.status, await other.json()]).toEqual([
      404,
      { code: 'JOB_NOT_FOUND', message: `no job ${jobId}`, details: { jobId } },
    ]);
    expect((await authedFetch(url, {}, 'operator')).status).toBe(200);
  });

  it('an anonymous caller and a reader cannot submit, and nothing is created', async () => {
    const anonymous = await fetch(`${qan.http}/api/v1/jobs`, { ...submit, body: job });
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([
      401,
      'TOKEN_REQUIRED',
    ]);
    const reader = await authedFetch(`${qan.http}/api/v1/jobs`, { ...submit, body: job }, 'reader');
    expect([reader.status, ((await reader.json()) as { code: string }).code]).toEqual([
      403,
      'ACCESS_DENIED',
    ]);
    const metrics = await (await authedFetch(`${qan.http}/metrics`)).text();
    // Only the first test's job was routed.
    expect(metrics).toMatch(/qcos_qan_route_decisions_total\{outcome="reject"\} 1\n/);
  });
});
