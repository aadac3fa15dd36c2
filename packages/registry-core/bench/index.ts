/**
 * Benchmarks of @qcos/registry-core (docs/benchmarks/registry-core.md):
 *  1. routeJob on 100 000 registered nodes (target ≥ 2 M routes/s), against a plain Map lookup
 *     (delivery) and a filter-and-sort over the scope (re-route), the code a user would write instead;
 *  2. applyBlock throughput in 1 000-record blocks, signature checks excluded (target ≥ 1 M
 *     records/s), against a fold that copies the entry map per block; the hybrid signature
 *     verification per block is measured on its own;
 *  3. Merkle root update after one record, against rebuilding the tree from the entries.
 *
 *   pnpm --filter @qcos/registry-core bench
 */
import { hybridKeyFromSeed, hybridQuid, hybridSign, hybridVerify } from '@qcos/identity';
import { Bench } from 'tinybench';
import {
  applyBlock,
  BLOCK_SIGNATURE_CONTEXT,
  type Block,
  blockHash,
  buildBlock,
  createGenesis,
  decodeBlock,
  encodeBlock,
  encodeEntry,
  merkleRoot,
  type NodeEntry,
  type RecordBody,
  type RegistryState,
  rootOfLeaves,
  routeJob,
  type UnsignedBlock,
} from '../src/index.js';
import { nodeSha256 } from '../src/native-crypto.js';

const NODES = 100_000;
const BLOCK = 1_000;
const SCOPES = [
  'eu-west',
  'eu-north',
  'us-east',
  'us-west',
  'ap-south',
  'ap-east',
  'sa-east',
  'af-south',
  'me-central',
  'oc-east',
];

const key = hybridKeyFromSeed(new Uint8Array(32).fill(1));
const origin = hybridQuid(key.publicKey);
const pk = new Uint8Array(32).fill(9);
/** Setup blocks carry a placeholder signature and are applied with the check switched off. */
const unsignedOk = { verifySignature: () => true };
const seal = (u: UnsignedBlock): Block => ({
  ...u,
  hash: blockHash(u),
  signature: new Uint8Array(3373),
});

let rng = 42;
const rand = (n: number) => {
  rng = (Math.imul(rng, 1_103_515_245) + 12_345) >>> 0;
  return rng % n;
};
const alias = (i: number) => `n${i.toString(36)}`;

function hb(i: number, atMs: number): RecordBody {
  const f = 955_000 + rand(45_000);
  return {
    kind: 'HEARTBEAT',
    alias: alias(i),
    atMs,
    report: {
      eksOk: true,
      eksLastSyncMs: 1,
      fidelity1qPpm: f,
      fidelity2qPpm: f,
      utilisationPct: rand(101),
      faults: [],
    },
  };
}

function network(): RegistryState {
  let s = createGenesis({
    networkId: 'bench',
    anchorPublicKey: key.publicKey,
    policy: {
      version: 1,
      heartbeatIntervalMs: 60_000,
      minFidelityPpm: 950_000,
      hysteresisHeartbeats: 1,
      fidelityWindow: 8,
    },
  });
  const PER_BLOCK = 5_000; // registrations (+ one heartbeat each) per setup block
  for (let start = 0; start < NODES; start += PER_BLOCK) {
    const recs: RecordBody[] = [];
    for (let i = start; i < start + PER_BLOCK; i++) {
      recs.push({
        kind: 'REGISTER',
        alias: alias(i),
        address: `${alias(i)}.qcos.example:7000`,
        scope: SCOPES[i % SCOPES.length] as string,
        qubitCapacity: 1 + rand(127),
        publicKey: pk,
        atMs: 0,
      });
      recs.push(hb(i, 1_000));
    }
    s = applyBlock(s, seal(buildBlock(s, origin, recs)), unsignedOk);
  }
  // A few quarantined nodes to route around.
  const faults: RecordBody[] = [];
  for (let i = 0; i < NODES; i += 100)
    faults.push({ kind: 'EKS_LOSS', alias: alias(i), atMs: 1_500, reason: 'LINK_DOWN' });
  return applyBlock(s, seal(buildBlock(s, origin, faults)), unsignedOk);
}

