/**
 * Writes conformance/vectors/trust-graph/{relational-trust,records,quidnug-v1.0-rules}.json.
 *
 * Expected values are written by hand from the spec (docs/spec/trust-graph.md): trust
 * levels are products worked out on paper (compared with tolerance 1e-12 where decimal
 * levels round), paths and tie-breaks follow the rules literally, and canonical record
 * bytes are assembled here field by field with node:crypto, independently of the
 * package's encoder. Only the hybrid public key (whose SHA-256 the bytes carry) comes
 * from the built package's key derivation.
 *
 * Run (after building @qcos/trust-graph):
 *   pnpm tsx conformance/scripts/trust-vectors.ts && pnpm biome check --write conformance/vectors/trust-graph
 */

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hybridKeyFromSeed } from '@qcos/identity';

const root = new URL('../', import.meta.url).pathname;
const out = (file: string, description: string, vectors: unknown[], source?: string) =>
  writeFileSync(
    join(root, 'vectors/trust-graph', file),
    `${JSON.stringify(
      {
        $schema: '../../../schemas/conformance/vector-file.schema.json',
        package: 'trust-graph',
        description,
        ...(source ? { source } : {}),
        vectors,
      },
      null,
      2,
    )}\n`,
  );

const [A, B, C, D, E, F, G] = 'abcdef9'.split('').map((c) => c.repeat(16)) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
type Edge = Record<string, unknown>;
const e = (truster: string, trustee: string, level: number, more: Edge = {}): Edge => ({
  truster,
  trustee,
  level,
  ...more,
});
const found = (trustLevel: number, path: string[], extra: Edge = {}) => ({
  trustLevel,
  path,
  depth: path.length - 1,
  confidence: 'high',
  unverifiedHops: 0,
  gaps: [],
  ...extra,
});
const none = { trustLevel: 0, path: [], depth: 0, confidence: 'low', unverifiedHops: 0, gaps: [] };
const now = 1_000;
const rt = (
  name: string,
  edges: Edge[],
  observer: string,
  target: string,
  opts: Edge,
  output: unknown,
  tolerance?: number,
) => ({
  name,
  operation: 'relationalTrust',
  input: { edges, observer, target, options: { now, ...opts } },
  output,
  ...(tolerance ? { tolerance } : {}),
});
const rtErr = (
  name: string,
  edges: Edge[],
  observer: string,
  target: string,
  options: Edge,
  error: string,
) => ({
  name,
  operation: 'relationalTrust',
  input: { edges, observer, target, options },
  error,
});

const worked = [e(A, B, 0.8), e(A, C, 0.6), e(B, D, 0.7), e(C, D, 0.9)];
const chain = [e(A, B, 1), e(B, C, 1), e(C, D, 1), e(D, E, 1), e(E, F, 1), e(F, G, 1)];
const T = 1e-12;

