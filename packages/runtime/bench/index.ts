/**
 * Runtime micro-benchmarks (tinybench), each against the alternative a user would pick, in the
 * same run:
 *  - block log append with synchronous=FULL (ours: acknowledged = on disk) vs synchronous=NORMAL
 *    (WAL's default: faster, but the last commits can be lost on power failure);
 *  - length-prefixed frame decoding, 1 KiB frames in 4 KiB chunks, vs re-concatenating Buffers.
 *
 *   pnpm --filter @qcos/runtime bench
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { encodeFrame, FrameDecoder, openDatabase, sqliteBlockLog } from '../src/index.js';

const block = new Uint8Array(2_048).fill(7);
const hash = new Uint8Array(32).fill(1);

function appender(synchronous: 'FULL' | 'NORMAL') {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'bench-log-')), 'log.db'));
  db.pragma(`synchronous = ${synchronous}`);
  const log = sqliteBlockLog(db);
  let height = 1;
  return () => {
    const expected = height === 1 ? null : { height: height - 1, hash };
    return log.append({ height: height++, hash, bytes: block }, expected);
  };
}

const stream = Buffer.concat(
  Array.from({ length: 256 }, () => encodeFrame(new Uint8Array(1_024).fill(3))),
);
const chunks: Buffer[] = [];
for (let i = 0; i < stream.length; i += 4_096) chunks.push(stream.subarray(i, i + 4_096));

function naiveDecode(): number {
  let buffered = Buffer.alloc(0);
  let frames = 0;
  for (const c of chunks) {
    buffered = Buffer.concat([buffered, c]);
    while (buffered.length >= 4) {
      const n = buffered.readUInt32BE(0);
      if (buffered.length < 4 + n) break;
      buffered = buffered.subarray(4 + n);
      frames++;
    }
  }
  return frames;
}

const bench = new Bench({ time: 1_500 });
bench
  .add('block log append, synchronous=FULL (ours)', appender('FULL'))
  .add('block log append, synchronous=NORMAL (peer)', appender('NORMAL'))
  .add('FrameDecoder, 256 × 1 KiB frames (ours)', () => {
    const d = new FrameDecoder();
    let n = 0;
    for (const c of chunks) n += d.push(c).length;
    if (n !== 256) throw new Error('lost frames');
  })
  .add('Buffer.concat decoder, 256 × 1 KiB frames (peer)', () => {
    if (naiveDecode() !== 256) throw new Error('lost frames');
  });
await bench.run();

const hz = (name: string) =>
  bench.tasks.find((t) => t.name === name)?.result?.throughput?.mean ?? Number.NaN;
console.table(bench.table());
const full = hz('block log append, synchronous=FULL (ours)');
const normal = hz('block log append, synchronous=NORMAL (peer)');
const ours = hz('FrameDecoder, 256 × 1 KiB frames (ours)');
const peer = hz('Buffer.concat decoder, 256 × 1 KiB frames (peer)');
console.log(
  `append FULL / NORMAL = ${(full / normal).toFixed(2)} (${full.toFixed(0)} vs ${normal.toFixed(0)} blocks/s)`,
);
console.log(`FrameDecoder / Buffer.concat = ${(ours / peer).toFixed(2)}`);
