// Every table printed in a bench run is also kept here and drawn as bar charts of the ratios against
// the same-run baseline (out/bench/index.html): a ratio per candidate is easier to see than to read.
// Self-contained inline SVG, no script and no third-party request.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ChartedTable {
  readonly title: string;
  readonly baseline: string;
  readonly rows: ReadonlyArray<{ readonly name: string; readonly ratio: number; readonly target?: number }>;
}

const tables: ChartedTable[] = [];

export function recordTable(table: ChartedTable): void {
  tables.push(table);
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const BAR_H = 22;
const LABEL_W = 300;
const PLOT_W = 420;

function chart(t: ChartedTable): string {
  const max = Math.max(1, ...t.rows.map((r) => Math.max(r.ratio, r.target ?? 0))) * 1.1;
  const x = (v: number): number => LABEL_W + (v / max) * PLOT_W;
  const height = t.rows.length * BAR_H + 30;
  const bars = t.rows.map((r, i) => {
    const y = 10 + i * BAR_H;
    const missed = r.target !== undefined && r.ratio < r.target;
    const fill = r.name === t.baseline ? '#9aa5b1' : missed ? '#d64545' : '#3b82c4';
    const target =
      r.target === undefined
        ? ''
        : `<line x1="${x(r.target)}" x2="${x(r.target)}" y1="${y}" y2="${y + BAR_H - 6}" stroke="#222" stroke-dasharray="3,2"/>`;
    return (
      `<text x="${LABEL_W - 8}" y="${y + 12}" text-anchor="end">${esc(r.name)}</text>` +
      `<rect x="${LABEL_W}" y="${y}" width="${Math.max(1, x(r.ratio) - LABEL_W)}" height="${BAR_H - 6}" fill="${fill}"/>` +
      `<text x="${x(r.ratio) + 4}" y="${y + 12}">${r.ratio.toFixed(2)}×</text>${target}`
    );
  });
  const one = `<line x1="${x(1)}" x2="${x(1)}" y1="6" y2="${height - 18}" stroke="#9aa5b1"/>`;
  return (
    `<h2>${esc(t.title)}</h2><p>ratio to <b>${esc(t.baseline)}</b> (grey line = 1×, dashed = target)</p>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + PLOT_W + 80}" height="${height}" font-family="sans-serif" font-size="12">${one}${bars.join('')}</svg>`
  );
}

/** Writes the charts of every table recorded so far; returns false when nothing was recorded. */
export function writeBenchCharts(file: string, heading: string): boolean {
  if (tables.length === 0) return false;
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>xapi-harness benchmarks</title>` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<style>body{font-family:sans-serif;margin:2em;color:#222}h2{font-size:1.05em;margin-top:2em}</style></head>` +
    `<body><h1>xapi-harness benchmarks</h1><p>${esc(heading)}</p>${tables.map(chart).join('\n')}</body></html>`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return true;
}
