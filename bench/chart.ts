/**
 * A hand-written SVG line chart for docs/benchmarks.md: wall time and API calls against N for both tools,
 * with the GetPolicy floor on the time panel. No charting dependency: two panels of polylines and ticks.
 */

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly (readonly [number, number])[];
}

export interface Panel {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
}

const W = 440;
const H = 300;
const M = { left: 64, right: 16, top: 36, bottom: 44 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1, 2 or 5 times a power of ten: tick steps a reader can add up. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
}

function panel(p: Panel, xMax: number, offsetX: number): string {
  const yMaxRaw = Math.max(1, ...p.series.flatMap((s) => s.points.map(([, y]) => y)));
  const yStep = niceStep(yMaxRaw, 5);
  const yMax = Math.ceil(yMaxRaw / yStep) * yStep;
  const xStep = niceStep(xMax, 5);
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v: number) => offsetX + M.left + (v / xMax) * pw;
  const y = (v: number) => M.top + ph - (v / yMax) * ph;
  const out: string[] = [];
  out.push(`<text x="${offsetX + W / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    out.push(`<line x1="${x(0)}" x2="${x(xMax)}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x(0) - 6}" y="${y(v) + 4}" text-anchor="end">${v.toLocaleString('en-US')}</text>`);
  }
  for (let v = 0; v <= xMax + 1e-9; v += xStep) {
    out.push(`<text x="${x(v)}" y="${M.top + ph + 16}" text-anchor="middle">${v}</text>`);
  }
  out.push(`<line x1="${x(0)}" x2="${x(xMax)}" y1="${y(0)}" y2="${y(0)}" stroke="#333"/>`);
  out.push(`<line x1="${x(0)}" x2="${x(0)}" y1="${y(0)}" y2="${y(yMax)}" stroke="#333"/>`);
  out.push(`<text x="${x(xMax / 2)}" y="${H - 8}" text-anchor="middle">functions (N)</text>`);
  out.push(`<text transform="translate(${offsetX + 14} ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  for (const s of p.series) {
    const pts = s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    if (!s.dashed)
      for (const [a, b] of s.points) out.push(`<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
  }
  return out.join('\n');
}

/** Two panels side by side and one legend; `xMax` is the largest N. */
export function lineChartSvg(panels: readonly Panel[], xMax: number): string {
  const legend = [...new Map(panels.flatMap((p) => p.series).map((s) => [s.label, s])).values()];
  const width = W * panels.length;
  const height = H + 28;
  const items = legend.map((s, i) => {
    const lx = 20 + i * 260;
    return `<line x1="${lx}" x2="${lx + 28}" y1="${H + 12}" y2="${H + 12}" stroke="${s.color}" stroke-width="2"${
      s.dashed ? ' stroke-dasharray="6 4"' : ''
    }/><text x="${lx + 34}" y="${H + 16}">${esc(s.label)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...panels.map((p, i) => panel(p, xMax, i * W)),
    ...items,
    '</svg>',
    '',
  ].join('\n');
}
