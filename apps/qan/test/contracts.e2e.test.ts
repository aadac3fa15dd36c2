/**
 * The contract API of a real QAN process (docs/spec/qan-api.md §2.6) on a protocol 3 registry:
 * advertised resources, a reservation and its slots, two concurrent requests for the same slots
 * (exactly one reserved, the other rejected naming the first), cancellation, expiry from the
 * QAN's timer, and who may call what — a contract is its requester's (and the operators'),
 * requesting needs the client role and the scopes the contract names.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContractView, ReservationListView } from '@qcos/qan-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedFetch, type TestPrincipal } from './api-auth-fixture.js';
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

const NODES: TestNode[] = [
  { alias: 'a', scope: 'eu-west', seed: seed(31) },
  { alias: 'b', scope: 'eu-west', seed: seed(32) },
  { alias: 'c', scope: 'eu-west', seed: seed(33) },
  { alias: 'd', scope: 'us-east', seed: seed(34) },
];

const link = (peer: string) => ({
  peer,
  lengthM: 10_000,
  lossMdbPerKm: 200,
  attemptRateHz: 1_000_000,
  emissionPpm: 500_000,
  detectorPpm: 800_000,
  initialFidelityPpm: 950_000,
  memoryTimeMs: 1_000,
  capacityPairsPerS: 1_000,
});
/** Two memory slots each; a–b and b–c linked; one clock domain. */
const RESOURCES: Record<string, unknown> = {
  a: { memorySlots: 2, links: [link('b')], window: null },
  b: {
    memorySlots: 2,
    links: [link('a'), link('c')],
    window: { maxLengthMs: 60_000, toleranceMrad: 10, clockDomain: 'gps' },
  },
  c: {
    memorySlots: 2,
    links: [link('b')],
    window: { maxLengthMs: 60_000, toleranceMrad: 10, clockDomain: 'gps' },
  },
};

let qan: QanProcess;
let nodes: Awaited<ReturnType<typeof connectNode>>[] = [];
let beating: ReturnType<typeof setInterval> | undefined;

async function call(
  method: 'GET' | 'POST',
  path: string,
  who: TestPrincipal,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const r = await authedFetch(`${qan.http}${path}`, init, who);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** A link request between a and b for one slot over [now + inMs, now + inMs + 60 s). */
const linkRequest = (over: Record<string, unknown> = {}, inMs = 30_000) => ({
  kind: 'LINK',
  scopes: ['eu-west'],
  participants: ['a', 'b'],
  slots: 1,
  startMs: Date.now() + inMs,
  endMs: Date.now() + inMs + 60_000,
  link: { pairs: 100, minFidelityPpm: 900_000, type: 'M', priority: 1, bases: ['X', 'Z'] },
  ...over,
});

const reservations = async (alias: string) =>
  (await call('GET', `/api/v1/nodes/${alias}/reservations`, 'reader'))
    .body as unknown as ReservationListView;

beforeAll(async () => {
  requireBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'qan-contracts-'));
  const config = qanConfig(join(dir, 'data'), NODES, { protocol: 3 });
  const peers = (config.peers as Record<string, unknown>[]).map((p) =>
    RESOURCES[p['name'] as string] === undefined
      ? p
      : { ...p, resources: RESOURCES[p['name'] as string] },
  );
  qan = await startQan({ ...config, peers }, dir);
  nodes = await Promise.all(NODES.map((n) => connectNode(qan.transport, n)));
  // Registered on first contact; ACTIVE after the hysteresis' good heartbeats.
  await until(async () => {
    for (const n of nodes) n.heartbeat();
    const list = (await call('GET', '/api/v1/nodes', 'reader')).body['nodes'] as {
      status: string;
    }[];
    return list.length === 4 && list.every((n) => n.status === 'ACTIVE') ? true : undefined;
  });
  // Heartbeats keep every node ACTIVE (the timeout is 1.5 s) for the rest of the file.
  beating = setInterval(() => {
    for (const n of nodes) n.heartbeat();
  }, 300);
  await until(async () => ((await reservations('c')).memorySlots === 2 ? true : undefined));
}, 60_000);

