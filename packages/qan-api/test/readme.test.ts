import { expect, it } from 'vitest';
import { createQanApiClient, type FetchLike, type NodeView, QanApiError } from '../src/index.js';

const rigel: NodeView = {
  alias: 'rigel',
  address: 'rigel.example.net:7000',
  status: 'ACTIVE',
  reason: null,
  lastHeartbeatMs: 1_000,
  qubitCapacity: 20,
  eks: { ok: true, lastSyncMs: 900 },
  avgFidelity: 0.98,
  scope: 'eu-west',
  nodeId: '0123456789abcdef',
  utilisationPct: 5,
  faults: [],
  goodHeartbeats: 3,
};

/** Answers the three calls of the README example the way a QAN does. */
const qanDouble: FetchLike = async (url, init) => {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (url.endsWith('/api/v1/nodes')) return json(200, { height: 7, nodes: [rigel] });
  if (url.endsWith('/api/v1/jobs') && init.method === 'POST')
    return json(202, {
      jobId: 'f'.repeat(32),
      uri: JSON.parse(String(init.body)).uri,
      status: 'dispatched',
      decision: { outcome: 'deliver', alias: 'rigel', address: rigel.address },
      submittedAtMs: 1_000,
    });
  return json(404, {
    code: 'NODE_NOT_FOUND',
    message: 'no node nobody in the registry',
    details: { alias: 'nobody' },
  });
};

it('the README example runs', async () => {
  const qan = createQanApiClient('http://127.0.0.1:8400', { fetch: qanDouble });
  const { height, nodes } = await qan.listNodes();
  expect([height, nodes.map((n) => `${n.alias} ${n.status}`)]).toEqual([7, ['rigel ACTIVE']]);

  const job = await qan.submitJob({
    body: {
      uri: 'q://rigel/run?shots=400',
      program: 'OPENQASM 2.0; qreg q[2]; h q[0]; cx q[0],q[1];',
    },
  });
  expect([job.status, job.decision.outcome]).toEqual(['dispatched', 'deliver']);

  const error = await qan.getNode({ params: { alias: 'nobody' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(QanApiError);
  expect(error).toMatchObject({
    status: 404,
    code: 'NODE_NOT_FOUND',
    details: { alias: 'nobody' },
  });
});
