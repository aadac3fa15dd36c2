/**
 * Long fuzz run (not part of the test suite): random bit flips, truncations and junk
 * against every handshake message and against records. Every outcome must be either
 * success on untouched input or a TransportError with a code; anything else is a bug.
 *
 *   pnpm --filter @qcos/pq-transport exec tsx bench/fuzz.ts [iterations]
 */
import { hybridKeyFromSeed } from '@qcos/identity';
import {
  createInitiator,
  createNodeIdentity,
  createResponder,
  issueAttestation,
  isTransportError,
  seededRandom,
  trustRoots,
  VerificationCache,
  XWING,
} from '../src/index.js';

const N = Number(process.argv[2] ?? 2000);
const NOW = 1_795_219_200_000;
const fill = (b: number, n = 32) => new Uint8Array(n).fill(b);
const vendor = hybridKeyFromSeed(fill(0xa0));
const roots = trustRoots([vendor.publicKey]);
const cache = new VerificationCache();
function node(b: number) {
  const staticKey = XWING.keyPairFromSeed(fill(b));
  const signingKey = hybridKeyFromSeed(fill(b + 1));
  const attestation = issueAttestation(vendor, {
    hardwareId: fill(b, 8),
    measurements: [],
    staticPublicKey: staticKey.publicKey,
    signingPublicKey: signingKey.publicKey,
    validFrom: 0,
    validUntil: NOW * 2,
  });
  return createNodeIdentity({
    subject: `n${b}`,
    staticKey,
    signingKey,
    validFrom: 0,
    validUntil: NOW * 2,
    attestation,
  });
}
const a = node(0x10);
const b = node(0x20);
const rng = seededRandom(fill(0x77));
const int = (n: number) => (new DataView(rng(4).buffer).getUint32(0) % n) | 0;
const common = {
  trustRoots: roots,
  policy: () => ({ accept: true as const }),
  now: NOW,
  verificationCache: cache,
};

let rejected = 0;
for (let it = 0; it < N; it++) {
  const xx = it % 2 === 1;
  const i = createInitiator({
    ...common,
    identity: a,
    scope: 'jobs',
    random: seededRandom(rng(32)),
    ...(xx ? {} : { responderStaticPublicKey: b.staticKey.publicKey }),
  });
  const r = createResponder({ ...common, identity: b, random: seededRandom(rng(32)) });
  const target = int(xx ? 5 : 3); // which message to damage (last index = first record)
  try {
    const parties = [i, r];
    let k = 0;
    while (!(i.isComplete && r.isComplete)) {
      let m = parties[k % 2]!.writeMessage();
      if (k === target) m = damage(m);
      parties[(k + 1) % 2]!.readMessage(m);
      k++;
    }
    let rec = i.split().seal(rng(int(100)));
    if (k === target) rec = damage(rec);
    r.split().open(rec);
    if (k >= target) throw new Error(`damaged message ${target} was accepted`);
  } catch (e) {
    if (!isTransportError(e)) throw e;
    rejected++;
  }
}
console.log(`${N} runs, ${rejected} rejected with a TransportError, no other outcome`);

function damage(m: Uint8Array): Uint8Array {
  const kind = int(3);
  if (kind === 0 && m.length > 0) return m.subarray(0, int(m.length));
  if (kind === 1) return rng(int(2 * m.length + 1));
  const out = m.slice();
  const span = out[0] === 0x01 ? out.length - 16 : out.length; // mac2 is only checked under load
  const bit = int(span * 8);
  out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
  return out;
}
