/**
 * pq-transport benchmarks. Every comparison is measured in the same run:
 *  - full mutual-auth pqIK handshakes/s (both sides in one thread, and each side alone)
 *    vs the sum of their primitive costs (X-Wing keygen + 3 encaps + 3 decaps) and vs a
 *    signature-authenticated handshake (ephemeral X-Wing + 2 × ML-DSA-65 sign + verify);
 *  - record seal/open throughput at 1 KiB and 16 KiB vs raw node:crypto AEAD.
 *
 *   pnpm --filter @qcos/pq-transport bench
 */

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { hybridKeyFromSeed } from '@qcos/identity';
import { Bench } from 'tinybench';
import {
  type AeadProvider,
  CipherState,
  createInitiator,
  createNodeIdentity,
  createResponder,
  issueAttestation,
  nobleAead,
  type PrimitiveSet,
  RecordLayer,
  seededRandom,
  trustRoots,
  VerificationCache,
  XWING,
  xwingKem,
} from '../src/index.js';
import { nodeAead, nodePrimitives, nodeX25519 } from '../src/native-crypto.js';

const NOW = 1_795_219_200_000;
const DAY = 86_400_000;
const fill = (b: number, n = 32) => new Uint8Array(n).fill(b);
const vendor = hybridKeyFromSeed(fill(0xa0));
const roots = trustRoots([vendor.publicKey]);
const accept = () => ({ accept: true as const });

function node(subject: string, b: number) {
  const staticKey = XWING.keyPairFromSeed(fill(b));
  const signingKey = hybridKeyFromSeed(fill(b + 1));
  const attestation = issueAttestation(vendor, {
    hardwareId: new TextEncoder().encode(`hw-${subject}`),
    measurements: [fill(b)],
    staticPublicKey: staticKey.publicKey,
    signingPublicKey: signingKey.publicKey,
    validFrom: NOW - DAY,
    validUntil: NOW + DAY,
  });
  return createNodeIdentity({
    subject,
    staticKey,
    signingKey,
    validFrom: NOW - DAY,
    validUntil: NOW + DAY,
    attestation,
  });
}
const agent = node('rigel', 0x10);
const qan = node('qan', 0x20);

let counter = 0;
const freshSeed = () => {
  const s = new Uint8Array(32);
  new DataView(s.buffer).setUint32(0, ++counter);
  return s;
};

function initiator(p: PrimitiveSet, cache?: VerificationCache, seed = freshSeed()) {
  return createInitiator({
    identity: agent,
    trustRoots: roots,
    policy: accept,
    now: NOW,
    scope: 'jobs',
    responderStaticPublicKey: qan.staticKey.publicKey,
    primitives: p,
    random: seededRandom(seed),
    ...(cache ? { verificationCache: cache } : {}),
  });
}
function responder(p: PrimitiveSet, cache?: VerificationCache, seed = freshSeed()) {
  return createResponder({
    identity: qan,
    trustRoots: roots,
    policy: accept,
    now: NOW,
    primitives: p,
    random: seededRandom(seed),
    ...(cache ? { verificationCache: cache } : {}),
  });
}
function handshake(p: PrimitiveSet, cache?: VerificationCache) {
  const i = initiator(p, cache);
  const r = responder(p, cache);
  r.readMessage(i.writeMessage());
  i.readMessage(r.writeMessage());
  if (!i.isComplete || !r.isComplete) throw new Error('handshake did not complete');
}

const nodeCache = new VerificationCache();
const nobleCache = new VerificationCache();
// Fixed transcripts to time each side alone (a deterministic initiator always sends the same message 1).
const iSeed = fill(1);
const rSeed = fill(2);
const m1 = initiator(nodePrimitives, nodeCache, iSeed).writeMessage();
const r0 = responder(nodePrimitives, nodeCache, rSeed);
r0.readMessage(m1);
const m2 = r0.writeMessage();

const kemNode = xwingKem(nodeX25519);
const staticKp = kemNode.keyPairFromSeed(fill(0x20));
const enc = kemNode.encapsulate(staticKp.publicKey, fill(3, 64));
const rnd = seededRandom(fill(4));
const dsa = ml_dsa65.keygen(fill(5));
const dsaMsg = fill(6, 64);

const KiB = 1024;
const key = fill(7);
const nonce = fill(0, 12);
const ad = fill(0, 11);
const rawSeal = (pt: Uint8Array) => {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  c.setAAD(ad, { plaintextLength: pt.length });
  const out = c.update(pt);
  c.final();
  return [out, c.getAuthTag()] as const;
};
const rawOpen = (ct: Uint8Array, tag: Uint8Array) => {
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAAD(ad, { plaintextLength: ct.length });
  d.setAuthTag(tag);
  d.update(ct);
  d.final();
};
const records = (aead: AeadProvider) =>
  new RecordLayer(new CipherState(aead.ChaChaPoly, key), new CipherState(aead.ChaChaPoly, key), {
    rekeyInterval: 2 ** 40,
  });

type Task = readonly [name: string, fn: () => void];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/**
 * Runs the tasks of one comparison together, ROUNDS times, and keeps the median ops/s of
 * each. The machine is shared, so tasks of a comparison are interleaved round by round:
 * load that comes and goes hits both sides of every ratio alike.
 */
