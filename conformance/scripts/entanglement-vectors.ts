/**
 * Writes conformance/vectors/entanglement-sim/physics.json.
 *
 * Every expected output is computed here by a second path from docs/spec/entanglement-sim.md,
 * not by the package: the draws with node:crypto's HMAC and BigInt arithmetic, the formulas of
 * §2 and §3 written out again, the outcomes of §5 and §6 from the draw table and the Pauli
 * actions on Bloch vectors. Error vectors name the code the spec gives.
 * Run: pnpm tsx conformance/scripts/entanglement-vectors.ts
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Vector {
  name: string;
  operation: string;
  input: Record<string, unknown>;
  output?: unknown;
  error?: string;
  tolerance?: number;
}

const secretA = '00'.repeat(31) + '01';
const secretB = Buffer.from('QCOS entanglement vectors secret!', 'utf8')
  .subarray(0, 32)
  .toString('hex');

/** §4: ⌊v / 2¹¹⌋ / 2⁵³ of each big-endian 8 bytes of HMAC-SHA256(secret, label ‖ u64be ‖ u8). */
function draws(secretHex: string, sequence: number, count: number): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < count; block++) {
    const message = Buffer.concat([
      Buffer.from('QCOS-PairDraws-v1', 'utf8'),
      Buffer.from(BigInt(sequence).toString(16).padStart(16, '0'), 'hex'),
      Buffer.from([block]),
    ]);
    const mac = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest();
    for (let i = 0; i < 4 && out.length < count; i++) {
      const v = mac.readBigUInt64BE(8 * i);
      out.push(Number(v >> 11n) / 2 ** 53);
    }
  }
  return out;
}

const fAfter = (f0: number, t: number, T: number) => 0.25 + (f0 - 0.25) * Math.exp(-t / T);
const p = (f: number) => (4 * f - 1) / 3;

const vectors: Vector[] = [];
const add = (v: Vector) => vectors.push(v);

for (const [seq, count] of [
  [0, 4],
  [1, 6],
  [258, 8],
  [2 ** 40 + 3, 2],
] as const) {
  add({
    name: `pair draws: sequence ${seq}, ${count} draws`,
    operation: 'pair.draws',
    input: { secret: secretA, sequence: seq, count },
    output: draws(secretA, seq, count),
  });
}
add({
  name: 'pair draws: a 31-byte secret',
  operation: 'pair.draws',
  input: { secret: '00'.repeat(31), sequence: 0, count: 1 },
  error: 'INVALID_PARAMETER',
});
add({
  name: 'pair draws: 65 draws',
  operation: 'pair.draws',
  input: { secret: secretA, sequence: 0, count: 65 },
  error: 'INVALID_PARAMETER',
});
add({
  name: 'pair draws: a negative sequence',
  operation: 'pair.draws',
  input: { secret: secretA, sequence: -1, count: 1 },
  error: 'INVALID_PARAMETER',
});

for (const [f0, t, T] of [
  [0.9, 0, 10],
  [0.9, 10, 10],
  [0.97, 3.5, 250],
  [1, 1e6, 1],
] as const) {
  add({
    name: `fidelity after ${t} ms (F₀ ${f0}, T ${T} ms)`,
    operation: 'werner.fidelityAfter',
    input: { initial: f0, elapsedMs: t, memoryTimeMs: T },
    output: fAfter(f0, t, T),
    tolerance: 1e-15,
  });
}
add({
  name: 'fidelity after: T = 0',
  operation: 'werner.fidelityAfter',
  input: { initial: 0.9, elapsedMs: 1, memoryTimeMs: 0 },
  error: 'INVALID_PARAMETER',
});
add({
  name: 'fidelity after: F₀ below 1/4',
  operation: 'werner.fidelityAfter',
  input: { initial: 0.2, elapsedMs: 1, memoryTimeMs: 1 },
  error: 'INVALID_PARAMETER',
});
for (const [f0, fMin, T, out] of [
  [0.9, 0.575, 5, 5 * Math.log(2)],
  [0.95, 0.8, 1000, 1000 * Math.log(0.7 / 0.55)],
  [0.8, 0.9, 5, 0],
  [0.9, 0.25, 5, 'Infinity'],
] as const) {
  add({
    name: `cutoff for F₀ ${f0}, minimum ${fMin}, T ${T} ms`,
    operation: 'werner.cutoffMs',
    input: { initial: f0, minimum: fMin, memoryTimeMs: T },
    output: out,
    ...(typeof out === 'number' && out > 0 ? { tolerance: 1e-12 } : {}),
  });
}
for (const f of [1, 0.92, 0.25]) {
  add({
    name: `CHSH at F = ${f}`,
    operation: 'werner.chsh',
    input: { fidelity: f },
    output: 2 * Math.SQRT2 * p(f),
    tolerance: 1e-15,
  });
  add({
    name: `teleportation fidelity at F = ${f}`,
    operation: 'werner.teleportation',
    input: { fidelity: f },
    output: (2 * f + 1) / 3,
    tolerance: 1e-15,
  });
}
add({
  name: 'CHSH at F = 1.1',
  operation: 'werner.chsh',
  input: { fidelity: 1.1 },
  error: 'INVALID_PARAMETER',
});