const trust = [
  rt(
    'worked example: A→D is 0.8·0.7 = 0.56 via B, not 0.54 via C',
    worked,
    A,
    D,
    {},
    found(0.56, [A, B, D]),
    T,
  ),
  rt('worked example: direct edge A→B', worked, A, B, {}, found(0.8, [A, B])),
  rt('worked example: direct edge A→C', worked, A, C, {}, found(0.6, [A, C])),
  rt('observer = target is 1 with path [observer]', worked, A, A, {}, found(1, [A])),
  rt('no path against edge direction is 0 with empty path', worked, D, A, {}, none),
  rt('a valid quid absent from the graph is unreachable', worked, A, G, {}, none),
  rt('maxDepth 1 excludes the two-hop paths', worked, A, D, { maxDepth: 1 }, none),
  rt('maxDepth 0 reaches only the observer', worked, A, B, { maxDepth: 0 }, none),
  rt('maxDepth 0 still gives 1 to the observer', worked, A, A, { maxDepth: 0 }, found(1, [A])),
  rt(
    'depth bound: 4-hop chain of 1s wins at maxDepth 4',
    [...chain, e(A, E, 0.1)],
    A,
    E,
    { maxDepth: 4 },
    found(1, [A, B, C, D, E]),
  ),
  rt(
    'depth bound: at maxDepth 3 only the direct 0.1 edge remains',
    [...chain, e(A, E, 0.1)],
    A,
    E,
    { maxDepth: 3 },
    found(0.1, [A, E]),
  ),
  rt('default maxDepth is 5: a 6-hop chain is out of reach', chain, A, G, {}, none),
  rt(
    'maxDepth 6 reaches the end of the 6-hop chain',
    chain,
    A,
    G,
    { maxDepth: 6 },
    found(1, [A, B, C, D, E, F, G]),
  ),
  rt('maxDepth 5 reaches 5 hops down the chain', chain, A, F, {}, found(1, [A, B, C, D, E, F])),
  rt(
    'cycles are never taken: A→B→C beats going round B→A',
    [e(A, B, 0.9), e(B, A, 1), e(B, C, 0.5), e(C, B, 1), e(C, A, 1)],
    A,
    C,
    {},
    found(0.45, [A, B, C]),
    T,
  ),
  rt(
    'a cycle of level-1 edges is not walked',
    [e(A, B, 1), e(B, C, 1), e(C, A, 1), e(C, D, 0.5)],
    A,
    D,
    {},
    found(0.5, [A, B, C, D]),
  ),
  rt(
    'tie on product: fewer hops win',
    [e(A, B, 1), e(B, E, 0.5), e(A, E, 0.5)],
    A,
    E,
    {},
    found(0.5, [A, E]),
  ),
  rt(
    'tie on product and hops: lexicographically smaller path wins',
    [e(A, C, 0.5), e(C, E, 1), e(A, B, 0.5), e(B, E, 1)],
    A,
    E,
    {},
    found(0.5, [A, B, E]),
  ),
  rt(
    'tie decided at the second node of a three-hop path',
    [e(A, C, 1), e(A, B, 1), e(C, D, 0.5), e(B, D, 0.5), e(D, E, 1)],
    A,
    E,
    {},
    found(0.5, [A, B, D, E]),
  ),
  rt(
    'exact tie between different factorisations (0.25·1 = 0.5·0.5)',
    [e(A, C, 0.5), e(C, D, 0.5), e(A, B, 0.25), e(B, D, 1)],
    A,
    D,
    {},
    found(0.25, [A, B, D]),
  ),
  rt(
    'the reference BFS case: the best path revisits a node another path reached first',
    [e(A, B, 0.9), e(A, C, 0.1), e(B, C, 0.9), e(C, D, 0.9)],
    A,
    D,
    {},
    found(0.729, [A, B, C, D]),
    T,
  ),
  rt(
    'ranking is by exact products: 0.01·0.09 and 0.03·0.03 round to the same binary64 but the first is larger',
    [e(A, B, 0.03), e(B, D, 0.03), e(A, C, 0.01), e(C, D, 0.09)],
    A,
    D,
    {},
    found(0.0009, [A, C, D]),
    T,
  ),
  rt(
    'revocation: a level-0 edge is not a path',
    [e(A, B, 0), e(A, C, 0.5), e(C, B, 0.5)],
    A,
    B,
    {},
    found(0.25, [A, C, B]),
  ),
  rt(
    'revocation replaces an earlier level for the same edge',
    [e(A, B, 0.9), e(A, B, 0)],
    A,
    B,
    {},
    none,
  ),
  rt('a later record raises a level', [e(A, B, 0.2), e(A, B, 0.7)], A, B, {}, found(0.7, [A, B])),
  rt(
    'expiry: edge valid until 1000 is live at now 999',
    [e(A, B, 0.9, { validUntil: 1000 })],
    A,
    B,
    { now: 999 },
    found(0.9, [A, B]),
  ),
  rt(
    'expiry: edge valid until 1000 is gone at now 1000',
    [e(A, B, 0.9, { validUntil: 1000 })],
    A,
    B,
    { now: 1000 },
    none,
  ),
  rt(
    'expiry of the best path falls back to the next best',
    [e(A, B, 1, { validUntil: 500 }), e(B, C, 1), e(A, C, 0.3)],
    A,
    C,
    { now: 600 },
    found(0.3, [A, C]),
  ),
  rt(
    'unverified edges are ignored by default',
    [e(A, B, 0.8), e(B, C, 0.9, { verified: false, validator: E }), e(A, E, 0.5)],
    A,
    C,
    {},
    none,
  ),
  rt(
    'unverified hop discounted by trust in its validator (0.8 · 0.9·0.5)',
    [e(A, B, 0.8), e(B, C, 0.9, { verified: false, validator: E }), e(A, E, 0.5)],
    A,
    C,
    { includeUnverified: true },
    found(0.36, [A, B, C], {
      confidence: 'medium',
      unverifiedHops: 1,
      gaps: [{ from: B, to: C, validator: E, validatorTrust: 0.5 }],
    }),
    T,
  ),
  rt(
    'two unverified hops give low confidence',
    [
      e(A, B, 0.5, { verified: false, validator: A }),
      e(B, C, 0.5, { verified: false, validator: A }),
    ],
    A,
    C,
    { includeUnverified: true },
    found(0.25, [A, B, C], {
      confidence: 'low',
      unverifiedHops: 2,
      gaps: [
        { from: A, to: B, validator: A, validatorTrust: 1 },
        { from: B, to: C, validator: A, validatorTrust: 1 },
      ],
    }),
  ),
  rt(
    'an unverified edge from an untrusted validator counts for nothing',
    [e(A, B, 0.9, { verified: false, validator: F })],
    A,
    B,
    { includeUnverified: true },
    none,
  ),
  rt(
    'verified precedence: the verified level is used, not the higher unverified one',
    [e(A, B, 0.2), e(A, B, 0.9, { verified: false, validator: A })],
    A,
    B,
    { includeUnverified: true },
    found(0.2, [A, B]),
  ),
  rt(
    'verified precedence: a verified revocation hides an unverified edge',
    [e(A, B, 0), e(A, B, 0.9, { verified: false, validator: A })],
    A,
    B,
    { includeUnverified: true },
    none,
  ),
  rt(
    'an expired verified edge no longer hides its unverified twin',
    [e(A, B, 0.2, { validUntil: 500 }), e(A, B, 0.9, { verified: false, validator: A })],
    A,
    B,
    { includeUnverified: true },
    found(0.9, [A, B], {
      confidence: 'medium',
      unverifiedHops: 1,
      gaps: [{ from: A, to: B, validator: A, validatorTrust: 1 }],
    }),
  ),
  rt(
    'validator trust is verified-only: a validator reached only through unverified edges gives 0',
    [
      e(A, B, 1),
      e(A, E, 0.9, { verified: false, validator: A }),
      e(B, C, 0.9, { verified: false, validator: E }),
    ],
    A,
    C,
    { includeUnverified: true },
    none,
  ),
  rt(
    'domain filter picks the edge of that domain (x)',
    [e(A, B, 0.9, { domain: 'x' }), e(A, B, 0.5, { domain: 'y' })],
    A,
    B,
    { domain: 'x' },
    found(0.9, [A, B]),
  ),
  rt(
    'domain filter picks the edge of that domain (y)',
    [e(A, B, 0.9, { domain: 'x' }), e(A, B, 0.5, { domain: 'y' })],
    A,
    B,
    { domain: 'y' },
    found(0.5, [A, B]),
  ),
  rt(
    'no domain: every domain counts and the best parallel edge wins',
    [e(A, B, 0.5, { domain: 'y' }), e(A, B, 0.9, { domain: 'x' })],
    A,
    B,
    {},
    found(0.9, [A, B]),
  ),
  rt(
    'a domain the graph has never seen has no edges',
    [e(A, B, 0.9, { domain: 'x' })],
    A,
    B,
    { domain: 'z' },
    none,
  ),
  {
    name: 'single source: every reached quid of the worked example',
    operation: 'singleSourceTrust',
    input: { edges: worked, observer: A, options: { now } },
    output: { [A]: 1, [B]: 0.8, [C]: 0.6, [D]: 0.56 },
    tolerance: T,
  },
  {
    name: 'single source at maxDepth 1',
    operation: 'singleSourceTrust',
    input: { edges: worked, observer: A, options: { now, maxDepth: 1 } },
    output: { [A]: 1, [B]: 0.8, [C]: 0.6 },
  },
  rtErr('observer must be a quid', worked, 'A', D, { now }, 'INVALID_QUID'),
  rtErr('target must be a quid', worked, A, 'ABCDEF0123456789', { now }, 'INVALID_QUID'),
  rtErr('maxDepth above 16 is rejected', worked, A, D, { now, maxDepth: 17 }, 'INVALID_DEPTH'),
  rtErr('negative maxDepth is rejected', worked, A, D, { now, maxDepth: -1 }, 'INVALID_DEPTH'),
  rtErr('fractional maxDepth is rejected', worked, A, D, { now, maxDepth: 2.5 }, 'INVALID_DEPTH'),
  rtErr('now is required', worked, A, D, {}, 'INVALID_TIME'),
  rtErr('empty domain is rejected', worked, A, D, { now, domain: '' }, 'INVALID_DOMAIN'),
];