async function compare(tasks: readonly Task[], time: number): Promise<Map<string, number>> {
  const per = new Map<string, number[]>(tasks.map(([n]) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const b = new Bench({ time, warmupTime: r === 0 ? 300 : 50 });
    for (const [n, fn] of tasks) b.add(n, fn);
    await b.run();
    for (const t of b.tasks) {
      const mean = t.result?.latency.mean;
      if (mean === undefined) throw new Error(`no result for ${t.name}`);
      per.get(t.name)?.push(1000 / mean);
    }
  }
  const median = (xs: number[]) =>
    [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  return new Map([...per].map(([n, xs]) => [n, median(xs)]));
}

const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const get = (m: Map<string, number>, n: string) => m.get(n) as number;

const H_BOTH = 'pqIK handshake, both sides (node primitives, cached documents)';
const H_RESP = 'pqIK responder side (node primitives, cached documents)';
const H_INIT = 'pqIK initiator side (node primitives, cached documents)';
const H_COLD = 'pqIK handshake, both sides (node primitives, documents verified every time)';
const H_PURE = 'pqIK handshake, both sides (pure JS, cached documents)';
const P_BOTH = 'primitives of a handshake: X-Wing keygen + 3 encaps + 3 decaps';
const P_RESP = 'primitives of the responder: 1 decaps + 2 encaps';
const P_INIT = 'primitives of the initiator: keygen + 1 encaps + 2 decaps';
const SIG = 'signature-authenticated: X-Wing keygen+encaps+decaps + 2 × (ML-DSA-65 sign + verify)';

const keygen = () => kemNode.generateKeyPair(rnd);
const encaps = () => kemNode.encapsulate(staticKp.publicKey, rnd(64));
const decaps = () => kemNode.decapsulate(enc.cipherText, staticKp);

const hsResult = await compare(
  [
    [H_BOTH, () => handshake(nodePrimitives, nodeCache)],
    [
      P_BOTH,
      () => {
        keygen();
        for (let i = 0; i < 3; i++) {
          encaps();
          decaps();
        }
      },
    ],
    [
      H_RESP,
      () => {
        const r = responder(nodePrimitives, nodeCache);
        r.readMessage(m1);
        r.writeMessage();
      },
    ],
    [
      P_RESP,
      () => {
        decaps();
        encaps();
        encaps();
      },
    ],
    [
      H_INIT,
      () => {
        const i = initiator(nodePrimitives, nodeCache, iSeed);
        i.writeMessage();
        i.readMessage(m2);
      },
    ],
    [
      P_INIT,
      () => {
        keygen();
        encaps();
        decaps();
        decaps();
      },
    ],
    [
      SIG,
      () => {
        const e = kemNode.generateKeyPair(rnd);
        const x = kemNode.encapsulate(e.publicKey, rnd(64));
        kemNode.decapsulate(x.cipherText, e);
        for (let i = 0; i < 2; i++)
          ml_dsa65.verify(ml_dsa65.sign(dsaMsg, dsa.secretKey), dsaMsg, dsa.publicKey);
      },
    ],
    [H_COLD, () => handshake(nodePrimitives)],
    [H_PURE, () => handshake({}, nobleCache)],
  ],
  1000,
);

console.log('\n## Handshakes\n');
console.log(
  '| handshake | ops/s | primitive limit (ops/s) | vs limit (target ≥ 0.80) | vs signature variant | vs 150/s |',
);
console.log('|---|---:|---:|---:|---:|---:|');
const sig = get(hsResult, SIG);
for (const [h, p] of [
  [H_BOTH, P_BOTH],
  [H_RESP, P_RESP],
  [H_INIT, P_INIT],
  [H_COLD, P_BOTH],
  [H_PURE, undefined],
] as const) {
  const v = get(hsResult, h);
  const lim = p === undefined ? undefined : get(hsResult, p);
  console.log(
    `| ${h} | ${f(v)} | ${lim === undefined ? '' : f(lim)} | ${lim === undefined ? '' : (v / lim).toFixed(2)} | ${(v / sig).toFixed(1)}× | ${(v / 150).toFixed(2)} |`,
  );
}
console.log(`| ${SIG} | ${f(sig)} | | | 1.0× | ${(sig / 150).toFixed(2)} |`);

console.log('\n## Records (ChaCha20-Poly1305, stream mode)\n');
console.log(
  '| size | operation | record layer, node AEAD (MB/s) | raw node:crypto (MB/s) | ratio (target ≥ 0.80) | record layer, noble AEAD (MB/s) |',
);
console.log('|---|---|---:|---:|---:|---:|');
for (const size of [1 * KiB, 16 * KiB]) {
  const pt = fill(9, size);
  const sealer = records(nodeAead);
  const a = records(nodeAead);
  const b = records(nodeAead);
  const pureSealer = records(nobleAead);
  const r = await compare(
    [
      ['raw seal', () => rawSeal(pt)],
      ['record seal', () => sealer.seal(pt)],
      ['record sealParts', () => sealer.sealParts(pt)],
      [
        'raw seal+open',
        () => {
          const [ct, tag] = rawSeal(pt);
          rawOpen(ct, tag);
        },
      ],
      ['record seal+open', () => b.open(a.seal(pt))],
      ['noble record seal', () => pureSealer.seal(pt)],
    ],
    400,
  );
  const mb = (n: number) => ((n * size) / 1e6).toFixed(0);
  const k = `${size / KiB} KiB`;
  console.log(
    `| ${k} | seal | ${mb(get(r, 'record seal'))} | ${mb(get(r, 'raw seal'))} | ${(get(r, 'record seal') / get(r, 'raw seal')).toFixed(2)} | ${mb(get(r, 'noble record seal'))} |`,
  );
  console.log(
    `| ${k} | sealParts (for writev) | ${mb(get(r, 'record sealParts'))} | ${mb(get(r, 'raw seal'))} | ${(get(r, 'record sealParts') / get(r, 'raw seal')).toFixed(2)} | |`,
  );
  console.log(
    `| ${k} | seal + open | ${mb(get(r, 'record seal+open'))} | ${mb(get(r, 'raw seal+open'))} | ${(get(r, 'record seal+open') / get(r, 'raw seal+open')).toFixed(2)} | |`,
  );
}
