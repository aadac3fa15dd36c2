/**
 * Secret key rate in bits per second (the time axis, spec §8.4 and §9.3). Run:
 *   pnpm --filter @qcos/eks-qkd-sim bench:rate
 *
 * 1. The model (timedDecoyRates) against distance for a 1 GHz gated InGaAs system and for the
 *    EKS link's 1 MHz source, with the fibre's PLOB bound per second beside it and the time to
 *    fill a 1 024-key pool of 256-bit keys.
 * 2. The simulation on the same time axis (dead time, jitter, after-pulsing in the pulse loop):
 *    final-key bits per second of link time, against the model at the run's own f.
 * 3. Simulated EKS rounds (10⁶ pulses = 1 s of link time each): key bits per second.
 */

import { defaultLink } from '../scripts/default-link.js';
import {
  DEFAULT_EKS_LINK,
  EKS_LINK_TIMING,
  eksLinkRates,
  eksRoundDurationMs,
  GHZ_GATED_TIMING,
  type LinkTiming,
  runDecoyBb84,
  runEksRound,
  timedDecoyRates,
  timeToFillPool,
} from '../src/index.js';

const POOL_BITS = 1024 * 256;
const F = 1.1;

const link = (km: number, afterpulseProb: number, timing?: LinkTiming) =>
  defaultLink(km, { afterpulseProb, ...(timing === undefined ? {} : { timing }) });

const si = (bps: number) =>
  bps >= 1e6
    ? `${(bps / 1e6).toFixed(3)} Mbit/s`
    : bps >= 1e3
      ? `${(bps / 1e3).toFixed(1)} kbit/s`
      : `${bps.toFixed(1)} bit/s`;
const duration = (s: number) =>
  !Number.isFinite(s)
    ? 'never'
    : s < 1
      ? `${(s * 1e3).toFixed(1)} ms`
      : s < 3600
        ? `${s.toFixed(1)} s`
        : `${(s / 3600).toFixed(1)} h`;

console.log('## 1. Modelled secret key rate (asymptotic, f = 1.1)');
console.log(
  '| distance | 1 GHz gated: bits/s | open gates | clicks/s | pool fill | EKS 1 MHz: bits/s | pool fill | PLOB (1 GHz) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const km of [0, 10, 25, 50, 75, 100, 125, 150]) {
  const g = timedDecoyRates(link(km, 0.01), GHZ_GATED_TIMING, F);
  const e = timedDecoyRates(link(km, 0), EKS_LINK_TIMING, F);
  const plob = km === 0 ? '∞' : si(g.plobFibreBitsPerSecond);
  console.log(
    `| ${km} km | ${si(g.secretBitsPerSecond)} | ${(g.openGateFraction * 100).toFixed(1)} % | ${(g.detectionsPerSecond / 1e6).toFixed(2)} M | ${duration(timeToFillPool(POOL_BITS, g.secretBitsPerSecond))} | ${si(e.secretBitsPerSecond)} | ${duration(timeToFillPool(POOL_BITS, e.secretBitsPerSecond))} | ${plob} |`,
  );
}

console.log('\n## 2. Simulated on the 1 GHz time axis: final key per second of link time');
console.log('| distance | pulses (link time) | final bits | bits/s | model at run f | ratio | f |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [km, pulses] of [
  [25, 20_000_000],
  [50, 20_000_000],
  [75, 40_000_000],
] as const) {
  const l = link(km, 0.01, GHZ_GATED_TIMING);
  const r = runDecoyBb84({ link: l, pulses, seed: km }).report;
  const seconds = pulses / GHZ_GATED_TIMING.repetitionRateHz;
  const f = r.reconciliation?.efficiency ?? F;
  const model = timedDecoyRates(link(km, 0.01), GHZ_GATED_TIMING, f).secretBitsPerSecond;
  const bps = r.finalKeyBits / seconds;
  console.log(
    `| ${km} km | ${pulses / 1e6} M (${(seconds * 1e3).toFixed(0)} ms) | ${r.finalKeyBits} | ${si(bps)} | ${si(model)} | ${(bps / model).toFixed(3)} | ${f.toFixed(3)} |`,
  );
}

console.log('\n## 3. Simulated EKS rounds: key per second of link time (8 rounds of 10⁶ pulses)');
console.log('| distance | simulated | model (f = 1.1) | ratio |');
console.log('| --- | --- | --- | --- |');
for (const km of [10, 25, 50]) {
  const l = { ...DEFAULT_EKS_LINK, distanceKm: km, pulsesPerRound: 1_000_000 };
  let bits = 0;
  for (let s = 0; s < 8; s++) {
    const o = runEksRound(new Uint8Array(32).fill(s + 1), l, 'alice');
    if (o.ok) bits += o.key.length * 8;
  }
  const bps = bits / 8 / (eksRoundDurationMs(l.pulsesPerRound) / 1000);
  const model = eksLinkRates(l, F).secretBitsPerSecond;
  console.log(`| ${km} km | ${si(bps)} | ${si(model)} | ${(bps / model).toFixed(3)} |`);
}
