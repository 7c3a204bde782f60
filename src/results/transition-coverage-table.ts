// A property's transition coverage as results carry it (issue 17 item 1): message × source state × outcome,
// each key "VM.suspend | Running → success" with the times it was reached, and the declared transitions the
// run never reached. Reports render it as a table (console summary, Allure, results.json).
export interface TransitionCoverageTable {
  /** Transition key → times reached, keys sorted. */
  readonly reached: Readonly<Record<string, number>>;
  /** Declared transitions the run never reached. */
  readonly unreached: readonly string[];
  /** How many transitions the property declares (0: it declares none, only what was reached is shown). */
  readonly declared: number;
}

/** Reached / declared, as a percentage of the declared ones (undefined when none are declared). */
export function coveragePercent(t: TransitionCoverageTable): number | undefined {
  if (t.declared === 0) return undefined;
  return Math.round((100 * (t.declared - t.unreached.length)) / t.declared);
}

/** The table as text: one line per transition (reached count, or "never"), unreached first. */
export function coverageText(t: TransitionCoverageTable): string {
  const pct = coveragePercent(t);
  const head =
    pct === undefined
      ? `transitions reached: ${Object.keys(t.reached).length}`
      : `transitions reached: ${t.declared - t.unreached.length} of ${t.declared} declared (${pct} %)`;
  const width = Math.max(
    10,
    ...Object.keys(t.reached).map((k) => k.length),
    ...t.unreached.map((k) => k.length),
  );
  const lines = [
    ...t.unreached.map((k) => `  ${k.padEnd(width)}  never`),
    ...Object.entries(t.reached).map(([k, n]) => `  ${k.padEnd(width)}  ${n}`),
  ];
  return [head, ...lines].join('\n');
}
