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
import type { ContractRunBody, MeasurementResultBody, Packet, WindowBody } from '@qcos/chips-codec';
import {
  blochFromAngles,
  CHSH_PAIR_DRAWS,
  chshPair,
  chshValue,
  heraldedFidelity,
  linkFromUnits,
  pairDraws,
  TELEPORT_PAIR_DRAWS,
  teleportationFidelity,
  teleportReceive,
  teleportSend,
} from '@qcos/entanglement-sim';
import type { ContractRunView, ContractView, ReservationListView } from '@qcos/qan-api';
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
        expect.objectContaining({ contractId: view.id, slots: [0] }),
      );
    // RESERVED, or ACTIVE once the QAN has reported both connected participants ready.
    expect((await call('GET', `/api/v1/contracts/${view.id}`, 'client')).body).toMatchObject({
      id: view.id,
      participants: ['a', 'b'],
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

  it('the QAN makes its connected participants ready, and expires the contract at its end', async () => {
    const startMs = Date.now() + 2_000;
    const made = await call(
      'POST',
      '/api/v1/contracts',
      'client',
      linkRequest({ startMs, endMs: startMs + 1_500 }),
    );
    const id = (made.body as unknown as ContractView).id;
    // Both participants have attested sessions here: READY for each, so ACTIVE before the start.
    const active = await until(async () => {
      const v = (await call('GET', `/api/v1/contracts/${id}`, 'client')).body;
      return v['state'] === 'ACTIVE' ? v : undefined;
    });
    expect(active).toMatchObject({ ready: ['a', 'b'] });
    const ended = await until(async () => {
      const v = (await call('GET', `/api/v1/contracts/${id}`, 'client')).body;
      return v['state'] === 'EXPIRED' ? v : undefined;
    });
    expect(ended).toMatchObject({ id, reason: 'DEADLINE' });
    const logged = (event: string) =>
      qan.logLines().filter((l) => l['event'] === event && l['id'] === id).length;
    expect([logged('contract_ready'), logged('contract_expired')]).toStrictEqual([2, 1]);
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
      participants: ['a', 'b'],
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

/**
 * A link contract between a and b of `pairs` pairs of `type`, starting in 1.5 s and holding for
 * two minutes; resolves with its id once the QAN has made it ACTIVE (both participants have
 * attested sessions) and it has started.
 */
async function activeLink(type: 'M' | 'K', pairs: number): Promise<number> {
  const link =
    type === 'M'
      ? { pairs, minFidelityPpm: 900_000, type, priority: 1, bases: ['X', 'Z'] }
      : { pairs, minFidelityPpm: 900_000, type, priority: 0 };
  const made = await call(
    'POST',
    '/api/v1/contracts',
    'client',
    linkRequest({ endMs: Date.now() + 120_000, link }, 1_500),
  );
  const id = (made.body as unknown as ContractView).id;
  await until(async () => {
    const v = (await call('GET', `/api/v1/contracts/${id}`, 'client')).body;
    return v['state'] === 'ACTIVE' && Date.now() >= (v['startMs'] as number) ? true : undefined;
  });
  return id;
}

/** How a test node answers CONTRACT_RUN: as an agent does, with a refusal, or with a short report. */
type RunMode = 'measure' | 'nack' | 'short' | 'lose' | 'silent';
const runModes = new Map<string, RunMode>();
/** The CONTRACT_RUN bodies each node received, by alias. */
const received = new Map<string, ContractRunBody[]>();

/** Node `index` answers runs as its agent would: its side of every pair, from the secret. */
function answerRuns(index: number): void {
  const node = nodes[index] as Awaited<ReturnType<typeof connectNode>>;
  const alias = (NODES[index] as TestNode).alias;
  node.connection.onPacket((p: Packet) => {
    if (p.type !== 'CONTRACT_RUN') return;
    received.set(alias, [...(received.get(alias) ?? []), p.body]);
    const mode = runModes.get(alias) ?? 'measure';
    if (mode === 'silent') return;
    if (mode === 'nack') {
      node.connection.send({
        type: 'NACK',
        header: node.header('contract:result'),
        body: { nackOf: p.header.packetId, code: 'EXECUTION_FAILED', detail: 'memory lost' },
      });
      return;
    }
    const run = p.body;
    const f = heraldedFidelity(linkFromUnits(run.link));
    if (run.use === 'TELEPORT') {
      answerTeleport(node, alias, run, f, mode);
      return;
    }
    const n = mode === 'short' ? run.pairs - 1 : run.pairs;
    const body: MeasurementResultBody = {
      requestId: run.run,
      bases: new Uint8Array(n),
      outcomes: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const m = chshPair(f, pairDraws(run.secret, run.firstPair + i, CHSH_PAIR_DRAWS), run.role);
      body.bases[i] = m.basis;
      body.outcomes[i] = m.outcome;
    }
    node.connection.send({
      type: 'MEASUREMENT_RESULT',
      header: node.header('contract:result'),
      body,
    });
  });
}

/** The bits each receiver got relayed, by alias. */
const relayed = new Map<string, Uint8Array>();

/** A teleportation run as the agents run it: the sender reports its bits, the receiver waits. */
function answerTeleport(
  node: Awaited<ReturnType<typeof connectNode>>,
  alias: string,
  run: ContractRunBody,
  f: number,
  mode: RunMode,
): void {
  const send = (outcomes: Uint8Array) =>
    node.connection.send({
      type: 'MEASUREMENT_RESULT',
      header: node.header('contract:result'),
      body: { requestId: run.run, bases: new Uint8Array(outcomes.length), outcomes },
    });
  const draws = (i: number) => pairDraws(run.secret, run.firstPair + i, TELEPORT_PAIR_DRAWS);
  if (run.role === 0) {
    const bits = new Uint8Array(2 * run.pairs);
    for (let i = 0; i < run.pairs; i++) bits.set(teleportSend(f, draws(i)), 2 * i);
    send(bits);
    return;
  }
  const state = run.state as NonNullable<ContractRunBody['state']>;
  const input = blochFromAngles(state.thetaUrad / 1e6, state.phiUrad / 1e6);
  const onBits = (p: Packet) => {
    if (p.type !== 'MEASUREMENT_RESULT' || p.body.requestId !== run.run) return;
    relayed.set(alias, p.body.outcomes);
    // 'lose' ignores the sender's bits: the receiver corrects nothing.
    const outcomes = new Uint8Array(run.pairs);
    for (let i = 0; i < run.pairs; i++) {
      const bits =
        mode === 'lose'
          ? ([0, 0] as const)
          : ([p.body.outcomes[2 * i] as number, p.body.outcomes[2 * i + 1] as number] as const);
      outcomes[i] = teleportReceive(f, draws(i), input, bits);
    }
    send(outcomes);
  };
  node.connection.onPacket(onBits);
}

describe('runs over a link contract', () => {
  let id = 0;

  beforeAll(async () => {
    answerRuns(0);
    answerRuns(1);
    // The QAN reports both participants ready (their attested sessions are up); then it starts.
    id = await activeLink('M', 10_000);
  }, 30_000);

  // Frees a's and b's slot for the files' later contracts.
  afterAll(() => call('POST', `/api/v1/contracts/${id}/cancel`, 'client'));

  it('a CHSH run gives S = 2√2·(4F − 1)/3 at the delivered fidelity, within 4.5 σ', async () => {
    const r = await call('POST', `/api/v1/contracts/${id}/runs`, 'client', {
      use: 'CHSH',
      pairs: 4_000,
    });
    expect(r.status).toBe(200);
    const run = r.body as unknown as ContractRunView;
    const fidelity = heraldedFidelity(linkFromUnits(link('b')));
    expect(run).toMatchObject({
      contractId: id,
      use: 'CHSH',
      participants: ['a', 'b'],
      pairs: 4_000,
      firstPair: 0,
      fidelity,
    });
    const chsh = run.chsh as NonNullable<ContractRunView['chsh']>;
    expect(chsh.expectedS).toBe(chshValue(fidelity));
    expect(Math.abs(chsh.s - chsh.expectedS)).toBeLessThan(4.5 * chsh.standardError);
    expect(chsh.s).toBeGreaterThan(2);
    expect(chsh.correlators.reduce((sum, c) => sum + c.n, 0)).toBe(4_000);
  });

  it('both ends get the same secret; it is in no answer and no log line; pairs are never reused', async () => {
    const [a, b] = [received.get('a')?.at(-1), received.get('b')?.at(-1)];
    expect(a?.secret).toHaveLength(32);
    expect(Buffer.from(a?.secret ?? []).equals(Buffer.from(b?.secret ?? []))).toBe(true);
    expect([a?.role, a?.peer, b?.role, b?.peer]).toStrictEqual([0, 'b', 1, 'a']);
    const second = await call('POST', `/api/v1/contracts/${id}/runs`, 'client', {
      use: 'CHSH',
      pairs: 4_000,
    });
    expect(second.body['firstPair']).toBe(4_000);
    const secretHex = Buffer.from(a?.secret ?? []).toString('hex');
    expect(JSON.stringify(second.body)).not.toContain(secretHex);
    expect(JSON.stringify(qan.logLines())).not.toContain(secretHex);
    expect(
      await call('POST', `/api/v1/contracts/${id}/runs`, 'client', { use: 'CHSH', pairs: 4_000 }),
    ).toMatchObject({
      status: 409,
      body: {
        code: 'CONTRACT_RUN_UNAVAILABLE',
        details: { id, why: '2000 of its 10000 pairs are left' },
      },
    });
  });

  it('only the requester (or an operator) runs it', async () => {
    expect(
      await call('POST', `/api/v1/contracts/${id}/runs`, 'otherClient', { use: 'CHSH', pairs: 10 }),
    ).toMatchObject({
      status: 404,
      body: { code: 'CONTRACT_NOT_FOUND' },
    });
    expect(
      (await call('POST', `/api/v1/contracts/${id}/runs`, 'reader', { use: 'CHSH', pairs: 10 }))
        .status,
    ).toBe(403);
  });

  it('a participant that refuses or reports short fails the run at once, naming it', async () => {
    runModes.set('b', 'nack');
    expect(
      await call('POST', `/api/v1/contracts/${id}/runs`, 'client', { use: 'CHSH', pairs: 10 }),
    ).toMatchObject({
      status: 502,
      body: { code: 'CONTRACT_RUN_FAILED', details: { alias: 'b', nack: 'EXECUTION_FAILED' } },
    });
    runModes.set('b', 'short');
    expect(
      await call('POST', `/api/v1/contracts/${id}/runs`, 'client', { use: 'CHSH', pairs: 10 }),
    ).toMatchObject({
      status: 502,
      body: { code: 'CONTRACT_RUN_FAILED', message: 'b reported 9 of 10', details: { alias: 'b' } },
    });
    runModes.delete('b');
  });

  it('a contract that is not ACTIVE does not run', async () => {
    const made = await call('POST', '/api/v1/contracts', 'client', linkRequest({}, 60_000));
    const waiting = (made.body as unknown as ContractView).id;
    expect(
      await call('POST', `/api/v1/contracts/${waiting}/runs`, 'client', { use: 'CHSH', pairs: 10 }),
    ).toMatchObject({
      status: 409,
      body: { code: 'CONTRACT_RUN_UNAVAILABLE', details: { id: waiting } },
    });
    await call('POST', `/api/v1/contracts/${waiting}/cancel`, 'client');
  });
});

describe('teleportation over a create-and-keep link contract', () => {
  let id = 0;
  const state = { thetaUrad: 1_100_000, phiUrad: 400_000 };

  beforeAll(async () => {
    id = await activeLink('K', 10_000);
  }, 30_000);

  afterAll(() => call('POST', `/api/v1/contracts/${id}/cancel`, 'client'));

  it('teleports the job’s state with fidelity (2F + 1)/3, the sender’s bits relayed to the receiver', async () => {
    const r = await call('POST', `/api/v1/contracts/${id}/runs`, 'client', {
      use: 'TELEPORT',
      pairs: 4_000,
      state,
    });
    expect(r.status).toBe(200);
    const run = r.body as unknown as ContractRunView;
    const fidelity = heraldedFidelity(linkFromUnits(link('b')));
    const t = run.teleport as NonNullable<ContractRunView['teleport']>;
    expect(t).toMatchObject({ state, expected: teleportationFidelity(fidelity) });
    expect(Math.abs(t.passRate - t.expected)).toBeLessThan(4.5 * t.standardError);
    expect(run.chsh).toBeUndefined();
    // What b got relayed is exactly what a sent, and a got the state too.
    expect(relayed.get('b')).toHaveLength(8_000);
    expect(received.get('a')?.at(-1)?.state).toStrictEqual(state);
  });

  it('a receiver that ignores the bits passes about half of an equatorial state', async () => {
    runModes.set('b', 'lose');
    const equator = { thetaUrad: 1_570_796, phiUrad: 0 };
    const r = await call('POST', `/api/v1/contracts/${id}/runs`, 'client', {
      use: 'TELEPORT',
      pairs: 4_000,
      state: equator,
    });
    runModes.delete('b');
    const t = (r.body as unknown as ContractRunView).teleport as NonNullable<
      ContractRunView['teleport']
    >;
    expect(Math.abs(t.passRate - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / 4_000));
  });

  it('a /link job runs it too: submitted as a job, completed with the run', async () => {
    const uri = `q://a/link?contract=${id}&use=teleport&pairs=1000&theta-urad=1100000&phi-urad=400000`;
    const submitted = await call('POST', '/api/v1/jobs', 'client', { uri });
    expect(submitted).toMatchObject({
      status: 202,
      body: { uri, status: 'dispatched', decision: { outcome: 'deliver', alias: 'a' } },
    });
    const jobId = submitted.body['jobId'] as string;
    const done = await until(async () => {
      const j = (await call('GET', `/api/v1/jobs/${jobId}`, 'client')).body;
      return j['status'] === 'dispatched' ? undefined : j;
    });
    expect(done).toMatchObject({
      status: 'completed',
      contractRun: { contractId: id, use: 'TELEPORT', pairs: 1_000, teleport: { state } },
    });
    // Another principal does not see it; a job aimed at the other end fails with the reason.
    expect((await call('GET', `/api/v1/jobs/${jobId}`, 'otherClient')).status).toBe(404);
    const wrongEnd = await call('POST', '/api/v1/jobs', 'client', {
      uri: `q://b/link?contract=${id}&use=chsh&pairs=10`,
    });
    const failed = await until(async () => {
      const j = (await call('GET', `/api/v1/jobs/${wrongEnd.body['jobId']}`, 'client')).body;
      return j['status'] === 'failed' ? j : undefined;
    });
    expect(failed['error']).toStrictEqual({
      code: 'CONTRACT_RUN_UNAVAILABLE',
      message: `contract ${id} cannot run now: the job targets b, its first participant is a`,
    });
    expect(await call('POST', '/api/v1/jobs', 'client', { uri: 'q://a/run' })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: { problems: [{ field: 'body/program' }] } },
    });
    expect(
      await call('POST', '/api/v1/jobs', 'client', {
        uri: `q://*.eu-west/link?contract=${id}&use=chsh&pairs=1`,
      }),
    ).toMatchObject({ status: 400, body: { code: 'BAD_Q_URI', details: { operation: 'link' } } });
  });

  it('a run must fit the contract: its use, its type, its state', async () => {
    expect(
      await call('POST', `/api/v1/contracts/${id}/runs`, 'client', { use: 'CHSH', pairs: 10 }),
    ).toMatchObject({
      status: 409,
      body: { code: 'CONTRACT_RUN_UNAVAILABLE', details: { why: 'not a link of type M' } },
    });
    expect(
      await call('POST', `/api/v1/contracts/${id}/runs`, 'client', { use: 'TELEPORT', pairs: 10 }),
    ).toMatchObject({
      status: 400,
      body: { code: 'CONTRACT_RUN_INVALID', details: { field: 'state' } },
    });
    expect(
      (
        await call('POST', `/api/v1/contracts/${id}/runs`, 'client', {
          use: 'TELEPORT',
          pairs: 10,
          state: { thetaUrad: 4_000_000, phiUrad: 0 },
        })
      ).body['code'],
    ).toBe('VALIDATION_FAILED');
  });
});

/** How test node `index` answers window steps: READY/ACTIVE with `phase` mrad, or FAULT over it. */
const phaseOf = new Map<string, number>();
const windowPackets = new Map<string, WindowBody[]>();

function answerWindows(index: number): void {
  const node = nodes[index] as Awaited<ReturnType<typeof connectNode>>;
  const alias = (NODES[index] as TestNode).alias;
  node.connection.onPacket((p: Packet) => {
    if (p.type !== 'WINDOW') return;
    windowPackets.set(alias, [...(windowPackets.get(alias) ?? []), p.body]);
    const phaseErrorMrad = phaseOf.get(alias) ?? 4;
    const within = phaseErrorMrad <= p.body.toleranceMrad;
    const answer: Partial<WindowBody> =
      p.body.step === 'PREPARE'
        ? { step: within ? 'READY' : 'FAULT', phaseErrorMrad }
        : p.body.step === 'ACTIVATE'
          ? { step: 'ACTIVE', phaseErrorMrad, activatedL: p.body.activatedL }
          : { step: 'TERMINATED' };
    node.connection.send({
      type: 'WINDOW',
      header: node.header('contract:window'),
      body: { ...p.body, activatedL: null, phaseErrorMrad: null, ...answer } as WindowBody,
    });
  });
}

describe('coherence windows', () => {
  const windowRequest = () => ({
    kind: 'WINDOW',
    scopes: ['eu-west'],
    participants: ['b', 'c'],
    slots: 1,
    startMs: Date.now() + 60_000,
    endMs: Date.now() + 120_000,
    window: { lengthMs: 1_000, toleranceMrad: 20, clockDomain: 'gps' },
  });
  const contract = async (id: number) =>
    (await call('GET', `/api/v1/contracts/${id}`, 'client')).body as unknown as ContractView;
  const steps = (c: ContractView) => (c.windowSteps ?? []).map((s) => [s.alias, s.step]);

  beforeAll(() => {
    answerWindows(1);
    answerWindows(2);
  });

  it('activates once every participant’s phase reference is within the tolerance; logged on each', async () => {
    const made = await call('POST', '/api/v1/contracts', 'client', windowRequest());
    const id = (made.body as unknown as ContractView).id;
    const active = await until(async () => {
      const c = await contract(id);
      return c.state === 'ACTIVE' &&
        steps(c).every(([, s]) => s === 'ACTIVE') &&
        steps(c).length === 2
        ? c
        : undefined;
    });
    expect(active.windowSteps?.map((s) => [s.alias, s.activatedL, s.phaseErrorMrad])).toStrictEqual(
      [
        ['b', active.activatedL, 4],
        ['c', active.activatedL, 4],
      ],
    );
    // Each got the window's terms with its PREPARE and the activation's L with its ACTIVATE.
    expect(
      windowPackets.get('b')?.map((w) => [w.step, w.toleranceMrad, w.activatedL]),
    ).toStrictEqual([
      ['PREPARE', 20, null],
      ['ACTIVATE', 20, active.activatedL],
    ]);
    await call('POST', `/api/v1/contracts/${id}/cancel`, 'client');
    const ended = await until(async () => {
      const c = await contract(id);
      return steps(c).every(([, s]) => s === 'TERMINATED') ? c : undefined;
    });
    expect(ended).toMatchObject({ state: 'RELEASED', reason: 'CANCELLED' });
  });

  it('a participant over the tolerance revokes the window (TOLERANCE_EXCEEDED); the others roll back', async () => {
    phaseOf.set('c', 500);
    const made = await call('POST', '/api/v1/contracts', 'client', windowRequest());
    const id = (made.body as unknown as ContractView).id;
    const revoked = await until(async () => {
      const c = await contract(id);
      return c.state === 'REVOKED' ? c : undefined;
    });
    phaseOf.delete('c');
    expect(revoked).toMatchObject({ reason: 'TOLERANCE_EXCEEDED', alias: 'c' });
    // b was prepared and answered READY; it is told to roll back.
    await until(async () =>
      windowPackets.get('b')?.some((w) => w.contract === id && w.step === 'TERMINATE')
        ? true
        : undefined,
    );
    expect((await reservations('b')).reservations.some((r) => r.contractId === id)).toBe(false);
  });

  it('a node may only answer: a QAN’s step from a node is refused', async () => {
    const node = nodes[1] as Awaited<ReturnType<typeof connectNode>>;
    const refused = new Promise<Packet>((resolve) =>
      node.connection.onPacket((p) => {
        if (p.type === 'NACK') resolve(p);
      }),
    );
    const header = node.header('contract:window');
    node.connection.send({
      type: 'WINDOW',
      header,
      body: {
        contract: 1,
        step: 'PREPARE',
        lengthMs: 1,
        toleranceMrad: 1,
        clockDomain: 'gps',
        activatedL: null,
        phaseErrorMrad: null,
      },
    });
    expect((await refused).body).toMatchObject({ nackOf: header.packetId, code: 'UNSUPPORTED' });
  });
});

describe('a participant whose session is lost (last: it closes node b)', () => {
  it('fails the run in flight at once and revokes the contract at every participant', async () => {
    const id = await activeLink('M', 1_000);
    runModes.set('b', 'silent');
    const started = Date.now();
    const inFlight = call('POST', `/api/v1/contracts/${id}/runs`, 'client', {
      use: 'CHSH',
      pairs: 100,
    });
    await until(async () => (received.get('b')?.some((r) => r.contract === id) ? true : undefined));
    await (nodes[1] as Awaited<ReturnType<typeof connectNode>>).close();
    expect(await inFlight).toMatchObject({
      status: 502,
      body: { code: 'CONTRACT_RUN_FAILED', details: { alias: 'b', reason: 'SESSION_LOST' } },
    });
    // Failed fast: long before the run's 30 s timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
    const revoked = await until(async () => {
      const v = (await call('GET', `/api/v1/contracts/${id}`, 'client')).body;
      return v['state'] === 'REVOKED' ? v : undefined;
    });
    expect(revoked).toMatchObject({ reason: 'SESSION_LOST', alias: 'b' });
    for (const alias of ['a', 'b'])
      expect((await reservations(alias)).reservations.some((r) => r.contractId === id)).toBe(false);
  });
});
