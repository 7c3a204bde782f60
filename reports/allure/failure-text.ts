// The words a failed or broken property is reported with, shared by the in-test path (report-property.ts,
// through the harness errors) and the direct writer (property-results-writer.ts), so both read the same.
import { formatTraceText, type PropertyResult } from '../../src/results/index.ts';
import { MESSAGE_PREFIXES } from './categories.ts';

/** The failure text: one summary line, then seed and replay command, then the readable trace. */
export function failureMessage(result: PropertyResult): string {
  const lines = [result.message ?? `${result.name}: ${result.kind ?? result.status}`];
  const ce = result.counterexample;
  const trace = ce === undefined ? '' : ce.text !== '' ? ce.text : formatTraceText(ce.steps);
  if (!trace.includes('seed:') && result.seed !== undefined) {
    lines.push(`seed: ${result.seed}${result.path !== undefined ? `  path: ${result.path}` : ''}`);
  }
  if (!trace.includes('replay:') && result.replay !== undefined) lines.push(`replay: ${result.replay}`);
  if (trace !== '') lines.push('', trace);
  return lines.join('\n');
}

/** Expected vs observed for Allure's diff: the result's own, else the violating step's. */
export function violationDetails(result: PropertyResult): { expected: unknown; actual: unknown } {
  if (result.violation !== undefined) return result.violation;
  const culprit = [...(result.counterexample?.steps ?? result.steps)]
    .reverse()
    .find((s) => s.violation === true);
  if (culprit?.expected !== undefined) return { expected: culprit.expected, actual: culprit.outcome };
  return { expected: 'the reference model holds', actual: result.message ?? 'contradicted' };
}

/** The category prefix the harness errors put in front of a message (harness-errors.ts). */
export function messagePrefix(result: PropertyResult): string | undefined {
  if (result.unexpectedPass === true || result.kind === 'unexpected-pass')
    return MESSAGE_PREFIXES.unexpectedPass;
  if (result.status === 'failed') return MESSAGE_PREFIXES.contractViolation;
  if (result.status === 'broken')
    return result.kind === 'transport' ? MESSAGE_PREFIXES.transport : MESSAGE_PREFIXES.setup;
  return undefined;
}

/** The note of a reproduced known deviation. */
export function deviationNote(result: PropertyResult): string | undefined {
  const d = result.knownDeviation;
  return d === undefined ? undefined : `known deviation ${d.id}: ${d.reason}`;
}