const link = {
  lengthKm: 50,
  lossDbPerKm: 0.2,
  attemptRateHz: 1_000_000,
  emissionEfficiency: 0.5,
  detectorEfficiency: 0.8,
  initialFidelity: 0.92,
  memoryTimeMs: 100,
};
/** §3 written out: ½η², τ = max(1/rate, L/c), N = 1 + ⌊ln(1 − u)/ln(1 − P)⌋. */
function heralded(l: typeof link, u: number) {
  const arm =
    l.emissionEfficiency * 10 ** (-(l.lossDbPerKm * l.lengthKm) / 20) * l.detectorEfficiency;
  const P = 0.5 * arm * arm;
  const tau = Math.max(1000 / l.attemptRateHz, l.lengthKm / 200);
  const attempts = 1 + Math.floor(Math.log1p(-u) / Math.log1p(-P));
  return {
    attempts,
    generationMs: attempts * tau,
    fidelity: fAfter(l.initialFidelity, l.lengthKm / 200, l.memoryTimeMs),
  };
}
for (const seq of [0, 1, 2, 3]) {
  add({
    name: `heralded pair ${seq} on a 50 km link`,
    operation: 'link.heraldedPair',
    input: { link, secret: secretB, sequence: seq },
    output: heralded(link, draws(secretB, seq, 1)[0] as number),
    tolerance: 1e-12,
  });
}
const short = { ...link, lengthKm: 0.01, emissionEfficiency: 1, detectorEfficiency: 1 };
add({
  name: 'heralded pair on a 10 m link (period set by the rate)',
  operation: 'link.heraldedPair',
  input: { link: short, secret: secretB, sequence: 9 },
  output: heralded(short, draws(secretB, 9, 1)[0] as number),
  tolerance: 1e-12,
});
add({
  name: 'heralded pair: no photon survives 10 000 km at 10 dB/km',
  operation: 'link.heraldedPair',
  input: { link: { ...link, lengthKm: 10_000, lossDbPerKm: 10 }, secret: secretB, sequence: 0 },
  error: 'INVALID_PARAMETER',
});
add({
  name: 'heralded pair: detector efficiency 0',
  operation: 'link.heraldedPair',
  input: { link: { ...link, detectorEfficiency: 0 }, secret: secretB, sequence: 0 },
  error: 'INVALID_PARAMETER',
});

for (const [seq, f, a, b] of [
  [0, 0.92, 0, Math.PI / 4],
  [1, 0.92, Math.PI / 2, -Math.PI / 4],
  [2, 1, 0, Math.PI],
  [3, 0.25, 0.3, 0.3],
  [4, 0.8, 1, 2],
  [5, 0.8, -1, 2],
] as const) {
  const [u0, u1] = draws(secretB, seq, 2) as [number, number];
  const outA = u0 < 0.5 ? 0 : 1;
  const agree = u1 < (1 + p(f) * Math.cos(a - b)) / 2;
  add({
    name: `measure pair ${seq} directly: F ${f}, angles ${a.toFixed(3)} / ${b.toFixed(3)}`,
    operation: 'pair.measure',
    input: { secret: secretB, sequence: seq, fidelity: f, angleA: a, angleB: b },
    output: { a: outA, b: agree ? outA : 1 - outA },
  });
}
add({
  name: 'measure pair: angle 7 rad',
  operation: 'pair.measure',
  input: { secret: secretB, sequence: 0, fidelity: 0.9, angleA: 7, angleB: 0 },
  error: 'INVALID_PARAMETER',
});

/** §5.1: each side's basis index and outcome of a CHSH pair, from draws 0–3. */
for (const [seq, f] of [
  [0, 0.97],
  [1, 0.97],
  [2, 0.8],
  [3, 0.8],
  [77, 0.5],
  [1_000, 1],
] as const) {
  const [u0, u1, u2, u3] = draws(secretA, seq, 4) as [number, number, number, number];
  const a = u2 < 0.5 ? 0 : 2;
  const b = u3 < 0.5 ? 1 : 3;
  const outA = u0 < 0.5 ? 0 : 1;
  const agree = u1 < (1 + p(f) * Math.cos(((a - b) * Math.PI) / 4)) / 2;
  const outB = agree ? outA : 1 - outA;
  for (const role of [0, 1] as const) {
    add({
      name: `CHSH pair ${seq}, F ${f}: side ${role === 0 ? 'A' : 'B'}`,
      operation: 'pair.chsh',
      input: { secret: secretA, sequence: seq, fidelity: f, role },
      output: role === 0 ? { basis: a, outcome: outA } : { basis: b, outcome: outB },
    });
  }
}

