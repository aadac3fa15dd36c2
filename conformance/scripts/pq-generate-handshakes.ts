/**
 * Generates conformance/vectors/pq-transport/pq-handshakes.json and pq-exporter.json: our PQ handshakes
 * (pqIK, pqXX, with and without an EKS PSK, both AEADs) with fixed identities and
 * fixed randomness, and the failures that must follow from a wrong EKS key, an unknown
 * vendor root, a refused scope, a different prologue and an expired attestation.
 *
 * The expected transcripts are computed on a second path: X-Wing from
 * @noble/post-quantum's ml_kem768_x25519 (not this package's own X-Wing) and the
 * node:crypto AEADs (not the noble ones). The conformance run then replays every
 * vector with the package defaults, so both paths must agree byte for byte.
 *
 * pq-exporter.json pins the session exporter (spec §4.1) over the same handshakes: the
 * transcript comes from the second path above, the exporter outputs from the package, checked
 * equal on both ends (the expand step is checked against node:crypto HKDF in the unit tests).
 * Each vector shows what a passive observer holds (messages, handshake hash) next to them.
 *
 *   pnpm --filter @qcos/pq-transport build && pnpm tsx conformance/scripts/pq-generate-handshakes.ts
 *   pnpm biome check --write conformance/vectors/pq-transport   (house JSON format)
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hybridKeyFromSeed, toHex } from '@qcos/identity';
import {
  createNodeIdentity,
  issueAttestation,
  type Kem,
  type KemKeyPair,
  XWING,
} from '@qcos/pq-transport';
import { nodeAead } from '@qcos/pq-transport/node';
import { runPqExporter, runPqHandshake } from '../src/adapters/pq-transport.js';

const root = new URL('..', import.meta.url).pathname;
// The independent X-Wing implementation, reached through the package's own dependency tree.
const { ml_kem768_x25519 } = (await import(
  join(
    root,
    '..',
    'packages',
    'pq-transport',
    'node_modules',
    '@noble',
    'post-quantum',
    'hybrid.js',
  )
)) as {
  ml_kem768_x25519: {
    keygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array };
    encapsulate(
      pk: Uint8Array,
      eseed: Uint8Array,
    ): { cipherText: Uint8Array; sharedSecret: Uint8Array };
    decapsulate(ct: Uint8Array, sk: Uint8Array): Uint8Array;
  };
};

const nobleXWing: Kem = {
  name: 'XWing',
  publicKeyLength: 1216,
  cipherTextLength: 1120,
  keyPairFromSeed(seed) {
    const k = ml_kem768_x25519.keygen(seed);
    return {
      seed,
      publicKey: k.publicKey,
      mlKemSecret: new Uint8Array(0),
      x25519Secret: new Uint8Array(0),
    };
  },
  generateKeyPair(random) {
    return this.keyPairFromSeed(random(32));
  },
  encapsulate: (pk, eseed) => ml_kem768_x25519.encapsulate(pk, eseed),
  decapsulate: (ct, kp: KemKeyPair) => ml_kem768_x25519.decapsulate(ct, kp.seed),
};

const NOW = 1_795_219_200_000;
const DAY = 86_400_000;
const fill = (b: number, n = 32) => new Uint8Array(n).fill(b);
const vendor = hybridKeyFromSeed(fill(0xa0));
const otherVendor = hybridKeyFromSeed(fill(0xa1));

function party(subject: string, b: number, validUntil = NOW + 365 * DAY) {
  const staticSeed = fill(b);
  const staticKey = XWING.keyPairFromSeed(staticSeed);
  const signingKey = hybridKeyFromSeed(fill(b + 1));
  const attestation = issueAttestation(vendor, {
    hardwareId: new TextEncoder().encode(`hw-${subject}`),
    measurements: [fill(b), fill(b + 2, 48)],
    staticPublicKey: staticKey.publicKey,
    signingPublicKey: signingKey.publicKey,
    validFrom: NOW - DAY,
    validUntil,
  });
  const id = createNodeIdentity({
    subject,
    staticKey,
    signingKey,
    validFrom: NOW - DAY,
    validUntil: NOW + 365 * DAY,
    attestation,
  });
  return {
    staticSeed: toHex(staticSeed),
    certificate: toHex(id.certificate),
    attestation: toHex(id.attestation),
    randomSeed: toHex(fill(b + 5)),
  };
}

const agent = party('rigel', 0x10);
const qan = party('qan-eu-west', 0x20);
const expiredAgent = party('rigel', 0x10, NOW - 1);
const text = (s: string) => toHex(new TextEncoder().encode(s));
const eksKey = toHex(fill(0x5e));
const records = [
  { from: 'initiator', data: text('heartbeat 1') },
  { from: 'responder', data: text('ack 1') },
  { from: 'initiator', data: '' },
];

const base = {
  pattern: 'IK',
  cipher: 'ChaChaPoly',
  scope: 'jobs',
  now: NOW,
  prologue: text('qcos demo network'),
  initiator: agent,
  responder: qan,
  trustRoots: [toHex(vendor.publicKey)],
  records,
};
const withEks = {
  eks: {
    initiator: { keyId: '2f6d6a1e-6c1c-4b8e-9d0a-3c6f0e1b7a55', key: eksKey },
    responder: [{ keyId: '2f6d6a1e-6c1c-4b8e-9d0a-3c6f0e1b7a55', key: eksKey }],
  },
};

type Case = { name: string; input: Record<string, unknown>; error?: string };
const cases: Case[] = [
  { name: 'pqIK ChaChaPoly, no EKS key', input: { ...base } },
  { name: 'pqIK ChaChaPoly, EKS key as psk2', input: { ...base, ...withEks } },
  { name: 'pqIK AESGCM, no EKS key', input: { ...base, cipher: 'AESGCM' } },
  { name: 'pqXX ChaChaPoly, no EKS key (first contact)', input: { ...base, pattern: 'XX' } },
  {
    name: 'pqXX AESGCM, EKS key as psk3',
    input: { ...base, pattern: 'XX', cipher: 'AESGCM', ...withEks },
  },
  {
    name: 'pqIK: wrong EKS key fails to authenticate',
    input: {
      ...base,
      eks: {
        ...withEks.eks,
        responder: [{ keyId: withEks.eks.initiator.keyId, key: toHex(fill(0x5f)) }],
      },
    },
    error: 'DECRYPT_FAILED',
  },
  {
    name: 'pqIK: responder without the named EKS key',
    input: { ...base, eks: { initiator: withEks.eks.initiator, responder: [] } },
    error: 'EKS_KEY_UNKNOWN',
  },
  {
    name: 'pqXX: wrong EKS key fails to authenticate',
    input: {
      ...base,
      pattern: 'XX',
      eks: {
        ...withEks.eks,
        responder: [{ keyId: withEks.eks.initiator.keyId, key: toHex(fill(0x5f)) }],
      },
    },
    error: 'DECRYPT_FAILED',
  },
  {
    name: 'pqIK: scope not allowed by the responder',
    input: { ...base, allowedScopes: ['heartbeat'] },
    error: 'PEER_REJECTED',
  },
  {
    name: 'pqIK: attestation from an unconfigured root',
    input: { ...base, trustRoots: [toHex(otherVendor.publicKey)] },
    error: 'UNTRUSTED_ROOT',
  },
  {
    name: 'pqIK: different prologue on the two sides',
    input: { ...base, responderPrologue: text('another network') },
    error: 'DECRYPT_FAILED',
  },
  {
    name: 'pqXX: expired attestation',
    input: { ...base, pattern: 'XX', initiator: expiredAgent },
    error: 'EXPIRED',
  },
];

const vectors = cases.map((c) => {
  if (c.error !== undefined) {
    try {
      runPqHandshake(c.input, { xwing: nobleXWing, aead: nodeAead });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== c.error) throw new Error(`${c.name}: got ${code}, expected ${c.error}`);
      return { name: c.name, operation: 'pqHandshake', input: c.input, error: c.error };
    }
    throw new Error(`${c.name}: expected ${c.error}`);
  }
  const out = runPqHandshake(c.input, { xwing: nobleXWing, aead: nodeAead });
  return {
    name: c.name,
    operation: 'pqHandshake',
    input: c.input,
    output: {
      protocol: out.protocol,
      handshakeHash: toHex(out.handshakeHash),
      messages: out.messages.map(toHex),
      records: out.records.map(toHex),
    },
  };
});

const file = {
  package: 'pq-transport',
  description:
    'QCOS PQ handshakes (Noise KEM patterns over X-Wing) with fixed identities and randomness: full transcripts in hex, and the failures a wrong EKS key, a refused scope, an unknown root, a different prologue or an expired attestation must produce.',
  vectors,
};
writeFileSync(
  join(root, 'vectors', 'pq-transport', 'pq-handshakes.json'),
  `${JSON.stringify(file, null, 1)}\n`,
);
console.log(`pq-handshakes.json: ${vectors.length} vectors`);

const exportsOf = [
  { label: 'qcos eks round binding', context: '', length: 32 },
  { label: 'qcos eks round binding', context: '', length: 64 },
  { label: 'another label', context: 'c0ffee', length: 48 },
];
const exporterCases: Case[] = [
  { name: 'pqIK ChaChaPoly, no EKS key', input: { ...base, records: [], exports: exportsOf } },
  {
    name: 'pqIK ChaChaPoly, no EKS key, another initiator ephemeral (new session, new secrets)',
    input: {
      ...base,
      records: [],
      initiator: { ...agent, randomSeed: toHex(fill(0x16)) },
      exports: exportsOf,
    },
  },
  {
    name: 'pqIK ChaChaPoly, EKS key as psk2',
    input: { ...base, ...withEks, records: [], exports: exportsOf },
  },
  {
    name: 'pqXX AESGCM, no EKS key',
    input: { ...base, pattern: 'XX', cipher: 'AESGCM', records: [], exports: exportsOf },
  },
  {
    name: 'exporter length 0 is refused',
    input: { ...base, records: [], exports: [{ label: 'x', context: '', length: 0 }] },
    error: 'INVALID_ARGUMENT',
  },
  {
    name: 'empty exporter label is refused',
    input: { ...base, records: [], exports: [{ label: '', context: '', length: 32 }] },
    error: 'INVALID_ARGUMENT',
  },
];
const exporterVectors = exporterCases.map((c) => {
  if (c.error !== undefined) {
    try {
      runPqExporter(c.input, { xwing: nobleXWing, aead: nodeAead });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== c.error) throw new Error(`${c.name}: got ${code}, expected ${c.error}`);
      return { name: c.name, operation: 'pqExporter', input: c.input, error: c.error };
    }
    throw new Error(`${c.name}: expected ${c.error}`);
  }
  const out = runPqExporter(c.input, { xwing: nobleXWing, aead: nodeAead });
  return {
    name: c.name,
    operation: 'pqExporter',
    input: c.input,
    output: {
      protocol: out.protocol,
      handshakeHash: toHex(out.handshakeHash),
      messages: out.messages.map(toHex),
      exports: out.exports.map(toHex),
    },
  };
});
writeFileSync(
  join(root, 'vectors', 'pq-transport', 'pq-exporter.json'),
  `${JSON.stringify(
    {
      package: 'pq-transport',
      description:
        'The session exporter (docs/spec/pq-transport.md §4.1) over fixed PQ handshakes: the messages and handshake hash a passive observer holds, and the exporter outputs both ends derive (equal on both ends, new per session) which are not computable from them; out-of-range arguments fail with INVALID_ARGUMENT.',
      vectors: exporterVectors,
    },
    null,
    1,
  )}\n`,
);
console.log(`pq-exporter.json: ${exporterVectors.length} vectors`);
