/**
 * Benchmarks of @qcos/eks-qkd-sim. Run: pnpm --filter @qcos/eks-qkd-sim bench
 *
 * 1. Simulated pulses per second of decoy BB84 (target ≥ 10 M/s), against a straightforward
 *    per-pulse simulator (Math.random, Poisson by Knuth's product method, one Bernoulli trial
 *    per photon) — what one writes first, and what most teaching simulators do.
 * 2. Cascade efficiency f = leak / (n·h(e)) at QBER 1 %, 3 %, 5 % (target ≤ 1.10), this
 *    package's option 8 + confirmation against original Cascade (0.73/e, doubling, 4 passes)
 *    on the same strings.
 * 3. Final-key bits per CPU second of the whole chain (simulation, sifting, estimation,
 *    Cascade, verification, Toeplitz privacy amplification).
 */
import { Bench } from 'tinybench';
import { defaultLink } from '../scripts/default-link.js';
import {
  cascade,
  type DecoyBb84Link,
  GHZ_GATED_TIMING,
  reconciliationEfficiency,
  runDecoyBb84,
  simulateDecoyBb84,
  Xoshiro128,
} from '../src/index.js';

const link = (km: number) => defaultLink(km);

/** The same link on the time axis of a 1 GHz gated detector, with 1 % after-pulsing. */
const timedLink = (km: number) =>
  defaultLink(km, { afterpulseProb: 0.01, timing: GHZ_GATED_TIMING });

/** The peer: one pulse at a time, one random number per decision, photons one by one. */
function naiveSimulate(l: DecoyBb84Link, pulses: number): number {
  const eta = 10 ** ((-l.fibre.lossDbPerKm * l.fibre.distanceKm) / 10) * l.detector.efficiency;
  const pd = l.detector.darkCountProb;
  const s = l.source;
  let clicks = 0;
  for (let p = 0; p < pulses; p++) {
    const u = Math.random();
    const mean =
      u < s.signalProb ? s.signalMean : u < s.signalProb + s.decoyProb ? s.decoyMean : s.vacuumMean;
    const limit = Math.exp(-mean);
    let n = 0;
    for (let prod = Math.random(); prod > limit; prod *= Math.random()) n++;
    let detected = false;
    for (let k = 0; k < n; k++) if (Math.random() < eta) detected = true;
    const dark = Math.random() < pd || Math.random() < pd;
    const aliceBit = Math.random() < 0.5;
    const aliceBasis = Math.random() < 0.5;
    const bobBasis = Math.random() < 0.5;
    if (detected || dark) {
      clicks++;
      if (aliceBasis === bobBasis && aliceBit) clicks += 0; // keep the draws observable
    }
  }
  return clicks;
}

const PULSES = 2_000_000;
const bench = new Bench({ time: 3000, warmupTime: 500 });
let sink = 0;
bench
  .add('decoy BB84 simulate (this package), 2 M pulses, 50 km', () => {
    sink += simulateDecoyBb84(link(50), PULSES, new Xoshiro128(1)).count;
  })
  .add('decoy BB84 simulate on the 1 GHz time axis, 2 M pulses, 50 km', () => {
    sink += simulateDecoyBb84(timedLink(50), PULSES, new Xoshiro128(1)).count;
  })
  .add('per-pulse naive simulator (peer), 2 M pulses, 50 km', () => {
    sink += naiveSimulate(link(50), PULSES);
  });
await bench.run();
const hz = (name: string) =>
  bench.tasks.find((t) => t.name.startsWith(name))?.result?.throughput.mean ?? 0;
const ours = hz('decoy BB84 simulate') * PULSES;
const peer = hz('per-pulse naive') * PULSES;
const timed = hz('decoy BB84 simulate on the 1 GHz') * PULSES;
console.log('\n## Pulses per second (decoy BB84, 50 km)');
console.log(`this package : ${(ours / 1e6).toFixed(1)} M pulses/s`);
console.log(`naive peer   : ${(peer / 1e6).toFixed(1)} M pulses/s`);
console.log(
  `ratio vs peer: ${(ours / peer).toFixed(2)}×; vs target 10 M/s: ${(ours / 1e7).toFixed(2)}×`,
);
console.log(
  `on the 1 GHz time axis (dead time, jitter, 1 % after-pulsing): ${(timed / 1e6).toFixed(1)} M pulses/s, ${(timed / 1e7).toFixed(2)}× the target`,
);

