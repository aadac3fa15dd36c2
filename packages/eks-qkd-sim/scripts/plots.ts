/**
 * Renders the figures of docs/spec/eks-qkd-sim.md as hand-written SVG (no plotting library):
 *   docs/img/qkd-key-rate.svg        key rate vs distance: simulated points over the analytic
 *                                    curves and the PLOB bound (log scale)
 *   docs/img/qkd-qber-intercept.svg  QBER vs intercepted fraction: simulation and model
 * Run from the repository root: pnpm tsx packages/eks-qkd-sim/scripts/plots.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  decoyBb84Rates,
  expectedGainAndQber,
  runDecoyBb84,
} from '../src/index.js';

const out = join(import.meta.dirname, '..', '..', '..', 'docs', 'img');
const W = 820;
const H = 500;
const M = { left: 80, right: 240, top: 40, bottom: 60 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

interface Axis {
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
}
const sx = (a: Axis, v: number) => M.left + ((v - a.min) / (a.max - a.min)) * PW;
const sy = (a: Axis, v: number) => {
  const t = a.log ? (Math.log10(v) - a.min) / (a.max - a.min) : (v - a.min) / (a.max - a.min);
  return M.top + PH - t * PH;
};
const f2 = (x: number) => x.toFixed(2);

function frame(
  title: string,
  xLabel: string,
  yLabel: string,
  xa: Axis,
  ya: Axis,
  xTicks: number[],
  yTicks: number[],
  yFmt: (v: number) => string,
): string[] {
  const s: string[] = [];
  s.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
  );
  s.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  s.push(`<text x="12" y="24" font-size="15" font-weight="bold">${title}</text>`);
  for (const t of xTicks) {
    const x = sx(xa, t);
    s.push(`<line x1="${f2(x)}" y1="${M.top}" x2="${f2(x)}" y2="${M.top + PH}" stroke="#e5e5e5"/>`);
    s.push(
      `<line x1="${f2(x)}" y1="${M.top + PH}" x2="${f2(x)}" y2="${M.top + PH + 6}" stroke="black"/>`,
    );
    s.push(`<text x="${f2(x)}" y="${M.top + PH + 20}" text-anchor="middle">${t}</text>`);
  }
  for (const t of yTicks) {
    const y = sy(ya, ya.log ? 10 ** t : t);
    s.push(
      `<line x1="${M.left}" y1="${f2(y)}" x2="${M.left + PW}" y2="${f2(y)}" stroke="#e5e5e5"/>`,
    );
    s.push(`<line x1="${M.left - 6}" y1="${f2(y)}" x2="${M.left}" y2="${f2(y)}" stroke="black"/>`);
    s.push(`<text x="${M.left - 10}" y="${f2(y + 4)}" text-anchor="end">${yFmt(t)}</text>`);
  }
  s.push(
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="black"/>`,
  );
  s.push(`<text x="${M.left + PW / 2}" y="${H - 18}" text-anchor="middle">${xLabel}</text>`);
  s.push(
    `<text transform="translate(22 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  );
  return s;
}

function polyline(points: [number, number][], colour: string, dash = ''): string {
  const d = points.map(([x, y]) => `${f2(x)},${f2(y)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

function legend(
  items: { label: string; colour: string; dash?: string; marker?: boolean }[],
): string[] {
  const s: string[] = [];
  const x = M.left + PW + 16;
  items.forEach((it, i) => {
    const y = M.top + 14 + i * 22;
    if (it.marker)
      s.push(
        `<circle cx="${x + 14}" cy="${y - 4}" r="4.5" fill="${it.colour}" stroke="black" stroke-width="0.8"/>`,
      );
    else
      s.push(
        `<line x1="${x}" y1="${y - 4}" x2="${x + 28}" y2="${y - 4}" stroke="${it.colour}" stroke-width="2"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}/>`,
      );
    s.push(`<text x="${x + 36}" y="${y}" font-size="12">${it.label}</text>`);
  });
  return s;
}

const link = (km: number, source = DEFAULT_DECOY_SOURCE): DecoyBb84Link => ({
  source,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: DEFAULT_DETECTOR,
  attack: { kind: 'none' },
});

// ---------------------------------------------------------------- key rate vs distance
{
  const F = 1.05;
  const xa: Axis = { min: 0, max: 200, log: false };
  const ya: Axis = { min: -8, max: 0, log: true };
  const curves: Record<string, [number, number][]> = {
    plob: [],
    single: [],
    inf: [],
    prac: [],
    gllp: [],
  };
  for (let d = 0; d <= 200; d += 1) {
    const r = decoyBb84Rates(link(d), F);
    // GLLP with the same source is zero at μ = 0.5 beyond a few km; show it at its best μ.
    let gllp = 0;
    for (let mu = 0.002; mu <= 0.5; mu *= 1.05) {
      const src = { ...DEFAULT_DECOY_SOURCE, signalMean: mu, decoyMean: mu / 5 };
      gllp = Math.max(gllp, decoyBb84Rates(link(d, src), F).gllp);
    }
    const put = (k: string, v: number) => {
      if (v >= 1e-8) curves[k]!.push([sx(xa, d), sy(ya, Math.min(v, 1))]);
    };
    put('plob', r.plob);
    put('single', r.singlePhoton);
    put('inf', r.decoyInfinite);
    put('prac', r.decoyPractical);
    put('gllp', gllp);
  }
  // Asymptotic estimates trust the observed frequencies, so points are drawn only where the run
  // has enough decoy counts (≤ 100 km at 6·10⁷ pulses); finite-key points (ε = 10⁻¹⁰) go further.
  const sim: [number, number][] = [];
  const simFinite: [number, number][] = [];
  const rows: string[] = [];
  for (const d of [0, 20, 40, 60, 80, 100, 120, 140]) {
    const g = decoyBb84Rates(link(d)).gainSignal;
    const pulses = Math.min(60_000_000, Math.ceil(60_000 / (g * 0.8)));
    for (const finite of [false, true]) {
      if (!finite && d > 100) continue;
      const o = runDecoyBb84({
        link: link(d),
        pulses,
        seed: 1000 + d,
        ...(finite ? { options: { finiteKeyEpsilon: 1e-10 } } : {}),
      }).report;
      const perSignal = o.finalKeyBits / (o.sent.signal * 0.9);
      rows.push(
        `${d} km ${finite ? 'finite' : 'asymptotic'}: ${pulses} pulses, ${o.finalKeyBits} bits, ${perSignal.toExponential(3)} per signal pulse, f=${o.reconciliation?.efficiency.toFixed(3)} ${o.abortReason ?? ''}`,
      );
      if (perSignal > 0) (finite ? simFinite : sim).push([sx(xa, d), sy(ya, perSignal)]);
    }
  }
  console.log(rows.join('\n'));
  const s = frame(
    'Decoy BB84 key rate vs distance (0.2 dB/km, η_det = 0.2, p_d = 10⁻⁶, e_d = 1.5 %)',
    'distance (km)',
    'secret key bits per signal pulse',
    xa,
    ya,
    [0, 25, 50, 75, 100, 125, 150, 175, 200],
    [-8, -7, -6, -5, -4, -3, -2, -1, 0],
    (t) => (t === 0 ? '1' : `10<tspan dy="-6" font-size="10">${t}</tspan>`),
  );
  s.push(polyline(curves['plob']!, '#000000', '6 4'));
  s.push(polyline(curves['single']!, '#7b3294'));
  s.push(polyline(curves['inf']!, '#2166ac'));
  s.push(polyline(curves['prac']!, '#4dac26', '8 3'));
  s.push(polyline(curves['gllp']!, '#d7191c'));
  for (const [x, y] of sim)
    s.push(
      `<circle cx="${f2(x)}" cy="${f2(y)}" r="4.5" fill="#fdae61" stroke="black" stroke-width="0.8"/>`,
    );
  for (const [x, y] of simFinite)
    s.push(
      `<rect x="${f2(x - 4)}" y="${f2(y - 4)}" width="8" height="8" fill="#80cdc1" stroke="black" stroke-width="0.8"/>`,
    );
  s.push(
    ...legend([
      { label: 'PLOB −log₂(1 − η)', colour: '#000000', dash: '6 4' },
      { label: 'single-photon source', colour: '#7b3294' },
      { label: 'decoy, infinite decoys', colour: '#2166ac' },
      { label: 'decoy, ν = 0.1 + vacuum', colour: '#4dac26', dash: '8 3' },
      { label: 'GLLP, best μ', colour: '#d7191c' },
      { label: 'simulated, asymptotic', colour: '#fdae61', marker: true },
    ]),
  );
  // The legend names only what is drawn.
  if (simFinite.length > 0) {
    const x = M.left + PW + 16;
    const y = M.top + 14 + 6 * 22;
    s.push(
      `<rect x="${x + 10}" y="${y - 8}" width="8" height="8" fill="#80cdc1" stroke="black" stroke-width="0.8"/>`,
    );
    s.push(`<text x="${x + 36}" y="${y}" font-size="12">simulated, finite-key</text>`);
  }
  s.push(
    `<text x="${M.left + PW + 16}" y="${M.top + 190}" font-size="11" fill="#444">μ = 0.5, f = ${F} for curves;</text>`,
  );
  s.push(
    `<text x="${M.left + PW + 16}" y="${M.top + 205}" font-size="11" fill="#444">points: Cascade's own f,</text>`,
  );
  s.push(
    `<text x="${M.left + PW + 16}" y="${M.top + 220}" font-size="11" fill="#444">10 % disclosed, ≤ 6·10⁷ pulses.</text>`,
  );
  s.push('</svg>');
  writeFileSync(join(out, 'qkd-key-rate.svg'), `${s.join('\n')}\n`);
}

// ---------------------------------------------------------------- QBER vs intercepted fraction
{
  const xa: Axis = { min: 0, max: 1, log: false };
  const ya: Axis = { min: 0, max: 0.3, log: false };
  const l = (fraction: number): DecoyBb84Link => ({
    ...link(20),
    attack: { kind: 'intercept-resend', fraction },
  });
  const model: [number, number][] = [];
  for (let i = 0; i <= 100; i++) {
    const f = i / 100;
    model.push([sx(xa, f), sy(ya, expectedGainAndQber(0.5, l(f).fibre, l(f).detector, f).qber)]);
  }
  const s = frame(
    'QBER vs fraction of pulses intercepted and resent (20 km)',
    'intercepted fraction',
    'QBER of the sifted signal key',
    xa,
    ya,
    [0, 0.2, 0.4, 0.6, 0.8, 1],
    [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
    (t) => `${Math.round(t * 100)} %`,
  );
  const thr = sy(ya, 0.11);
  s.push(
    `<line x1="${M.left}" y1="${f2(thr)}" x2="${M.left + PW}" y2="${f2(thr)}" stroke="#d7191c" stroke-dasharray="5 4"/>`,
  );
  s.push(polyline(model, '#2166ac'));
  for (let i = 0; i <= 10; i++) {
    const f = i / 10;
    const r = runDecoyBb84({
      link: l(f),
      pulses: 1_500_000,
      seed: 77 + i,
      options: { qberThreshold: 0.5 },
    }).report;
    const e = r.trueQber;
    const sigma = Math.sqrt((e * (1 - e)) / Math.max(1, r.keyBitsBeforeEc));
    const x = sx(xa, f);
    s.push(
      `<line x1="${f2(x)}" y1="${f2(sy(ya, e - 2 * sigma))}" x2="${f2(x)}" y2="${f2(sy(ya, e + 2 * sigma))}" stroke="black"/>`,
    );
    s.push(
      `<circle cx="${f2(x)}" cy="${f2(sy(ya, e))}" r="4.5" fill="#fdae61" stroke="black" stroke-width="0.8"/>`,
    );
  }
  s.push(
    ...legend([
      { label: 'model E(φ)', colour: '#2166ac' },
      { label: 'simulated (±2σ)', colour: '#fdae61', marker: true },
      { label: 'abort threshold 11 %', colour: '#d7191c', dash: '5 4' },
    ]),
  );
  s.push(
    `<text x="${M.left + PW + 16}" y="${M.top + 90}" font-size="11" fill="#444">E(1) = 1/4 + e_d/2</text>`,
  );
  s.push('</svg>');
  writeFileSync(join(out, 'qkd-qber-intercept.svg'), `${s.join('\n')}\n`);
}
console.log('wrote docs/img/qkd-key-rate.svg and docs/img/qkd-qber-intercept.svg');
