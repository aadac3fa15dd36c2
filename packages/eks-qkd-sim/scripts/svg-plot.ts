/**
 * The SVG primitives of the package's figures (scripts/plots.ts, scripts/plot-rate-per-second.ts):
 * a frame with linear or log axes, polylines, markers with ±1σ bars, a legend and a caption.
 * Hand-written SVG, no plotting library; subscripts and superscripts as tspans, never literal
 * underscores or carets.
 */
export const W = 1000;
export const M = { left: 90, top: 44 };
export const PW = 560;
export const PH = 400;
export const LEGEND_X = M.left + PW + 24;

export interface Axis {
  readonly min: number;
  readonly max: number;
  /** min and max are decades (log10) when set. */
  readonly log: boolean;
}
export const sx = (a: Axis, v: number) => M.left + ((v - a.min) / (a.max - a.min)) * PW;
export const sy = (a: Axis, v: number) => {
  const t = a.log ? (Math.log10(v) - a.min) / (a.max - a.min) : (v - a.min) / (a.max - a.min);
  return M.top + PH - t * PH;
};
/** Clamps a value into the axis range, so that an error bar ends at the frame. */
export const clampTo = (a: Axis, v: number) =>
  a.log ? Math.min(10 ** a.max, Math.max(10 ** a.min, v)) : Math.min(a.max, Math.max(a.min, v));
export const f2 = (x: number) => x.toFixed(2);

/** Subscript and superscript as SVG text (no literal underscores or carets in labels). */
export const sub = (x: string, s: string) =>
  `${x}<tspan baseline-shift="sub" font-size="75%">${s}</tspan>`;
export const sup = (x: string, s: string) =>
  `${x}<tspan baseline-shift="super" font-size="75%">${s}</tspan>`;
export const pow10 = (e: number | string) => sup('10', String(e).replace('-', '−'));

export interface Frame {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xa: Axis;
  readonly ya: Axis;
  readonly xTicks: readonly number[];
  readonly yTicks: readonly number[];
  readonly yFmt: (t: number) => string;
  readonly height: number;
}

export function frame(f: Frame): string[] {
  const { xa, ya } = f;
  const s = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${f.height}" viewBox="0 0 ${W} ${f.height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${W}" height="${f.height}" fill="white"/>`,
    `<text x="12" y="26" font-size="15" font-weight="bold">${f.title}</text>`,
  ];
  const bottom = M.top + PH;
  for (const t of f.xTicks) {
    const x = f2(sx(xa, t));
    s.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${bottom}" stroke="#e5e5e5"/>`);
    s.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 6}" stroke="black"/>`);
    s.push(`<text x="${x}" y="${bottom + 20}" text-anchor="middle">${t}</text>`);
  }
  for (const t of f.yTicks) {
    const y = sy(ya, ya.log ? 10 ** t : t);
    s.push(
      `<line x1="${M.left}" y1="${f2(y)}" x2="${M.left + PW}" y2="${f2(y)}" stroke="#e5e5e5"/>`,
    );
    s.push(`<line x1="${M.left - 6}" y1="${f2(y)}" x2="${M.left}" y2="${f2(y)}" stroke="black"/>`);
    s.push(`<text x="${M.left - 10}" y="${f2(y + 4)}" text-anchor="end">${f.yFmt(t)}</text>`);
  }
  s.push(
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="black"/>`,
  );
  s.push(`<text x="${M.left + PW / 2}" y="${bottom + 42}" text-anchor="middle">${f.xLabel}</text>`);
  s.push(
    `<text transform="translate(26 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${f.yLabel}</text>`,
  );
  return s;
}

export function polyline(points: readonly [number, number][], colour: string, dash = ''): string {
  const d = points.map(([x, y]) => `${f2(x)},${f2(y)}`).join(' ');
  const dashes = dash ? ` stroke-dasharray="${dash}"` : '';
  return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="2"${dashes}/>`;
}

/** A marker with a vertical ±1σ bar from yLo to yHi (pixels). */
export function markerWithBar(
  x: number,
  y: number,
  yLo: number,
  yHi: number,
  colour: string,
  radius = 4.5,
): string[] {
  return [
    `<line x1="${f2(x)}" y1="${f2(yLo)}" x2="${f2(x)}" y2="${f2(yHi)}" stroke="black"/>`,
    `<line x1="${f2(x - 4)}" y1="${f2(yLo)}" x2="${f2(x + 4)}" y2="${f2(yLo)}" stroke="black"/>`,
    `<line x1="${f2(x - 4)}" y1="${f2(yHi)}" x2="${f2(x + 4)}" y2="${f2(yHi)}" stroke="black"/>`,
    `<circle cx="${f2(x)}" cy="${f2(y)}" r="${radius}" fill="${colour}" stroke="black" stroke-width="0.8"/>`,
  ];
}

export interface LegendItem {
  /** One entry per text line. */
  readonly lines: readonly string[];
  readonly colour: string;
  readonly dash?: string;
  readonly marker?: boolean;
}

export function legend(items: readonly LegendItem[]): string[] {
  const s: string[] = [];
  const x = LEGEND_X;
  let y = M.top + 14;
  for (const it of items) {
    if (it.marker) s.push(...markerWithBar(x + 14, y - 4, y - 12, y + 4, it.colour));
    else {
      const dashes = it.dash ? ` stroke-dasharray="${it.dash}"` : '';
      s.push(
        `<line x1="${x}" y1="${y - 4}" x2="${x + 28}" y2="${y - 4}" stroke="${it.colour}" stroke-width="2"${dashes}/>`,
      );
    }
    for (const line of it.lines) {
      s.push(`<text x="${x + 36}" y="${y}" font-size="12">${line}</text>`);
      y += 16;
    }
    y += 8;
  }
  return s;
}

/** Caption lines under the plot. */
export function caption(lines: readonly string[], y0: number): string[] {
  return lines.map(
    (l, i) => `<text x="12" y="${y0 + i * 16}" font-size="11.5" fill="#333">${l}</text>`,
  );
}
