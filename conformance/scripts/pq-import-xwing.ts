/**
 * Converts the X-Wing known answers (draft-connolly-cfrg-xwing-kem) in
 * conformance/reference/xwing/ into conformance/vectors/pq-transport/xwing.json:
 * input = seed + encapsulation seed, output = pk, sk, ct, ss from the draft.
 *
 *   pnpm tsx conformance/scripts/pq-import-xwing.ts
 *   pnpm biome check --write conformance/vectors/pq-transport   (house JSON format)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ref = JSON.parse(
  readFileSync(join(root, 'reference', 'xwing', 'test-vectors.json'), 'utf8'),
) as { seed: string; eseed: string; pk: string; sk: string; ct: string; ss: string }[];

const out = {
  package: 'pq-transport',
  description:
    'X-Wing KEM known answers: key pair from seed, encapsulation with a fixed eseed, and decapsulation back to the same shared secret.',
  source: 'draft-connolly-cfrg-xwing-kem, spec/test-vectors.json',
  vectors: ref.map((v, i) => ({
    name: `X-Wing vector ${i + 1}`,
    operation: 'xwing',
    input: { seed: v.seed, eseed: v.eseed },
    output: { publicKey: v.pk, secretKey: v.sk, cipherText: v.ct, sharedSecret: v.ss },
  })),
};
writeFileSync(
  join(root, 'vectors', 'pq-transport', 'xwing.json'),
  `${JSON.stringify(out, null, 2)}\n`,
);
console.log(`xwing.json: ${out.vectors.length} vectors`);