afterAll(async () => {
  clearInterval(beating);
  await Promise.all(nodes.map((n) => n.close()));
  await qan?.stop();
});

describe('contracts through the QAN API', () => {
  it('advertises each configured node’s resources; a node without any advertises none', async () => {
    expect(await reservations('a')).toMatchObject({ alias: 'a', memorySlots: 2, reservations: [] });
    expect((await reservations('d')).memorySlots).toBe(0);
    expect(await call('GET', '/api/v1/nodes/zz/reservations', 'reader')).toMatchObject({
      status: 404,
      body: { code: 'NODE_NOT_FOUND', details: { alias: 'zz' } },
    });
  });

  it('reserves a link contract, shows it at both ends, and cancels it', async () => {
    const made = await call('POST', '/api/v1/contracts', 'client', linkRequest());
    expect(made.status).toBe(200);
    const view = made.body as unknown as ContractView;
    expect(view).toMatchObject({
      state: 'RESERVED',
      kind: 'LINK',
      participants: ['a', 'b'],
      slotsHeld: [[0], [0]],
      ready: [],
    });
    for (const alias of ['a', 'b'])
      expect((await reservations(alias)).reservations).toContainEqual(
        expect.objectContaining({ contractId: view.id, state: 'RESERVED', slots: [0] }),
      );
    expect((await call('GET', `/api/v1/contracts/${view.id}`, 'client')).body).toMatchObject({
      id: view.id,
      state: 'RESERVED',
    });
    const cancelled = await call('POST', `/api/v1/contracts/${view.id}/cancel`, 'client');
    expect(cancelled).toMatchObject({
      status: 200,
      body: { id: view.id, state: 'RELEASED', reason: 'CANCELLED' },
    });
    expect((await reservations('a')).reservations).toStrictEqual([]);
    expect(await call('POST', `/api/v1/contracts/${view.id}/cancel`, 'client')).toMatchObject({
      status: 409,
      body: { code: 'CONTRACT_ENDED', details: { id: view.id, state: 'RELEASED' } },
    });
  });

  it('of two concurrent requests for the same slots exactly one is reserved; the other names it', async () => {
    const window = (inMs: number) => ({
      kind: 'WINDOW',
      scopes: ['eu-west'],
      participants: ['b', 'c'],
      slots: 2,
      startMs: Date.now() + inMs,
      endMs: Date.now() + inMs + 60_000,
      window: { lengthMs: 1_000, toleranceMrad: 20, clockDomain: 'gps' },
    });
    const [x, y] = await Promise.all([
      call('POST', '/api/v1/contracts', 'client', window(40_000)),
      call('POST', '/api/v1/contracts', 'client', window(50_000)),
    ]);
    const views = [x?.body, y?.body] as unknown as ContractView[];
    const reserved = views.filter((v) => v.state === 'RESERVED');
    const rejected = views.filter((v) => v.state === 'REJECTED');
    expect(reserved).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    // Log order decides: the one the log holds first is reserved.
    expect(rejected[0]).toMatchObject({
      reason: 'SLOT_CONFLICT',
      alias: 'b',
      conflict: reserved[0]?.id,
    });
    expect(reserved[0]?.id).toBeLessThan(rejected[0]?.id as number);
    await call('POST', `/api/v1/contracts/${reserved[0]?.id}/cancel`, 'client');
  });

  it('the fold’s admission reasons reach the client: out of scope, no link', async () => {
    const outOfScope = await call(
      'POST',
      '/api/v1/contracts',
      'client',
      linkRequest({ participants: ['a', 'd'] }),
    );
    expect(outOfScope.body).toMatchObject({
      state: 'REJECTED',
      reason: 'OUT_OF_SCOPE',
      alias: 'd',
    });
    const noLink = await call(
      'POST',
      '/api/v1/contracts',
      'client',
      linkRequest({ participants: ['a', 'c'] }),
    );
    expect(noLink.body).toMatchObject({ state: 'REJECTED', reason: 'NO_LINK', alias: 'a' });
  });

  it('a contract nobody makes ready expires at its start, by the QAN’s verdict', async () => {
    const made = await call('POST', '/api/v1/contracts', 'client', linkRequest({}, 1_500));
    const id = (made.body as unknown as ContractView).id;
    const ended = await until(async () => {
      const v = (await call('GET', `/api/v1/contracts/${id}`, 'client')).body;
      return v['state'] === 'EXPIRED' ? v : undefined;
    });
    expect(ended).toMatchObject({ id, reason: 'NOT_READY' });
    expect(qan.logLines().some((l) => l['event'] === 'contract_expired' && l['id'] === id)).toBe(
      true,
    );
  });
});

