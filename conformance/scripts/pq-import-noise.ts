/**
 * Converts the Noise test vectors (cacophony format) in conformance/reference/noise/
 * into conformance/vectors/pq-transport/noise-*.json. Input = the case's keys,
 * prologues, PSKs and payloads; output = the handshake hash and every ciphertext,
 * exactly as the reference file gives them (nothing here is computed by the package).
 *
 *   pnpm tsx conformance/scripts/pq-import-noise.ts
 *   pnpm biome check --write conformance/vectors/pq-transport   (house JSON format)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const refDir = join(root, 'reference', 'noise');
const outDir = join(root, 'vectors', 'pq-transport');

interface CacophonyCase {
  protocol_name: string;
  init_prologue: string;
  init_static?: string;
  init_ephemeral?: string;
  init_remote_static?: string;
  init_psks?: string[];
  resp_prologue: string;
  resp_static?: string;
  resp_ephemeral?: string;
  resp_remote_static?: string;
  resp_psks?: string[];
  handshake_hash: string;
  messages: { payload: string; ciphertext: string }[];
}

function side(c: CacophonyCase, p: 'init' | 'resp') {
  const get = (k: string) => (c as unknown as Record<string, unknown>)[`${p}_${k}`];
  const out: Record<string, unknown> = { prologue: get('prologue') };
  if (get('static') !== undefined) out.static = get('static');
  if (get('ephemeral') !== undefined) out.ephemeral = get('ephemeral');
  if (get('remote_static') !== undefined) out.remoteStatic = get('remote_static');
  if (get('psks') !== undefined) out.psks = get('psks');
  return out;
}

for (const file of readdirSync(refDir).filter((f) => f.endsWith('.json'))) {
  const ref = JSON.parse(readFileSync(join(refDir, file), 'utf8')) as {
    source?: string;
    vectors: CacophonyCase[];
  };
  const vectors = ref.vectors.map((c) => ({
    name: c.protocol_name,
    operation: 'noiseHandshake',
    input: {
      protocol: c.protocol_name,
      initiator: side(c, 'init'),
      responder: side(c, 'resp'),
      payloads: c.messages.map((m) => m.payload),
    },
    output: {
      handshakeHash: c.handshake_hash,
      ciphertexts: c.messages.map((m) => m.ciphertext),
    },
  }));
  const out = {
    package: 'pq-transport',
    description:
      'Noise Protocol Framework rev 34 known answers: both parties run the handshake with the given keys, then exchange transport messages; the handshake hash and every ciphertext must match.',
    source: ref.source ?? `cacophony test vectors (${basename(file)})`,
    vectors,
  };
  const name = `noise-${basename(file, '.json').toLowerCase()}.json`;
  writeFileSync(join(outDir, name), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${name}: ${vectors.length} vectors`);
}
