/**
 * Writes conformance/vectors/identity/identity.json.
 *
 * Quids and static-key seeds are computed here with node:crypto from the rules in the spec
 * (quid = hex(SHA-256(public key))[0:16]; static-key seed = SHA-256("qcos/static-key/v1" ‖ seed)),
 * and the Ed25519 half of every hybrid signature is recomputed with node:crypto from the
 * HKDF-derived seed and the signing input "QCOS-HybridSig-v1" ‖ u8(len(context)) ‖ context ‖ message.
 * The hybrid public key and the ML-DSA-65 half come from the built package.
 *
 * Run (after building @qcos/identity):
 *   pnpm tsx conformance/scripts/identity-vectors.ts && pnpm biome check --write conformance/vectors/identity
 */
import { createHash, createPrivateKey, hkdfSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hybridKeyFromSeed, hybridSign } from '@qcos/identity';

const root = new URL('../', import.meta.url).pathname;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const sha256 = (...parts: (string | Uint8Array)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const quid = (publicKey: Uint8Array) => hex(sha256(publicKey)).slice(0, 16);
const seed = (b: number) => new Uint8Array(32).fill(b);

/** The Ed25519 half, independently of the package. */
function ed25519Half(s: Uint8Array, context: string, message: Uint8Array): Uint8Array {
  const edSeed = Buffer.from(hkdfSync('sha256', s, new Uint8Array(0), 'qcos hybrid ed25519', 32));
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), edSeed]);
  const ctx = Buffer.from(context, 'utf8');
  const input = Buffer.concat([
    Buffer.from('QCOS-HybridSig-v1'),
    Buffer.from([ctx.length]),
    ctx,
    message,
  ]);
  return new Uint8Array(
    sign(null, input, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })),
  );
}

const key = hybridKeyFromSeed(seed(1));
const message = new TextEncoder().encode('block 42');
const context = 'registry-block';
const signature = hybridSign(key, context, message);
if (hex(signature.subarray(0, 64)) !== hex(ed25519Half(seed(1), context, message))) {
  throw new Error('the Ed25519 half differs from the independent computation');
}
const flipped = (at: number) => {
  const s = signature.slice();
  s[at] = (s[at] as number) ^ 1;
  return hex(s);
};
const verify = (name: string, input: Record<string, string>, output: boolean) => ({
  name,
  operation: 'hybridVerify',
  input: {
    publicKey: hex(key.publicKey),
    context,
    message: hex(message),
    signature: hex(signature),
    ...input,
  },
  output,
});

const vectors = [
  {
    name: 'quid of the empty key is the start of SHA-256("")',
    operation: 'quid',
    input: { publicKey: '' },
    output: quid(new Uint8Array(0)),
  },
  {
    name: 'quid of a 32-byte key',
    operation: 'quid',
    input: { publicKey: hex(seed(0xab)) },
    output: quid(seed(0xab)),
  },
  {
    name: 'quid of the hybrid key of seed 01…01',
    operation: 'quid',
    input: { publicKey: hex(key.publicKey) },
    output: quid(key.publicKey),
  },
  ...[
    ['a quid', '28ce5ababd53b7a1', true],
    ['upper-case hex is not a quid', '28CE5ABABD53B7A1', false],
    ['15 characters', '28ce5ababd53b7a', false],
    ['17 characters', '28ce5ababd53b7a10', false],
    ['a non-hex character', '28ce5ababd53b7g1', false],
  ].map(([name, value, output]) => ({
    name: `isQuid: ${name}`,
    operation: 'isQuid',
    input: { value },
    output,
  })),
  {
    name: 'hybrid public key of seed 01…01: Ed25519 (32) ‖ ML-DSA-65 (1952)',
    operation: 'hybridPublicKey',
    input: { seed: hex(seed(1)) },
    output: hex(key.publicKey),
  },
  {
    name: 'hybrid signature is deterministic: Ed25519 (64) ‖ ML-DSA-65 (3309)',
    operation: 'hybridSign',
    input: { seed: hex(seed(1)), context, message: hex(message) },
    output: hex(signature),
  },
  verify('the signature verifies', {}, true),
  verify('another context does not verify', { context: 'trust-record' }, false),
  verify(
    'another message does not verify',
    { message: hex(new TextEncoder().encode('block 43')) },
    false,
  ),
  verify('a flipped bit in the Ed25519 half does not verify', { signature: flipped(0) }, false),
  verify('a flipped bit in the ML-DSA-65 half does not verify', { signature: flipped(100) }, false),
  verify('a truncated signature does not verify', { signature: hex(signature.subarray(1)) }, false),
  {
    name: 'node keys of seed 07…07: quid of the signing key and the static-key seed',
    operation: 'nodeKeys',
    input: { seed: hex(seed(7)) },
    output: {
      quid: quid(hybridKeyFromSeed(seed(7)).publicKey),
      staticKeySeed: hex(sha256('qcos/static-key/v1', seed(7))),
    },
  },
];

writeFileSync(
  join(root, 'vectors/identity/identity.json'),
  `${JSON.stringify(
    {
      $schema: '../../../schemas/conformance/vector-file.schema.json',
      package: 'identity',
      description:
        'The quid rule, hybrid Ed25519 + ML-DSA-65 keys and signatures, and node keys from a seed.',
      vectors,
    },
    null,
    2,
  )}\n`,
);