describe('who may use the contract API', () => {
  it('a contract is its requester’s and the operators’: anyone else is told it does not exist', async () => {
    const made = await call('POST', '/api/v1/contracts', 'client', linkRequest());
    const id = (made.body as unknown as ContractView).id;
    expect(await call('GET', `/api/v1/contracts/${id}`, 'otherClient')).toMatchObject({
      status: 404,
      body: { code: 'CONTRACT_NOT_FOUND', details: { id } },
    });
    expect((await call('POST', `/api/v1/contracts/${id}/cancel`, 'otherClient')).status).toBe(404);
    expect((await call('GET', `/api/v1/contracts/${id}`, 'operator')).body).toMatchObject({
      id,
      state: 'RESERVED',
    });
    expect((await call('GET', `/api/v1/contracts/${id}`, 'client')).status).toBe(200);
    await call('POST', `/api/v1/contracts/${id}/cancel`, 'operator');
    expect((await call('GET', `/api/v1/contracts/${id}`, 'client')).body['state']).toBe('RELEASED');
  });

  it('requesting needs the client role and every scope the contract names', async () => {
    expect(await call('POST', '/api/v1/contracts', 'reader', linkRequest())).toMatchObject({
      status: 403,
      body: { code: 'ACCESS_DENIED' },
    });
    expect(await call('POST', '/api/v1/contracts', 'otherClient', linkRequest())).toMatchObject({
      status: 403,
      body: { code: 'CONTRACT_SCOPE_DENIED', details: { scopes: ['eu-west'] } },
    });
    expect(
      await call(
        'POST',
        '/api/v1/contracts',
        'client',
        linkRequest({ scopes: ['eu-west', 'us-east'] }),
      ),
    ).toMatchObject({
      status: 403,
      body: { code: 'CONTRACT_SCOPE_DENIED', details: { scopes: ['us-east'] } },
    });
    const anonymous = await fetch(`${qan.http}/api/v1/contracts/1`);
    expect(anonymous.status).toBe(401);
  });

  it('a request the fold refuses as malformed is CONTRACT_INVALID, with the registry’s code', async () => {
    const repeated = await call(
      'POST',
      '/api/v1/contracts',
      'client',
      linkRequest({ participants: ['a', 'a'] }),
    );
    expect(repeated).toMatchObject({
      status: 400,
      body: { code: 'CONTRACT_INVALID', details: { registryCode: 'RECORD_INVALID' } },
    });
    expect(String(repeated.body['message'])).toContain('participants');
    const started = await call('POST', '/api/v1/contracts', 'client', linkRequest({}, -10_000));
    expect(started).toMatchObject({
      status: 400,
      body: { code: 'CONTRACT_INVALID', details: { registryCode: 'RECORD_INVALID' } },
    });
    expect((await call('POST', '/api/v1/contracts', 'client', { kind: 'LINK' })).body['code']).toBe(
      'VALIDATION_FAILED',
    );
  });
});