const setEdge = (name: string, edge: Edge, error: string) => ({
  name,
  operation: 'setEdge',
  input: { edge },
  error,
});
const edges = [
  setEdge('level above 1', e(A, B, 1.5), 'INVALID_LEVEL'),
  setEdge('negative level', e(A, B, -0.1), 'INVALID_LEVEL'),
  setEdge('non-zero level below 2^-32', e(A, B, 1e-12), 'INVALID_LEVEL'),
  setEdge(
    'unverified edge without validator',
    e(A, B, 0.5, { verified: false }),
    'MISSING_VALIDATOR',
  ),
  setEdge('self edge', e(A, A, 0.5), 'SELF_EDGE'),
  setEdge('domain with a space', e(A, B, 0.5, { domain: 'a b' }), 'INVALID_DOMAIN'),
  setEdge('fractional validUntil', e(A, B, 0.5, { validUntil: 1.5 }), 'INVALID_TIME'),
  setEdge('upper-case quid', e(A.toUpperCase(), B, 0.5), 'INVALID_QUID'),
  setEdge('short quid', e('abc', B, 0.5), 'INVALID_QUID'),
  {
    name: 'level exactly 2^-32 is accepted',
    operation: 'setEdge',
    input: { edge: e(A, B, 2 ** -32) },
    output: 1,
  },
];

