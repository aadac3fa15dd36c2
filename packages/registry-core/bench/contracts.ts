/**
 * Benchmarks of resource contracts in the fold (docs/benchmarks.md, "Resource contracts"):
 *  1. fold throughput of contract records (requests and releases) against heartbeats, in
 *     1 000-record blocks on the same protocol 3 network, signatures excluded;
 *  2. the admission decision: one request folded in a block of its own, p50/p99, with 0, 1 000
 *     and 8 000 contracts already holding.
 *
 *   pnpm --filter @qcos/registry-core exec tsx bench/contracts.ts
 */
import { hybridKeyFromSeed, hybridQuid } from '@qcos/identity';
import {
  applyUnsignedBlock,
  buildBlock,
  createGenesis,
  DEFAULT_POLICY,
  type RecordBody,
  type RegistryState,
} from '../src/index.js';

const NODES = 64;
const BLOCK = 1_000;
const key = hybridKeyFromSeed(new Uint8Array(32).fill(1));
const origin = hybridQuid(key.publicKey);
const alias = (i: number) => `n${String(i).padStart(3, '0')}`;
const report = {
  eksOk: true,
  eksLastSyncMs: 1_000,
  fidelity1qPpm: 990_000,
  fidelity2qPpm: 970_000,
  utilisationPct: 10,
  faults: [],
};
const fold = (s: RegistryState, records: readonly RecordBody[]) =>
  applyUnsignedBlock(s, buildBlock(s, origin, records)).state;

/** 64 ACTIVE nodes advertising 64 slots and links to every other node; protocol 3 from height 3. */
function network(): RegistryState {
  // Protocol 3 from genesis's next blocks: a genesis policy cannot schedule it, so blocks 1–2 do.
  let s = createGenesis({
    networkId: 'bench',
    anchorPublicKey: key.publicKey,
    policy: { ...DEFAULT_POLICY, protocol: 2, protocolHeight: 1 },
  });
  const nodes: RecordBody[] = [];
  for (let i = 0; i < NODES; i++) {
    nodes.push({
      kind: 'REGISTER',
      alias: alias(i),
      address: `${alias(i)}.example.net:9000`,
      scope: 'eu-west',
      qubitCapacity: 20,
      publicKey: new Uint8Array(32).fill(1),
      atMs: 0,
    });
    for (const atMs of [1_000, 2_000, 3_000])
      nodes.push({ kind: 'HEARTBEAT', alias: alias(i), atMs, report });
  }
  s = fold(s, nodes);
  s = { ...s, policy: { ...s.policy, protocol: 3, protocolHeight: s.height + 1 } } as RegistryState;
  const links = (i: number) =>
    // The 8 nodes on each side, so that neighbours list each other.
    Array.from({ length: 16 }, (_, k) => alias((i + NODES + (k < 8 ? k - 8 : k - 7)) % NODES))
      .sort()
      .map((peer) => ({
        peer,
        lengthM: 10_000,
        lossMdbPerKm: 200,
        attemptRateHz: 1_000_000,
        emissionPpm: 500_000,
        detectorPpm: 800_000,
        initialFidelityPpm: 950_000,
        memoryTimeMs: 1_000,
        capacityPairsPerS: 1_000_000,
      }));
  return fold(
    s,
    Array.from(
      { length: NODES },
      (_, i) =>
        ({
          kind: 'RESOURCES',
          alias: alias(i),
          atMs: 4_000,
          memorySlots: 64,
          links: links(i),
          window: null,
        }) as RecordBody,
    ),
  );
}

/** A link request between node i and its next neighbour over its own second of time. */
function request(i: number, t: number): RecordBody {
  const a = alias(i % NODES);
  const b = alias((i + 1) % NODES);
  return {
    kind: 'CONTRACT_REQUEST',
    atMs: 5_000,
    contractKind: 'LINK',
    scopes: ['eu-west'],
    participants: a < b ? [a, b] : [b, a],
    slots: 1,
    startMs: 10_000 + t * 1_000,
    endMs: 11_000 + t * 1_000,
    leaseMs: 30_000,
    link: { pairs: 10, minFidelityPpm: 900_000, type: 'K', priority: 0, bases: [] },
    window: null,
  } as RecordBody;
}

function throughput(
  label: string,
  blocks: (s: RegistryState, b: number) => RecordBody[],
  count: number,
  base: RegistryState,
) {
  let s = base;
  const t0 = performance.now();
  for (let b = 0; b < count; b++) s = fold(s, blocks(s, b));
  const seconds = (performance.now() - t0) / 1_000;
  const rate = (count * BLOCK) / seconds;
  console.log(`${label}: ${(rate / 1_000).toFixed(1)} k records/s (${count} blocks of ${BLOCK})`);
  return rate;
}

const base = network();
const heartbeats = (_: RegistryState, b: number) =>
  Array.from(
    { length: BLOCK },
    (_, k) =>
      ({
        kind: 'HEARTBEAT',
        alias: alias(k % NODES),
        atMs: 10_000 + b * 100 + Math.floor(k / NODES),
        report,
      }) as RecordBody,
  );
/** Half requests, half releases of the requests of the block before: the book stays near 500. */
const contracts = (s: RegistryState, b: number) => {
  const held = [...s.contracts.holding.keys()].slice(0, BLOCK / 2);
  return [
    ...Array.from({ length: BLOCK - held.length }, (_, k) => request(b * BLOCK + k, b)),
    ...held.map(
      (id) => ({ kind: 'CONTRACT_RELEASE', id, atMs: 6_000, reason: 'DONE' }) as RecordBody,
    ),
  ];
};
for (let round = 0; round < 3; round++) {
  const h = throughput('heartbeats', heartbeats, 20, base);
  const c = throughput('contract requests + releases', contracts, 20, base);
  console.log(`  ratio contracts / heartbeats: ${(c / h).toFixed(2)}`);
}

/** One request in a block of its own, on a book of `holding` contracts. */
function admission(holding: number) {
  let s = base;
  for (let done = 0; done < holding; done += BLOCK)
    s = fold(
      s,
      Array.from({ length: Math.min(BLOCK, holding - done) }, (_, k) =>
        request(done + k, 1_000 + Math.floor((done + k) / NODES)),
      ),
    );
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    fold(s, [request(i, 5_000 + i)]);
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const q = (p: number) => (times[Math.floor(p * (times.length - 1))] as number).toFixed(3);
  console.log(
    `admission with ${s.contracts.holding.size} holding: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms (400 requests)`,
  );
}
for (const n of [0, 1_000, 8_000]) admission(n);
