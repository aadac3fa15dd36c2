/**
 * Long fuzz run for the strict decoders (the test suite runs the same properties with fewer
 * inputs). Usage: pnpm --filter @qcos/chips-codec fuzz [runs] [seed]
 *
 * For every input: decoding throws nothing but ChipsError, anything accepted re-encodes to the
 * same bytes, and a frame stream gives the same packets however it is chunked. Prints the
 * error-code histogram and the slowest single input, so a hang or a pathological input shows.
 */
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import {
  ChipsError,
  decodeCanonical,
  decodePacket,
  encodeCanonical,
  encodeFrame,
  encodePacket,
  FrameDecoder,
  type Packet,
} from '../src/index.js';
import { packet } from '../test/arbitraries.js';

const runs = Number(process.argv[2] ?? 200_000);
const seed = Number(process.argv[3] ?? 20261121);

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const histogram = new Map<string, number>();
let accepted = 0;
let slowestMs = 0;
let slowestInput: Uint8Array = new Uint8Array(0);

function note(code: string): void {
  histogram.set(code, (histogram.get(code) ?? 0) + 1);
}

/** Mutations that hit the canonical rules: byte flips, inserted / deleted bytes, cuts, head swaps. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({
    kind: fc.constant('head' as const),
    at: fc.nat(),
    value: fc.constantFrom(
      0xc0,
      0xc1,
      0xcc,
      0xcd,
      0xd0,
      0xd9,
      0xdc,
      0xde,
      0xca,
      0xcb,
      0xc4,
      0x90,
      0x80,
      0xff,
    ),
  }),
);

function mutate(
  bytes: Uint8Array,
  edits: { kind: string; at: number; value: number }[],
): Uint8Array {
  let b = Array.from(bytes);
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % b.length;
    if (e.kind === 'set' || e.kind === 'head') b[at] = e.value;
    else if (e.kind === 'insert') b.splice(at, 0, e.value);
    else if (e.kind === 'delete') b.splice(at, 1);
    else b = b.slice(0, at);
  }
  return Uint8Array.from(b);
}

// Another encoder's bytes for the same wire value: msgpackr picks string and float forms by its
// own heuristics, so these are often valid MessagePack but not canonical.
const packr = new Packr({ useRecords: false, variableMapSize: true });
const reencoded = packet.map((p) => Uint8Array.from(packr.pack(packr.unpack(encodePacket(p)))));

const input = fc.oneof(
  { weight: 1, arbitrary: reencoded },
  {
    weight: 5,
    arbitrary: fc
      .tuple(packet, fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([p, m]) => mutate(encodePacket(p), m)),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: packet.map((p) => encodePacket(p)) },
);

function checkPacketBytes(b: Uint8Array): void {
  const t0 = performance.now();
  try {
    const p = decodePacket(b);
    accepted++;
    const again = encodePacket(p);
    if (hex(again) !== hex(b)) throw new Error(`accepted bytes re-encode differently: ${hex(b)}`);
    note('ACCEPTED');
  } catch (e) {
    if (!(e instanceof ChipsError)) throw e;
    if (e.offset === undefined || e.offset < 0 || e.offset > b.length)
      throw new Error(`bad offset ${e.offset}`);
    note(e.code);
  }
  try {
    const v = decodeCanonical(b);
    if (hex(encodeCanonical(v)) !== hex(b))
      throw new Error(`canonical bytes re-encode differently: ${hex(b)}`);
  } catch (e) {
    if (!(e instanceof ChipsError)) throw e;
  }
  const ms = performance.now() - t0;
  if (ms > slowestMs) {
    slowestMs = ms;
    slowestInput = b;
  }
}

const started = performance.now();
fc.assert(
  fc.property(input, (b) => checkPacketBytes(b)),
  { numRuns: runs, seed },
);

// Chunking: the same packets for any split of a frame stream, with a corrupt tail sometimes.
const chunkRuns = Math.max(1, Math.floor(runs / 10));
fc.assert(
  fc.property(
    fc.array(packet, { maxLength: 4 }),
    fc.array(fc.nat(), { maxLength: 16 }),
    (ps: Packet[], cuts) => {
      const frames = ps.map((p) => encodeFrame(p));
      const stream = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      let at = 0;
      for (const f of frames) {
        stream.set(f, at);
        at += f.length;
      }
      const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
      const d = new FrameDecoder();
      const got: Packet[] = [];
      let last = 0;
      for (const p of [...points, stream.length]) {
        got.push(...d.push(stream.subarray(last, p)));
        last = p;
      }
      d.finish();
      if (
        JSON.stringify(got.map((p) => hex(encodePacket(p)))) !==
        JSON.stringify(frames.map((f) => hex(f.subarray(4))))
      ) {
        throw new Error('chunking changed the packets');
      }
    },
  ),
  { numRuns: chunkRuns, seed },
);
const seconds = (performance.now() - started) / 1000;

const total = runs;
console.log(
  `chips-codec fuzz: ${total} decode inputs + ${chunkRuns} chunked streams, seed ${seed}, ${seconds.toFixed(1)} s`,
);
console.log(`accepted (and re-encoded byte for byte): ${accepted}`);
for (const [code, n] of [...histogram].sort((a, b) => b[1] - a[1]))
  console.log(`  ${code.padEnd(22)} ${n}`);
// A slow first sighting is usually a GC pause or JIT warm-up; re-timing tells it from a slow path.
const again = performance.now();
for (let i = 0; i < 100; i++) checkPacketBytes(slowestInput);
const retimed = (performance.now() - again) / 100;
console.log(
  `slowest single input: ${slowestMs.toFixed(2)} ms when first seen, ${retimed.toFixed(3)} ms re-timed (${slowestInput.length} bytes)`,
);
console.log('no exception other than ChipsError; no input re-encoded differently');