const dis = (
  name: string,
  edgesIn: Edge[],
  observer: string,
  target: string,
  opts: Edge,
  output: number,
) => ({
  name,
  operation: 'distrust',
  input: { edges: edgesIn, observer, target, options: { now, ...opts } },
  output,
});
const revoked = [e(A, B, 0.8), e(A, C, 0.3), e(C, E, 0), e(B, E, 0, { validUntil: 2000 })];
const distrust = [
  dis('distrust: no revocation is 0', worked, A, D, {}, 0),
  dis('distrust: strongest revoker trusted 0.8 (B), not 0.3 (C)', revoked, A, E, {}, 0.8),
  dis('distrust: an expired revocation no longer counts', revoked, A, E, { now: 2000 }, 0.3),
  dis('distrust: the observer revoking it itself is 1', [...revoked, e(A, E, 0)], A, E, {}, 1),
  dis(
    'distrust: an unverified revocation does not count',
    [e(A, B, 0.8), e(B, E, 0, { verified: false, validator: A })],
    A,
    E,
    {},
    0,
  ),
  dis('distrust: revocation by an untrusted quid is 0', [e(F, E, 0)], A, E, {}, 0),
];

const th = { trusted: 0.75, distrust: 0 };
const cls = (name: string, t: number, d: number, thresholds: Edge, output: string) => ({
  name,
  operation: 'classifyAcceptance',
  input: { trust: t, distrust: d, thresholds },
  output,
});
const clsErr = (name: string, t: number, d: number, thresholds: Edge, error: string) => ({
  name,
  operation: 'classifyAcceptance',
  input: { trust: t, distrust: d, thresholds },
  error,
});
const acceptance = [
  cls('trust above the domain threshold is Trusted', 0.8, 0, th, 'Trusted'),
  cls('trust exactly at the threshold is Trusted', 0.75, 0, th, 'Trusted'),
  cls('trust between the thresholds is Tentative', 0.5, 0, th, 'Tentative'),
  cls('no trust is Untrusted', 0, 0, th, 'Untrusted'),
  cls(
    'trust equal to the distrust threshold is Untrusted',
    0.3,
    0,
    { trusted: 0.75, distrust: 0.3 },
    'Untrusted',
  ),
  cls('distrust 1 (failed signature) is Invalid whatever the trust', 1, 1, th, 'Invalid'),
  cls('distrust at the trusted threshold is Invalid', 0.9, 0.75, th, 'Invalid'),
  cls(
    'distrust above the distrust threshold blocks Trusted',
    0.9,
    0.2,
    { trusted: 0.75, distrust: 0.1 },
    'Tentative',
  ),
  clsErr('thresholds out of order', 0.5, 0, { trusted: 0.2, distrust: 0.5 }, 'INVALID_THRESHOLDS'),
  clsErr('trust above 1', 1.2, 0, th, 'INVALID_LEVEL'),
];