// CPU time is what the target is about; on a shared machine wall-clock rates understate it.
function cpuRate(fn: () => void, pulses: number, reps: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const dt = process.cpuUsage(t0);
  return (pulses * reps) / ((dt.user + dt.system) / 1e6);
}
const oursCpu = cpuRate(
  () => simulateDecoyBb84(link(50), 10_000_000, new Xoshiro128(2)),
  10_000_000,
  5,
);
const peerCpu = cpuRate(() => naiveSimulate(link(50), 10_000_000), 10_000_000, 2);
console.log('\n## Pulses per CPU second (process.cpuUsage, same run)');
console.log(`this package : ${(oursCpu / 1e6).toFixed(1)} M pulses per CPU s`);
console.log(`naive peer   : ${(peerCpu / 1e6).toFixed(1)} M pulses per CPU s`);
console.log(
  `ratio vs peer: ${(oursCpu / peerCpu).toFixed(2)}×; vs target 10 M/s: ${(oursCpu / 1e7).toFixed(2)}×`,
);

console.log('\n## Cascade efficiency f (mean over runs; same strings for both variants)');
console.log(
  '| n | QBER | runs | f option 8 + confirm | f original | residual-error runs (ours / original) | ms/run ours |',
);
for (const n of [10_000, 100_000]) {
  for (const q of [0.01, 0.03, 0.05]) {
    const runs = n === 10_000 ? 200 : 20;
    const rng = new Xoshiro128(n + Math.round(q * 1000));
    let fOurs = 0;
    let fOrig = 0;
    let badOurs = 0;
    let badOrig = 0;
    let ms = 0;
    for (let r = 0; r < runs; r++) {
      const a = new Uint8Array(n);
      const b = new Uint8Array(n);
      let errors = 0;
      for (let i = 0; i < n; i++) {
        a[i] = rng.nextU32() & 1;
        const flip = rng.nextDouble() < q ? 1 : 0;
        b[i] = a[i]! ^ flip;
        errors += flip;
      }
      const t0 = performance.now();
      const ours = cascade(a, b, q, new Xoshiro128(r));
      ms += performance.now() - t0;
      const orig = cascade(a, b, q, new Xoshiro128(r), { blockSizes: 'original' });
      fOurs += reconciliationEfficiency(ours.leakedBits, n, errors);
      fOrig += reconciliationEfficiency(orig.leakedBits, n, errors);
      if (ours.corrected.some((x, i) => x !== a[i])) badOurs++;
      if (orig.corrected.some((x, i) => x !== a[i])) badOrig++;
    }
    console.log(
      `| ${n} | ${q * 100} % | ${runs} | ${(fOurs / runs).toFixed(3)} | ${(fOrig / runs).toFixed(3)} | ${badOurs} / ${badOrig} | ${(ms / runs).toFixed(1)} |`,
    );
  }
}

console.log('\n## Final-key bits per CPU second (whole chain, one thread)');
console.log('| distance | pulses | final bits | CPU s | bits/s | f | QBER |');
for (const [km, pulses] of [
  [10, 10_000_000],
  [25, 10_000_000],
  [50, 20_000_000],
] as const) {
  const t0 = process.cpuUsage();
  const out = runDecoyBb84({ link: link(km), pulses, seed: km });
  const dt = process.cpuUsage(t0);
  const cpu = (dt.user + dt.system) / 1e6;
  const r = out.report;
  console.log(
    `| ${km} km | ${pulses / 1e6} M | ${r.finalKeyBits} | ${cpu.toFixed(2)} | ${Math.round(r.finalKeyBits / cpu)} | ${r.reconciliation?.efficiency.toFixed(3)} | ${(r.trueQber * 100).toFixed(2)} % |`,
  );
}
if (sink < 0) console.log(sink);
