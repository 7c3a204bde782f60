// A self-contained SVG chart of latency percentiles and throughput over time, attached to each load
// scenario. Plain SVG (no script, no external font), so it renders inside the report with no request.
// It draws the summary's timeline: the percentiles each bucket got when the summary was finalised.
import type { TimelineData } from '../../src/results/index.ts';

const W = 760;
const H = 300;
const M = { left: 56, right: 56, top: 28, bottom: 36 };

const SERIES: readonly { key: 'p50' | 'p95' | 'p99'; color: string }[] = [
  { key: 'p50', color: '#2e7d32' },
  { key: 'p95', color: '#f9a825' },
  { key: 'p99', color: '#c62828' },
];

function esc(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

interface Point {
  /** Milliseconds since the test start (mid-bucket). */
  readonly t: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

function pointsOf(timeline: TimelineData, startedAtMs: number): Point[] {
  const width = timeline.bucketMs / 1000;
  return timeline.points.map((p) => ({
    t: Math.max(0, p.t + timeline.bucketMs / 2 - startedAtMs),
    rps: p.requests / width,
    p50: p.p50 ?? 0,
    p95: p.p95 ?? 0,
    p99: p.p99 ?? 0,
  }));
}

/** Latency percentiles (left axis, ms) and rps (right axis, dashed) against seconds since `startedAtMs`. */
export function renderLatencyChart(title: string, timeline: TimelineData, startedAtMs: number): string {
  const points = pointsOf(timeline, startedAtMs);
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const tMax = Math.max(1, ...points.map((p) => p.t));
  const yMax = niceMax(Math.max(0, ...points.map((p) => p.p99)));
  const rMax = niceMax(Math.max(0, ...points.map((p) => p.rps)));
  const x = (t: number): number => M.left + (t / tMax) * iw;
  const y = (v: number): number => M.top + ih - (v / yMax) * ih;
  const yr = (v: number): number => M.top + ih - (v / rMax) * ih;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`,
  );
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    const yy = y(v);
    parts.push(
      `<line x1="${M.left}" x2="${M.left + iw}" y1="${yy}" y2="${yy}" stroke="#e0e0e0"/>`,
      `<text x="${M.left - 6}" y="${yy + 4}" text-anchor="end">${fmt(v)}</text>`,
      `<text x="${M.left + iw + 6}" y="${yr((rMax * i) / 4) + 4}" fill="#1565c0">${fmt((rMax * i) / 4)}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const t = (tMax * i) / 5;
    parts.push(`<text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t / 1000)}s</text>`);
  }
  parts.push(
    `<text x="12" y="${M.top + ih / 2}" transform="rotate(-90 12 ${M.top + ih / 2})" text-anchor="middle">latency (ms)</text>`,
    `<text x="${W - 8}" y="${M.top + ih / 2}" transform="rotate(90 ${W - 8} ${M.top + ih / 2})" text-anchor="middle" fill="#1565c0">req/s</text>`,
  );
  if (points.length > 0) {
    const rps = points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${yr(p.rps).toFixed(1)}`)
      .join('');
    parts.push(`<path d="${rps}" fill="none" stroke="#1565c0" stroke-dasharray="4 3" stroke-width="1.5"/>`);
    for (const s of SERIES) {
      const d = points
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p[s.key]).toFixed(1)}`)
        .join('');
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    }
  } else {
    parts.push(
      `<text x="${M.left + iw / 2}" y="${M.top + ih / 2}" text-anchor="middle" fill="#888">no time series recorded</text>`,
    );
  }
  const legend = [...SERIES.map((s) => [s.key, s.color] as const), ['rps', '#1565c0'] as const];
  legend.forEach(([name, color], i) => {
    const lx = M.left + 220 + i * 80;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="12" y2="12" stroke="${color}" stroke-width="2"${name === 'rps' ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${lx + 22}" y="16">${name}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