out(
  'relational-trust.json',
  'Relational trust (exact best product over simple paths), edge validation and acceptance tiers.',
  [...trust, ...edges, ...distrust, ...acceptance],
);

// ---- records ----

const seedA = '01'.repeat(32);
const seedB = '02'.repeat(32);
const keyA = hybridKeyFromSeed(Buffer.from(seedA, 'hex'));
const keyB = hybridKeyFromSeed(Buffer.from(seedB, 'hex'));
const quidOf = (pk: Uint8Array) => createHash('sha256').update(pk).digest('hex').slice(0, 16);
const QA = quidOf(keyA.publicKey);
const QB = quidOf(keyB.publicKey);

const u64 = (x: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(x));
  return b;
};
const f64 = (x: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b;
};
const str8 = (s: string) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);
const str16 = (s: string) => {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(Buffer.byteLength(s));
  return Buffer.concat([len, Buffer.from(s)]);
};
const pkHash = (pk: Uint8Array) => createHash('sha256').update(pk).digest();

const trustBody = {
  truster: QA,
  trustee: QB,
  level: 0.9,
  domain: 'qcos.registry',
  nonce: 1,
  timestamp: 1_700_000_000_000,
};
const trustBytes = (b: typeof trustBody & { validUntil?: number; description?: string }) =>
  Buffer.concat([
    Buffer.from('QTR1'),
    Buffer.from(b.truster, 'hex'),
    Buffer.from(b.trustee, 'hex'),
    f64(b.level),
    u64(b.nonce),
    u64(b.timestamp),
    u64(b.validUntil ?? 0),
    pkHash(keyA.publicKey),
    str8(b.domain),
    str16(b.description ?? ''),
  ]).toString('hex');
const idBody = {
  quid: QA,
  creator: QA,
  name: 'rigel-qan',
  domain: 'qcos.registry',
  updateNonce: 1,
  timestamp: 1_700_000_000_000,
};
const idBytes = Buffer.concat([
  Buffer.from('QID1'),
  Buffer.from(QA, 'hex'),
  Buffer.from(QA, 'hex'),
  u64(1),
  u64(1_700_000_000_000),
  pkHash(keyA.publicKey),
  str8('qcos.registry'),
  str8('rigel-qan'),
  str16('QAN of region eu-west'),
  str8('eu.qcos'),
  Buffer.from([2]),
  str8('region'),
  str16('eu-west'),
  str8('role'),
  str16('qan'),
]).toString('hex');

