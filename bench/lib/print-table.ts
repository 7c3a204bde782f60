// Prints a comparison table: ops/s and the ratio of every row to a baseline row measured in the
// same run (ARCHITECTURE.md Habits 8).
import { recordTable } from './bench-chart.ts';
import type { Measurement } from './measure-ops.ts';

export interface TableOptions {
  readonly title: string;
  /** Name of the row every ratio is computed against. */
  readonly baseline: string;
  /** Optional minimum ratio a named row must reach; printed as a pass/fail column. */
  readonly targets?: Readonly<Record<string, number>>;
  readonly out?: (line: string) => void;
}

function fmtOps(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

/** Prints the table and returns the ratios against the baseline by row name. */
export function printTable(rows: readonly Measurement[], options: TableOptions): Record<string, number> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const base = rows.find((r) => r.name === options.baseline);
  if (base === undefined) throw new Error(`baseline '${options.baseline}' not measured`);
  const width = Math.max(...rows.map((r) => r.name.length), 9);
  out('');
  out(options.title);
  out(
    `  ${'candidate'.padEnd(width)}  ${'ops/s'.padStart(10)}  ${'± spread'.padStart(8)}  ${`× ${options.baseline}`.padStart(12)}`,
  );
  const ratios: Record<string, number> = {};
  for (const r of rows) {
    const ratio = r.opsPerSec / base.opsPerSec;
    ratios[r.name] = ratio;
    const target = options.targets?.[r.name];
    const verdict =
      target === undefined
        ? ''
        : ratio >= target
          ? `  (target ≥${fmtTarget(target)}×: met)`
          : `  (target ≥${fmtTarget(target)}×: MISSED)`;
    out(
      `  ${r.name.padEnd(width)}  ${fmtOps(r.opsPerSec).padStart(10)}  ${`${(r.spread * 100).toFixed(0)}%`.padStart(8)}  ${`${ratio.toFixed(2)}×`.padStart(12)}${verdict}`,
    );
  }
  recordTable({
    title: options.title,
    baseline: options.baseline,
    rows: rows.map((r) => {
      const target = options.targets?.[r.name];
      return { name: r.name, ratio: ratios[r.name] ?? 0, ...(target !== undefined ? { target } : {}) };
    }),
  });
  return ratios;
}

/** A target ratio as people read it: 0.9, 1, or two decimals for a derived one (0.8295… → 0.83). */
function fmtTarget(t: number): string {
  return Number(t.toFixed(2)).toString();
}
