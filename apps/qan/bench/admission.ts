/**
 * Contract admission through the QAN (docs/benchmarks.md, "Resource contracts"): from a client's
 * POST /api/v1/contracts to the answer, which comes once the block holding the request is
 * committed — so it carries the fold's decision (RESERVED or REJECTED). Real QAN processes, real
 * PQ sessions for the four nodes. Two set-ups: the embedded default (one QAN, SQLite log) and a
 * cluster (two QANs on a three-member etcd cluster, requests alternating between them, so the
 * QANs race for the log). Also measured: cancelling a reserved contract, which frees it at every
 * participant in the same committed record.
 *
 *   pnpm build && pnpm --filter @qcos/qan exec tsx bench/admission.ts
 *   REQUESTS=400 CONCURRENCY=8 … (defaults 200 and 4)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type EtcdCluster, freePort, startEtcdCluster } from '@qcos/etcd-store';
import { hybridKeyFromSeed } from '@qcos/identity';
import { createGenesisDocument, DEFAULT_POLICY } from '@qcos/registry-core';
import { authedFetch } from '../test/api-auth-fixture.js';
import {
  connectNode,
  hex,
  type QanProcess,
  qanConfig,
  seed,
  startQan,
  type TestNode,
  until,
} from '../test/harness.js';

const REQUESTS = Number(process.env['REQUESTS'] ?? 200);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 4);
const NODES: TestNode[] = [0, 1, 2, 3].map((i) => ({
  alias: `n${i}`,
  scope: 'eu-west',
  seed: seed(90 + i),
}));
const resources = {
  memorySlots: 64,
  links: [],
  window: { maxLengthMs: 60_000, toleranceMrad: 10, clockDomain: 'gps' },
};
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;

/** A window over two random nodes, 1 slot, over one of 8 ten-second intervals a minute out. */
function request(i: number) {
  const a = i % 4;
  const b = (a + 1 + (i % 3)) % 4;
  const startMs = Date.now() + 60_000 + (i % 8) * 10_000;
  return {
    kind: 'WINDOW',
    scopes: ['eu-west'],
    participants: [`n${a}`, `n${b}`],
    slots: 1 + (i % 2) * 15,
    startMs,
    endMs: startMs + 10_000,
    window: { lengthMs: 1_000, toleranceMrad: 20, clockDomain: 'gps' },
  };
}

async function post(
  url: string,
  body?: unknown,
): Promise<{ ms: number; json: Record<string, unknown> }> {
  const t0 = performance.now();
  const r = await authedFetch(
    url,
    body === undefined
      ? { method: 'POST' }
      : {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        },
    'client',
  );
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(json)}`);
  return { ms: performance.now() - t0, json };
}

/** Runs the workload against `qans` (requests alternate); prints p50/p99 of admission and cancel. */
async function measure(label: string, qans: QanProcess[]): Promise<void> {
  const nodes = await Promise.all(NODES.map((n) => connectNode(qans[0]!.transport, n)));
  const beat = setInterval(() => {
    for (const n of nodes) n.heartbeat();
  }, 300);
  try {
    await until(async () => {
      const r = await authedFetch(`${qans[0]!.http}/api/v1/nodes/n3/reservations`);
      const active = await (await authedFetch(`${qans[0]!.http}/api/v1/nodes`)).json();
      const ok = (active as { nodes: { status: string }[] }).nodes.every(
        (n) => n.status === 'ACTIVE',
      );
      return ok && ((await r.json()) as { memorySlots: number }).memorySlots === 64
        ? true
        : undefined;
    }, 60_000);
    const admit: number[] = [];
    const cancel: number[] = [];
    const outcomes = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const qan = qans[i % qans.length]!;
        const { ms, json } = await post(`${qan.http}/api/v1/contracts`, request(i));
        admit.push(ms);
        const outcome = json['state'] === 'RESERVED' ? 'RESERVED' : `REJECTED ${json['reason']}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (json['state'] === 'RESERVED' && i % 4 === 0)
          cancel.push((await post(`${qan.http}/api/v1/contracts/${json['id']}/cancel`)).ms);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const f = (xs: number[]) =>
      `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p99 ${quantile(xs, 0.99).toFixed(1)} ms`;
    console.log(`${label}: ${REQUESTS} requests, ${CONCURRENCY} clients`);
    console.log(`  admission (request → decision committed): ${f(admit)}`);
    console.log(
      `  cancel (release committed, freed at every participant): ${f(cancel)} (${cancel.length})`,
    );
    console.log(`  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } finally {
    clearInterval(beat);
    await Promise.all(nodes.map((n) => n.close()));
  }
}

const peers = () =>
  (qanConfig('x', NODES).peers as Record<string, unknown>[]).map((p) => ({ ...p, resources }));

async function embedded(dir: string): Promise<void> {
  const qan = await startQan(
    { ...qanConfig(join(dir, 'embedded'), NODES, { protocol: 3 }), peers: peers() },
    dir,
  );
  try {
    await measure('embedded default (SQLite, block interval 50 ms)', [qan]);
  } finally {
    await qan.stop();
  }
}

async function cluster(dir: string): Promise<void> {
  const anchor = hybridKeyFromSeed(seed(95));
  const qanSeeds = [seed(96), seed(97)];
  const genesisFile = join(dir, 'genesis.qgd');
  writeFileSync(
    genesisFile,
    createGenesisDocument({
      networkId: 'bench',
      anchorKey: anchor,
      policy: { ...DEFAULT_POLICY, heartbeatIntervalMs: 3_000, protocol: 3, protocolHeight: 1 },
      members: qanSeeds.map((s) => ({
        role: 'QAN' as const,
        publicKey: hybridKeyFromSeed(s).publicKey,
        levelPpm: 1_000_000,
      })),
    }),
  );
  let etcd: EtcdCluster | undefined;
  const qans: QanProcess[] = [];
  try {
    etcd = await startEtcdCluster({ dir: join(dir, 'etcd') });
    const ports = [await freePort(), await freePort()];
    for (let i = 0; i < 2; i++) {
      const base = qanConfig(join(dir, `qan-${i + 1}`), NODES, {
        networkId: 'bench',
        genesisFile,
        identitySeed: hex(qanSeeds[i] as Uint8Array),
        etcdEndpoints: [...etcd.endpoints],
        heartbeatTimeoutMs: 3_000,
        listen: `127.0.0.1:${ports[i]}`,
        qanPeers: ports.filter((_, j) => j !== i).map((p) => `127.0.0.1:${p}`),
      });
      const run = join(dir, `run-${i + 1}`);
      qans.push(await startQan({ ...base, peers: peers() }, mkdtempSync(`${run}-`)));
    }
    await measure('cluster (2 QANs, 3 etcd members, requests alternating)', qans);
  } finally {
    for (const q of qans) await q.stop();
    await etcd?.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'admission-'));
try {
  await embedded(dir);
  await cluster(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