const step = (record: Edge, signerSeed = seedA, more: Edge = {}) => ({
  record,
  signerSeed,
  ...more,
});
const tr = (name: string, steps: unknown[], result: { output?: unknown; error?: string }) => ({
  name,
  operation: 'trustRecord.accept',
  input: { steps, now: 1_700_000_100_000 },
  ...result,
});
const ir = (name: string, steps: unknown[], result: { output?: unknown; error?: string }) => ({
  name,
  operation: 'identityRecord.accept',
  input: { steps },
  ...result,
});
const records = [
  {
    name: 'TRUST canonical bytes, no expiry or description',
    operation: 'trustRecord.canonicalBytes',
    input: { record: trustBody, signerSeed: seedA },
    output: trustBytes(trustBody),
  },
  {
    name: 'TRUST canonical bytes with validUntil and UTF-8 description',
    operation: 'trustRecord.canonicalBytes',
    input: {
      record: { ...trustBody, validUntil: 1_800_000_000_000, description: 'relay ✓ <ok>' },
      signerSeed: seedA,
    },
    output: trustBytes({
      ...trustBody,
      validUntil: 1_800_000_000_000,
      description: 'relay ✓ <ok>',
    }),
  },
  {
    name: 'IDENTITY canonical bytes with attributes sorted by key',
    operation: 'identityRecord.canonicalBytes',
    input: {
      record: {
        ...idBody,
        description: 'QAN of region eu-west',
        homeDomain: 'eu.qcos',
        attributes: { role: 'qan', region: 'eu-west' },
      },
      signerSeed: seedA,
    },
    output: idBytes,
  },
  tr('a valid TRUST record is accepted', [step(trustBody)], { output: { accepted: 1 } }),
  tr(
    'increasing nonces are accepted',
    [step(trustBody), step({ ...trustBody, nonce: 2, level: 0.5 })],
    { output: { accepted: 2 } },
  ),
  tr('a revocation (level 0) is a valid record', [step({ ...trustBody, level: 0 })], {
    output: { accepted: 1 },
  }),
  tr('replaying the same nonce is rejected', [step(trustBody), step(trustBody)], {
    error: 'NONCE_REPLAY',
  }),
  tr(
    'a lower nonce is rejected',
    [step({ ...trustBody, nonce: 5 }), step({ ...trustBody, nonce: 4 })],
    { error: 'NONCE_REPLAY' },
  ),
  tr('nonce 0 is rejected', [step({ ...trustBody, nonce: 0 })], { error: 'INVALID_NONCE' }),
  tr('level above 1 is rejected', [step({ ...trustBody, level: 1.5 })], { error: 'INVALID_LEVEL' }),
  tr('validUntil not after timestamp', [step({ ...trustBody, validUntil: trustBody.timestamp })], {
    error: 'EXPIRY_NOT_AFTER_TIMESTAMP',
  }),
  tr('expired at evaluation time', [step({ ...trustBody, validUntil: 1_700_000_050_000 })], {
    error: 'RECORD_EXPIRED',
  }),
  tr('signed by a key that is not the truster', [step(trustBody, seedB)], {
    error: 'SIGNER_MISMATCH',
  }),
  tr(
    'flipped bit in the Ed25519 half of the signature',
    [step(trustBody, seedA, { flipSignatureByte: 0 })],
    { error: 'BAD_SIGNATURE' },
  ),
  tr(
    'flipped bit in the ML-DSA-65 half of the signature',
    [step(trustBody, seedA, { flipSignatureByte: 1000 })],
    { error: 'BAD_SIGNATURE' },
  ),
  tr('level changed after signing', [step(trustBody, seedA, { override: { level: 0.95 } })], {
    error: 'BAD_SIGNATURE',
  }),
  tr('description over 4096 bytes', [step({ ...trustBody, description: 'x'.repeat(4097) })], {
    error: 'DESCRIPTION_TOO_LONG',
  }),
  tr('control character in description', [step({ ...trustBody, description: 'a\u0000b' })], {
    error: 'INVALID_CHARACTER',
  }),
  tr('self trust', [step({ ...trustBody, trustee: QA })], { error: 'SELF_EDGE' }),
  tr('bad trustee quid', [step({ ...trustBody, trustee: 'XYZ' })], { error: 'INVALID_QUID' }),
  ir('self-registration is accepted', [step(idBody)], { output: { accepted: 1 } }),
  ir('registration by the creator is accepted', [step({ ...idBody, quid: QB, creator: QA })], {
    output: { accepted: 1 },
  }),
  ir('signer neither the quid nor the creator', [step({ ...idBody, quid: QB, creator: QB })], {
    error: 'SIGNER_MISMATCH',
  }),
  ir('updateNonce must increase per quid', [step(idBody), step({ ...idBody, name: 'rigel-2' })], {
    error: 'NONCE_REPLAY',
  }),
  ir('empty name', [step({ ...idBody, name: '' })], { error: 'INVALID_RECORD' }),
  ir('name changed after signing', [step(idBody, seedA, { override: { name: 'mallory' } })], {
    error: 'BAD_SIGNATURE',
  }),
];
out(
  'records.json',
  'Hybrid-signed TRUST and IDENTITY records: canonical bytes and validation rules.',
  records,
);

// ---- Quidnug v1.0 acceptance rules ----

const ref = join(root, 'reference/quidnug-v1.0');
const load = (f: string) =>
  (
    JSON.parse(readFileSync(join(ref, f), 'utf8')) as {
      cases: { input: Record<string, unknown> }[];
    }
  ).cases.map((c) => c.input);
const trustTxs = load('trust-tx.json');
const idTxs = load('identity-tx.json');
const [t1, t2, t3, t4] = trustTxs as [Edge, Edge, Edge, Edge];
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const highS = (sig: string) =>
  sig.slice(0, 64) + (N - BigInt(`0x${sig.slice(64)}`)).toString(16).padStart(64, '0');