const t0 = performance.now();
const base = network();
merkleRoot(base);
console.log(`setup: ${NODES} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const results: Record<string, number> = {};
async function run(bench: Bench): Promise<void> {
  await bench.run();
  for (const t of bench.tasks) {
    const hz = t.result && 'throughput' in t.result ? t.result.throughput.mean : 0;
    results[t.name] = hz;
  }
}

// ---- 1. routing ----------------------------------------------------------------------------
const byAlias = new Map(base.entries.map((e) => [e.alias, e]));
const targets = Array.from({ length: 4_096 }, () => alias(1 + rand(NODES - 1)));
const quarantined = Array.from({ length: 1_024 }, (_, i) =>
  alias(((i * 97) % (NODES / 100)) * 100),
);
let k = 0;
/** Each task routes BATCH jobs per call, so the harness's per-call overhead does not dominate. */
const BATCH = 1_000;
const routing = new Bench({ time: 2_000 });
routing
  .add('routeJob deliver (ACTIVE alias)', () => {
    for (let i = 0; i < BATCH; i++)
      routeJob(base, { kind: 'node', alias: targets[k++ & 4_095] as string });
  })
  .add('peer: Map.get + status check', () => {
    let n = 0;
    for (let i = 0; i < BATCH; i++) {
      const e = byAlias.get(targets[k++ & 4_095] as string);
      if (e && e.status.state === 'ACTIVE') n += e.address.length;
    }
    return n;
  })
  .add('routeJob soft-reject + same-scope re-route', () => {
    for (let i = 0; i < BATCH; i++)
      routeJob(base, { kind: 'node', alias: quarantined[k++ & 1_023] as string }, { qubits: 8 });
  })
  .add('peer: filter + sort the scope per request', () => {
    const e = byAlias.get(quarantined[k++ & 1_023] as string) as NodeEntry;
    base.entries
      .filter((x) => x.scope === e.scope && x.status.state === 'ACTIVE' && x.qubitCapacity >= 8)
      .sort((a, b) => b.avgFidelityPpm - a.avgFidelityPpm || a.utilisationPct - b.utilisationPct);
  });
await run(routing);

// ---- 2. fold -------------------------------------------------------------------------------
const CHAIN = 20;
const chain: Block[] = [];
{
  let s = base;
  for (let b = 0; b < CHAIN; b++) {
    const recs: RecordBody[] = [];
    const first = rand(NODES);
    for (let i = 0; i < BLOCK; i++) recs.push(hb((first + i * 97) % NODES, 2_000 + b * 1_000));
    const u = buildBlock(s, origin, recs);
    const blk = decodeBlock(
      encodeBlock({
        ...u,
        hash: blockHash(u),
        signature: hybridSign(key, BLOCK_SIGNATURE_CONTEXT, blockHash(u)),
      }),
    );
    s = applyBlock(s, blk);
    chain.push(blk);
  }
}
const encoded = chain.map(encodeBlock);
const folding = new Bench({ time: 3_000 });
folding
  .add(`applyBlock ×${CHAIN} (${BLOCK} records each, signature excluded)`, () => {
    let s = base;
    for (const b of chain) s = applyBlock(s, b, unsignedOk);
  })
  .add(`applyBlock ×${CHAIN} with nodeSha256 (signature excluded)`, () => {
    let s = base;
    for (const b of chain) s = applyBlock(s, b, { ...unsignedOk, sha256: nodeSha256 });
  })
  .add(`decodeBlock ×${CHAIN}`, () => {
    for (const b of encoded) decodeBlock(b);
  })
  .add(`peer: copy the entry map per block ×${CHAIN}`, () => {
    let m = byAlias;
    for (const b of chain) {
      m = new Map(m);
      for (const r of b.records)
        if (r.kind === 'HEARTBEAT')
          m.set(r.alias, { ...(m.get(r.alias) as NodeEntry), lastHeartbeatMs: r.atMs });
    }
  });
await run(folding);

const sigs = new Bench({ time: 3_000 });
const h = chain[0]?.hash as Uint8Array;
const sig = chain[0]?.signature as Uint8Array;
sigs.add('hybridVerify (Ed25519 + ML-DSA-65), once per block', () => {
  hybridVerify(key.publicKey, BLOCK_SIGNATURE_CONTEXT, h, sig);
});
await run(sigs);

// ---- 3. Merkle update ------------------------------------------------------------------------
const STATES = 200;
const oneRecordStates = Array.from({ length: STATES }, (_, i) =>
  applyBlock(
    base,
    seal(buildBlock(base, origin, [hb(1 + ((i * 7_919) % (NODES - 1)), 5_000)])),
    unsignedOk,
  ),
);
let m0 = performance.now();
for (const s of oneRecordStates) merkleRoot(s);
const updateUs = ((performance.now() - m0) * 1_000) / STATES;
m0 = performance.now();
const REBUILDS = 1;
for (let i = 0; i < REBUILDS; i++) rootOfLeaves(base.entries.map(encodeEntry));
const rebuildUs = ((performance.now() - m0) * 1_000) / REBUILDS;

// ---- report --------------------------------------------------------------------------------
const fmt = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);
const rDeliver = (results['routeJob deliver (ACTIVE alias)'] ?? 0) * BATCH;
const rMap = (results['peer: Map.get + status check'] ?? 0) * BATCH;
const rReroute = (results['routeJob soft-reject + same-scope re-route'] ?? 0) * BATCH;
const rNaive = results['peer: filter + sort the scope per request'] ?? 0;
const fold =
  (results[`applyBlock ×${CHAIN} (${BLOCK} records each, signature excluded)`] ?? 0) *
  CHAIN *
  BLOCK;
const foldNative =
  (results[`applyBlock ×${CHAIN} with nodeSha256 (signature excluded)`] ?? 0) * CHAIN * BLOCK;
const dec = (results[`decodeBlock ×${CHAIN}`] ?? 0) * CHAIN * BLOCK;
const naive = (results[`peer: copy the entry map per block ×${CHAIN}`] ?? 0) * CHAIN * BLOCK;
const verify = results['hybridVerify (Ed25519 + ML-DSA-65), once per block'] ?? 0;
const withSig = 1 / (1 / foldNative + 1 / (verify * BLOCK));
console.log(`
| measurement | ops/s | vs peer | vs target |
|---|---:|---:|---:|
| routeJob, deliver to an ACTIVE alias (100k nodes) | ${fmt(rDeliver)} | ${(rDeliver / rMap).toFixed(2)}× Map.get (${fmt(rMap)}) | ${(rDeliver / 2e6).toFixed(2)}× of 2 M/s |
| routeJob, soft-reject + same-scope re-route | ${fmt(rReroute)} | ${(rReroute / rNaive).toFixed(0)}× filter+sort (${fmt(rNaive)}) | ${(rReroute / 2e6).toFixed(2)}× of 2 M/s |
| applyBlock, records/s (1 000-record blocks, signature excluded) | ${fmt(fold)} | ${(fold / naive).toFixed(2)}× map-copy fold (${fmt(naive)}) | ${(fold / 1e6).toFixed(2)}× of 1 M/s |
| applyBlock with nodeSha256 (\`./node\`), records/s | ${fmt(foldNative)} | ${(foldNative / naive).toFixed(2)}× map-copy fold | ${(foldNative / 1e6).toFixed(2)}× of 1 M/s |
| decodeBlock, records/s | ${fmt(dec)} | | |
| hybridVerify per block (Ed25519 + ML-DSA-65) | ${fmt(verify)} | | ${((1_000 * 1) / verify).toFixed(2)} ms per block |
| applyBlock (nodeSha256) incl. one signature check per block, records/s | ${fmt(withSig)} | | ${(withSig / 1e6).toFixed(2)}× of 1 M/s |
| Merkle root after one changed record | ${updateUs.toFixed(1)} µs | ${(rebuildUs / updateUs).toFixed(0)}× faster than rebuild (${(rebuildUs / 1_000).toFixed(0)} ms) | |
`);
