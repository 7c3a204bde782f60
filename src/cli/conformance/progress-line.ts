// One line per property as it finishes (issue 5 §7), with its id (expectations files use it) and its runs
// done / asked (issue 12 §10).
import type { PropertyResult } from '../../results/index.ts';
import { counterexampleLengthText, runsText } from '../../results/index.ts';

const MARK: Readonly<Record<string, string>> = {
  passed: '✓',
  failed: '✗',
  broken: '!',
  skipped: '-',
  inconclusive: '?',
};

export function progressLine(r: PropertyResult, done: number, total: number): string {
  const stats =
    r.stats === undefined
      ? ''
      : `, ${runsText(r.stats.runs, r.stats.asked)}, ${r.stats.calls ?? 0} calls${coverageNote(r)}` +
        (r.stats.retries === undefined ? '' : `, ${r.stats.retries} retried after no answer`);
  const time = ` (${(r.durationMs / 1000).toFixed(1)} s${stats})`;
  const why =
    r.status !== 'passed' && r.message !== undefined
      ? `\n      ${r.status === 'skipped' ? 'skipped: ' : ''}${r.message.split('\n')[0]?.slice(0, 200) ?? ''}`
      : '';
  const budget = r.stats?.budget === undefined ? '' : `\n      ${r.stats.budget}`;
  return `  ${MARK[r.status] ?? '?'} [${done}/${total}] ${r.id}${time}${why}${lengthNote(r)}${budget}\n`;
}

/** ", transitions 41/41" for a property that declares the transitions it means to reach (issue 17 item 1). */
function coverageNote(r: PropertyResult): string {
  const c = r.stats?.coverage;
  if (c === undefined || c.declared === 0) return '';
  return `, transitions ${c.declared - c.unreached.length}/${c.declared}`;
}

/** How long the shrunk counterexample is (issue 17 item 5), counted as results.json counts it. */
function lengthNote(r: PropertyResult): string {
  const n = r.counterexample?.length;
  return n === undefined ? '' : `\n      counterexample: ${counterexampleLengthText(n)}`;
}