const der = (sig: string) => {
  const int = (h: string) => {
    let b = Buffer.from(h, 'hex');
    while (b.length > 1 && b[0] === 0 && (b[1] as number) < 0x80) b = b.subarray(1);
    if ((b[0] as number) >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([2, b.length]), b]);
  };
  const body = Buffer.concat([int(sig.slice(0, 64)), int(sig.slice(64))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('hex');
};
const qa = (name: string, txs: unknown[], result: { output?: unknown; error?: string }) => ({
  name,
  operation: 'quidnug.accept',
  input: { txs },
  ...result,
});
const rules = [
  qa('the four TRUST cases in order (nonces per truster/trustee pair)', [t1, t2, t3, t4], {
    output: { accepted: 4 },
  }),
  qa('the three IDENTITY cases', idTxs, { output: { accepted: 3 } }),
  qa('replaying an older TRUST nonce for the same pair', [t4, t1], { error: 'NONCE_REPLAY' }),
  qa('trust level changed but id kept', [{ ...t1, trustLevel: 0.8 }], { error: 'ID_MISMATCH' }),
  qa('truster changed to someone other than the signer', [{ ...t1, truster: t1.trustee }], {
    error: 'SIGNER_MISMATCH',
  }),
  qa('description changed (not in the id): signature fails', [{ ...t1, description: 'plumber' }], {
    error: 'BAD_SIGNATURE',
  }),
  qa('DER-encoded signature is rejected', [{ ...t1, signature: der(t1.signature as string) }], {
    error: 'BAD_SIGNATURE',
  }),
  qa('trust level above 1', [{ ...t1, trustLevel: 1.5 }], { error: 'INVALID_LEVEL' }),
  qa('validUntil not after timestamp', [{ ...t2, validUntil: t2.timestamp }], {
    error: 'EXPIRY_NOT_AFTER_TIMESTAMP',
  }),
  qa('control character in description', [{ ...t1, description: 'a\u0001b' }], {
    error: 'INVALID_CHARACTER',
  }),
  qa('nonce 0', [{ ...t1, nonce: 0 }], { error: 'INVALID_NONCE' }),
  qa('unknown transaction type', [{ ...t1, type: 'TITLE' }], { error: 'INVALID_RECORD' }),
  qa('IDENTITY updateNonce replay for the same quid', [idTxs[0], idTxs[0]], {
    error: 'NONCE_REPLAY',
  }),
  {
    name: 'high-S form (n − s) of a reference signature verifies, as in Go',
    operation: 'quidnug.verify',
    input: { tx: { ...t1, signature: highS(t1.signature as string) } },
    output: true,
  },
  {
    name: 'HTML characters are escaped as Go does (\\u003c \\u003e \\u0026)',
    operation: 'quidnug.signableBytes',
    input: { tx: { ...t1, description: '<a&b>' } },
    output: Buffer.from(
      '{"id":"fe0ce93db85b9c529b40cbbf00851b1a3a975f45ef4062d4891cd4f3dd354320","type":"TRUST","trustDomain":"contractors.home","timestamp":1729468800,"signature":"","publicKey":"0421afc8793eca10e9f8aca5a9976f1338acf1bf9a87198f2890b648040eb45a16b097408a59e76cca4c807aef1d34b0a12c406b31ccfb29e844ce8a3db2b60243","truster":"c31907f180e6e1e0","trustee":"4ef5d5d0f15ff46d","trustLevel":0.9,"nonce":1,"description":"\\u003ca\\u0026b\\u003e"}',
    ).toString('hex'),
  },
  {
    name: 'tiny levels print in exponent form (1e-7), as Go does',
    operation: 'quidnug.txId',
    input: { tx: { ...t1, trustLevel: 1e-7 } },
    output: createHash('sha256')
      .update(
        '{"Truster":"c31907f180e6e1e0","Trustee":"4ef5d5d0f15ff46d","TrustLevel":1e-7,"TrustDomain":"contractors.home","Timestamp":1729468800}',
      )
      .digest('hex'),
  },
];
out(
  'quidnug-v1.0-rules.json',
  'Quidnug v1.0 validation rules (nonce ledger, id, signer, DER rejection, Go JSON details) on the reference transactions.',
  rules,
  'Derived from the Quidnug v1.0 reference vectors in conformance/reference/quidnug-v1.0/',
);
console.log(
  `wrote ${trust.length + edges.length + distrust.length + acceptance.length} + ${records.length} + ${rules.length} vectors`,
);