/** §3 in integer units: metres, thousandths of a dB, ppm; the heralded fidelity decays over L/c. */
for (const units of [
  {
    lengthM: 10_000,
    lossMdbPerKm: 200,
    attemptRateHz: 1_000_000,
    emissionPpm: 500_000,
    detectorPpm: 800_000,
    initialFidelityPpm: 970_000,
    memoryTimeMs: 1_000,
  },
  {
    lengthM: 0,
    lossMdbPerKm: 0,
    attemptRateHz: 1,
    emissionPpm: 1,
    detectorPpm: 1_000_000,
    initialFidelityPpm: 250_000,
    memoryTimeMs: 1,
  },
  {
    lengthM: 2_000_000,
    lossMdbPerKm: 170,
    attemptRateHz: 10_000_000_000,
    emissionPpm: 1_000_000,
    detectorPpm: 900_000,
    initialFidelityPpm: 1_000_000,
    memoryTimeMs: 5,
  },
]) {
  add({
    name: `heralded fidelity of a ${units.lengthM} m link advertised in integer units`,
    operation: 'link.heraldedFidelity',
    input: { units },
    output: fAfter(units.initialFidelityPpm / 1e6, units.lengthM / 1_000 / 200, units.memoryTimeMs),
    tolerance: 1e-12,
  });
}
add({
  name: 'heralded fidelity: initial fidelity below 1/4',
  operation: 'link.heraldedFidelity',
  input: {
    units: {
      lengthM: 10,
      lossMdbPerKm: 200,
      attemptRateHz: 1,
      emissionPpm: 1,
      detectorPpm: 1,
      initialFidelityPpm: 249_999,
      memoryTimeMs: 1,
    },
  },
  error: 'INVALID_PARAMETER',
});

/** §6: I, X, Z, XZ on a Bloch vector (bit 0 an X, bit 1 a Z). */
function pauli(bits: number, v: { x: number; y: number; z: number }) {
  const x = bits & 1 ? { x: v.x, y: -v.y, z: -v.z } : v;
  return bits & 2 ? { x: -x.x, y: -x.y, z: x.z } : x;
}
for (const [seq, f, input, correct] of [
  [0, 0.95, { x: 0, y: 0, z: 1 }, true],
  [1, 0.95, { x: 0.6, y: 0, z: 0.8 }, true],
  [2, 0.95, { x: 0, y: 1, z: 0 }, false],
  [3, 0.5, { x: 1, y: 0, z: 0 }, true],
  [4, 0.9, { x: 0, y: 0.6, z: -0.8 }, false],
  [5, 0.9, { x: -1, y: 0, z: 0 }, true],
] as const) {
  const [u0, u1, u2] = draws(secretB, seq, 3) as [number, number, number];
  const bell = Math.floor(u0 * 4);
  const entangled = u1 < p(f);
  const correction = correct ? bell : (bell + 1) % 4;
  const state = entangled ? pauli(bell ^ correction, input) : { x: 0, y: 0, z: 0 };
  const dot = state.x * input.x + state.y * input.y + state.z * input.z;
  add({
    name: `teleport over pair ${seq}: F ${f}, ${correct ? 'corrected' : 'wrong correction'}`,
    operation: 'pair.teleport',
    input: { secret: secretB, sequence: seq, fidelity: f, input, correction },
    output: {
      bell,
      entangled,
      state: { x: state.x + 0, y: state.y + 0, z: state.z + 0 },
      outcome: u2 < (1 + dot) / 2 ? 0 : 1,
    },
  });
}
add({
  name: 'teleport: an input longer than 1',
  operation: 'pair.teleport',
  input: {
    secret: secretB,
    sequence: 0,
    fidelity: 0.9,
    input: { x: 1, y: 1, z: 0 },
    correction: 0,
  },
  error: 'INVALID_PARAMETER',
});

const dir = join(import.meta.dirname, '..', 'vectors', 'entanglement-sim');
mkdirSync(dir, { recursive: true });
const file = {
  package: 'entanglement-sim',
  description:
    'Pair draws, Werner decay and cutoff, CHSH and teleportation values, heralded pairs and fidelity, direct measurement, CHSH pairs and teleportation outcomes (docs/spec/entanglement-sim.md)',
  vectors,
};
writeFileSync(join(dir, 'physics.json'), `${JSON.stringify(file, null, 2)}\n`);
console.log(`${vectors.length} vectors`);
