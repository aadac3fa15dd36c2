import { Bench } from 'tinybench';
import { isQUri, normalize, parse } from '../src/index.js';
import { BENCH_CORPUS } from './corpus.js';

/**
 * parse (full validation into a typed object) vs `new URL()` (WHATWG generic parse, no
 * Q-URI validation at all) over the same strings, in the same run. One task iteration reads
 * the whole corpus; figures are per URI. The two are measured in alternating short rounds and
 * the median ratio is reported, so that load from other processes hits both alike.
 */
const TARGET_RATIO = 1.0;
const ROUNDS = 9;
let sink = 0;

const tasks: Record<string, () => void> = {
  'new URL()': () => {
    for (const s of BENCH_CORPUS) sink += new URL(s).pathname.length;
  },
  'new URL().href': () => {
    for (const s of BENCH_CORPUS) sink += new URL(s).href.length;
  },
  '@qcos/q-uri parse': () => {
    for (const s of BENCH_CORPUS) sink += parse(s).operation.length;
  },
  '@qcos/q-uri isQUri': () => {
    for (const s of BENCH_CORPUS) sink += isQUri(s) ? 1 : 0;
  },
  '@qcos/q-uri normalize': () => {
    for (const s of BENCH_CORPUS) sink += normalize(s).length;
  },
};

const samples = new Map<string, number[]>(Object.keys(tasks).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: 400, warmup: true, warmupTime: 100 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  for (const task of bench.tasks) {
    const hz = task.result?.throughput.mean;
    if (hz === undefined) throw new Error(`no result for ${task.name}`);
    samples.get(task.name)!.push(hz * BENCH_CORPUS.length);
  }
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const peer = samples.get('new URL()')!;
const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`;
console.log(`corpus: ${BENCH_CORPUS.length} URIs, ${ROUNDS} rounds; checksum ${sink % 997}`);
console.log(
  '| task | URIs/s (median) | vs new URL() (median of per-round ratios) | vs target 1.0x |',
);
console.log('|---|---|---|---|');
for (const [name, hz] of samples) {
  const ratio = median(hz.map((x, i) => x / peer[i]!));
  const verdict = ratio >= TARGET_RATIO ? 'met' : 'missed';
  const vsTarget = name.startsWith('new URL')
    ? '—'
    : `${(ratio / TARGET_RATIO).toFixed(2)}x (${verdict})`;
  console.log(`| ${name} | ${fmt(median(hz))} | ${ratio.toFixed(2)}x | ${vsTarget} |`);
}
