// A small self-contained SVG line chart (no script, no external font or request) for the load summary:
// several series over a shared time axis, "nice" axis ticks, a legend, and a <title> per point for hover.
import { esc } from './html-escape.ts';

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly format?: (v: number) => string;
  readonly width?: number;
  readonly height?: number;
}

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function defaultFormat(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function lineChart(o: LineChartOptions): string {
  const W = o.width ?? 900;
  const H = o.height ?? 260;
  const M = { left: 64, right: 16, top: 30, bottom: 34 };
  const fmt = o.format ?? defaultFormat;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const all = o.series.flatMap((s) => s.points);
  const tMax = Math.max(1, ...all.map((p) => p[0]));
  const yMax = niceMax(Math.max(0, ...all.map((p) => p[1])));
  const x = (t: number): number => M.left + (t / tMax) * iw;
  const y = (v: number): number => M.top + ih - (Math.max(0, v) / yMax) * ih;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(o.title)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<text x="${M.left}" y="18" font-size="13" font-weight="bold">${esc(o.title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(
      `<line x1="${M.left}" x2="${M.left + iw}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e3e3"/>`,
      `<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#555">${esc(fmt(v))}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const t = (tMax * i) / 5;
    parts.push(
      `<text x="${x(t).toFixed(1)}" y="${H - 14}" text-anchor="middle" fill="#555">${(t / 1000).toFixed(1)}s</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${M.top + ih / 2}" transform="rotate(-90 14 ${M.top + ih / 2})" text-anchor="middle" fill="#555">${esc(o.yLabel)}</text>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ih}" stroke="#999"/>`,
    `<line x1="${M.left}" x2="${M.left + iw}" y1="${M.top + ih}" y2="${M.top + ih}" stroke="#999"/>`,
  );
  o.series.forEach((s, i) => {
    if (s.points.length === 0) return;
    const d = s.points
      .map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`)
      .join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed === true ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
    if (s.points.length <= 120) {
      for (const p of s.points) {
        parts.push(
          `<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="2" fill="${s.color}"><title>${esc(s.name)} @ ${(p[0] / 1000).toFixed(1)}s: ${esc(fmt(p[1]))}</title></circle>`,
        );
      }
    }
    const lx = M.left + 10 + i * 110;
    parts.push(
      `<rect x="${lx}" y="${M.top - 2}" width="10" height="3" fill="${s.color}"/>`,
      `<text x="${lx + 14}" y="${M.top + 2}" fill="#333">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
