/*
 * A second path to the finite-key curves of Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307
 * (2014), written directly from the paper's equations and §IV model and calling nothing of the
 * package: the reference the reproduction test holds the package against where the paper gives
 * no number. Its optimiser is a different method (cyclic golden-section search per coordinate)
 * from the package's (Nelder–Mead), so that an optimiser fault shows as a disagreement.
 */

/** §IV of the paper, dedicated fibre. */
export const PAPER = {
  alpha: 0.2, // dB/km
  etaBob: 0.1,
  pDc: 6e-7,
  pAp: 4e-2,
  eMis: 5e-3,
  fEc: 1.16,
  kappa: 1e-15, // ε_sec = κ·ℓ
  epsCor: 1e-15,
  mu3: 2e-4,
} as const;

/** Free parameters of the paper's optimisation. */
export interface PaperSettings {
  q: number; // q_X
  mu1: number;
  mu2: number;
  p1: number;
  p2: number;
}

function h(x: number): number {
  return x <= 0 || x >= 1 ? 0 : -x * Math.log2(x) - (1 - x) * Math.log2(1 - x);
}

/** Eq. (1)–(5) on expected counts; returns the unrounded ℓ (−∞ without single-photon bounds). */
function paperLength(s: PaperSettings, km: number, nX: number, epsSec: number) {
  const mus = [s.mu1, s.mu2, PAPER.mu3];
  const ps = [s.p1, s.p2, 1 - s.p1 - s.p2];
  const etaCh = 10 ** ((-PAPER.alpha * km) / 10);
  const etaSys = etaCh * PAPER.etaBob;
  // D_k, R_k, e_k as printed in §IV, with η_sys in the misalignment term (see the spec §4.2).
  const D = mus.map((k) => 1 - (1 - 2 * PAPER.pDc) * Math.exp(-etaSys * k));
  const R = D.map((d) => d * (1 + PAPER.pAp));
  const E = mus.map(
    (k, i) => PAPER.pDc + PAPER.eMis * (1 - Math.exp(-etaSys * k)) + (PAPER.pAp * D[i]!) / 2,
  );
  const perPulseX = ps.reduce((a, p, i) => a + s.q * s.q * p * R[i]!, 0);
  const N = nX / perPulseX;
  const nXk = ps.map((p, i) => N * s.q * s.q * p * R[i]!);
  const nZk = ps.map((p, i) => N * (1 - s.q) * (1 - s.q) * p * R[i]!);
  const mZk = ps.map((p, i) => N * (1 - s.q) * (1 - s.q) * p * E[i]!);
  const eObs = ps.reduce((a, p, i) => a + p * E[i]!, 0) / ps.reduce((a, p, i) => a + p * R[i]!, 0);
  const lambdaEc = nX * PAPER.fEc * h(eObs);

  // τ_n = Σ_k p_k·e^(−k)·k^n/n! for n = 0 and 1 (n! = 1).
  const t0 = mus.reduce((a, k, i) => a + ps[i]! * Math.exp(-k), 0);
  const t1 = mus.reduce((a, k, i) => a + ps[i]! * Math.exp(-k) * k, 0);
  const [m1, m2, m3] = mus as [number, number, number];
  const ln = Math.log(21 / epsSec);
  const bounds = (counts: number[]) => {
    const total = counts.reduce((a, b) => a + b, 0);
    const d = Math.sqrt((total / 2) * ln);
    const plus = counts.map((c, i) => (Math.exp(mus[i]!) / ps[i]!) * (c + d));
    const minus = counts.map((c, i) => (Math.exp(mus[i]!) / ps[i]!) * (c - d));
    const s0 = Math.max(0, (t0 * (m2 * minus[2]! - m3 * plus[1]!)) / (m2 - m3)); // Eq. (2)
    const s1 = // Eq. (3)
      (t1 *
        m1 *
        (minus[1]! - plus[2]! - ((m2 * m2 - m3 * m3) / (m1 * m1)) * (plus[0]! - s0 / t0))) /
      (m1 * (m2 - m3) - m2 * m2 + m3 * m3);
    return { s0, s1 };
  };
  const x = bounds(nXk);
  const z = bounds(nZk);
  const mZ = mZk.reduce((a, b) => a + b, 0);
  const dm = Math.sqrt((mZ / 2) * ln);
  const v1 = Math.max(
    0,
    (t1 * ((Math.exp(m2) / ps[1]!) * (mZk[1]! + dm) - (Math.exp(m3) / ps[2]!) * (mZk[2]! - dm))) /
      (m2 - m3),
  ); // Eq. (4)
  if (!(x.s1 > 0 && z.s1 > 0)) return { length: Number.NEGATIVE_INFINITY, N, x, z };
  const b = v1 / z.s1;
  const c = z.s1;
  const dd = x.s1;
  const arg = ((c + dd) / (c * dd * (1 - b) * b)) * (441 / (epsSec * epsSec));
  const gamma =
    b > 0 && arg > 1
      ? Math.sqrt((((c + dd) * (1 - b) * b) / (c * dd * Math.log(2))) * Math.log2(arg))
      : 0; // Eq. (5)
  const phi = b + gamma;
  const length =
    x.s0 +
    x.s1 -
    x.s1 * h(Math.min(phi, 0.5)) -
    lambdaEc -
    6 * Math.log2(21 / epsSec) -
    Math.log2(2 / PAPER.epsCor); // Eq. (1)
  return { length: phi < 0.5 ? length : Math.min(length, 0), N, x, z };
}

