/**
 * Converts the Quidnug v1.0 reference vectors (conformance/reference/quidnug-v1.0/) into
 * conformance/vectors/trust-graph/quidnug-v1.0.json. A pure data transform: every expected
 * value comes from the reference files. For each of the 7 cases it emits the five
 * properties of the reference's NOTES.md (plus the SHA-256 of the signable bytes):
 * reproduce the signable bytes, reproduce the id, verify the reference signature, reject
 * every single-bit flip of it, and sign afresh. The reference signatures are RFC 6979
 * deterministic (checked independently with OpenSSL), so the fresh deterministic low-S
 * signature must equal them byte for byte.
 *
 * Run: pnpm tsx conformance/scripts/trust-import-quidnug.ts && pnpm biome check --write conformance/vectors/trust-graph
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const ref = join(root, 'reference/quidnug-v1.0');

interface RefCase {
  name: string;
  comments?: string;
  signer_key_ref: string;
  input: Record<string, unknown>;
  expected: {
    canonical_signable_bytes_hex: string;
    sha256_of_canonical_hex: string;
    expected_id: string;
    reference_signature_hex: string;
  };
}

const keys = new Map<string, string>();
for (const name of ['alice', 'bob', 'carol']) {
  const k = JSON.parse(readFileSync(join(ref, `test-keys/key-${name}.json`), 'utf8')) as {
    private_scalar_hex: string;
  };
  keys.set(name, k.private_scalar_hex);
}

const vectors: unknown[] = [];
for (const file of ['trust-tx.json', 'identity-tx.json']) {
  const doc = JSON.parse(readFileSync(join(ref, file), 'utf8')) as { cases: RefCase[] };
  for (const c of doc.cases) {
    const tx = c.input;
    const privateScalar = keys.get(c.signer_key_ref);
    if (!privateScalar) throw new Error(`unknown key ${c.signer_key_ref}`);
    const e = c.expected;
    vectors.push(
      {
        name: `${c.name}: signable bytes`,
        description: c.comments,
        operation: 'quidnug.signableBytes',
        input: { tx },
        output: e.canonical_signable_bytes_hex,
      },
      {
        name: `${c.name}: sha256 of signable bytes`,
        operation: 'quidnug.signableDigest',
        input: { tx },
        output: e.sha256_of_canonical_hex,
      },
      { name: `${c.name}: id`, operation: 'quidnug.txId', input: { tx }, output: e.expected_id },
      {
        name: `${c.name}: reference signature verifies`,
        operation: 'quidnug.verify',
        input: { tx: { ...tx, signature: e.reference_signature_hex } },
        output: true,
      },
      {
        name: `${c.name}: every single-bit flip of the signature is rejected`,
        operation: 'quidnug.signatureBitFlips',
        input: { tx: { ...tx, signature: e.reference_signature_hex } },
        output: { flipped: 512, accepted: 0 },
      },
      {
        name: `${c.name}: fresh RFC 6979 signature`,
        operation: 'quidnug.signFresh',
        input: { tx, privateScalar },
        output: { signature: e.reference_signature_hex, verifies: true },
      },
    );
  }
}

const out = {
  $schema: '../../../schemas/conformance/vector-file.schema.json',
  package: 'trust-graph',
  description:
    'Quidnug v1.0 interop: TRUST and IDENTITY transactions signed with ECDSA P-256 (Go encoding/json signable bytes, id rule, raw r||s signatures).',
  source:
    'Quidnug reference implementation v1.0 cross-SDK vectors (generator commit 066e4ae849dc1e54d414f9295f950de7569d6803), copied in conformance/reference/quidnug-v1.0/',
  vectors,
};
writeFileSync(
  join(root, 'vectors/trust-graph/quidnug-v1.0.json'),
  `${JSON.stringify(out, null, 2)}\n`,
);
console.log(`wrote ${vectors.length} vectors`);