/** ℓ/N with ε_sec = κ·ℓ, iterated from κ·n_X; `score` is the smooth objective for the search. */
export function paperRate(s: PaperSettings, km: number, nX: number) {
  let eps = Math.min(0.5, PAPER.kappa * nX);
  let r = paperLength(s, km, nX, eps);
  for (let i = 0; i < 20 && Math.floor(r.length) >= 1; i++) {
    const next = Math.min(0.5, PAPER.kappa * Math.floor(r.length));
    if (next === eps) break;
    eps = next;
    r = paperLength(s, km, nX, eps);
  }
  const key = Math.floor(r.length) >= 1 ? Math.floor(r.length) : 0;
  const score = Number.isFinite(r.length)
    ? r.length / r.N
    : -10 + Math.tanh(Math.min(r.x.s1, r.z.s1) / nX);
  return { rate: key / r.N, score };
}

/** Coordinates in [0, 1]⁵ ↔ settings, covering the same ranges as the package's search. */
function settingsOf(u: number[]): PaperSettings {
  const mu1 = 0.02 + 1.48 * u[1]!;
  const p1 = 0.001 + 0.997 * u[3]!;
  return {
    q: 0.001 + 0.998 * u[0]!,
    mu1,
    mu2: PAPER.mu3 + u[2]! * (mu1 - 2 * PAPER.mu3),
    p1,
    p2: 0.001 + u[4]! * (0.998 - p1),
  };
}

function coordinatesOf(s: PaperSettings): number[] {
  return [
    (s.q - 0.001) / 0.998,
    (s.mu1 - 0.02) / 1.48,
    (s.mu2 - PAPER.mu3) / (s.mu1 - 2 * PAPER.mu3),
    (s.p1 - 0.001) / 0.997,
    (s.p2 - 0.001) / (0.998 - s.p1),
  ].map((v) => Math.min(1, Math.max(0, v)));
}

export const PAPER_START: PaperSettings = { q: 0.7, mu1: 0.5, mu2: 0.12, p1: 0.5, p2: 0.3 };

/**
 * Cyclic coordinate search: golden section on each coordinate in a window around the current
 * point, the window shrinking each sweep.
 */
export function paperOptimum(km: number, nX: number, start: PaperSettings = PAPER_START) {
  const f = (u: number[]) => paperRate(settingsOf(u), km, nX).score;
  const u = coordinatesOf(start);
  let width = 0.5;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let sweep = 0; sweep < 14; sweep++) {
    for (let i = 0; i < u.length; i++) {
      let a = Math.max(0, u[i]! - width);
      let b = Math.min(1, u[i]! + width);
      const at = (t: number) => {
        const v = u.slice();
        v[i] = t;
        return f(v);
      };
      for (let k = 0; k < 25; k++) {
        const c = b - g * (b - a);
        const d = a + g * (b - a);
        if (at(c) > at(d)) b = d;
        else a = c;
      }
      const t = (a + b) / 2;
      if (at(t) > f(u)) u[i] = t;
    }
    width = Math.max(0.02, width * 0.6);
  }
  const settings = settingsOf(u);
  return { settings, rate: paperRate(settings, km, nX).rate };
}
