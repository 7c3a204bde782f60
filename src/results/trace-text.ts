// The readable counterexample trace (issue 5 §4): request → expected → observed, one block per call,
// the violating call marked. This exact text is attached to the Allure result and printed by the CLI.
import type { CallOutcome, CallStep, ExpectedOutcome } from './call-step.ts';
import { counterexampleLengthText, type CounterexampleLength } from './counterexample-length.ts';
import { formatCall, formatValue } from './format-value.ts';
import { maskSecrets } from './mask-secrets.ts';

export function formatOutcome(outcome: CallOutcome): string {
  switch (outcome.kind) {
    case 'success':
      return `success ${formatValue(outcome.value)}`;
    case 'failure':
      return `failure ${outcome.code} ${formatValue(outcome.params)}`;
    case 'transport':
      return `no answer (transport: ${outcome.message})`;
  }
}

export function formatExpected(expected: ExpectedOutcome): string {
  switch (expected.kind) {
    case 'success':
      return expected.shape === undefined ? 'success' : `success (${expected.shape})`;
    case 'failure':
      return expected.params === undefined
        ? `failure ${expected.code}`
        : `failure ${expected.code} ${formatValue(expected.params)}`;
    case 'any-of':
      return `one of: ${expected.options.map(formatExpected).join(' | ')}`;
  }
}

/** What a step's first line ends with: the violation, a retried attempt, or setup (not counted). */
function mark(step: CallStep): string {
  if (step.violation === true) return `   <-- contract violation${step.setup === true ? ' (in setup)' : ''}`;
  if (step.retried === true) return '   (no answer: retried)';
  return step.setup === true ? '   (setup)' : '';
}

export interface TraceTextHeader {
  readonly title?: string;
  readonly seed?: number;
  readonly path?: string;
  readonly replay?: string;
  /** What differed first in the violating answer, shown under its step (first-difference.ts). */
  readonly difference?: { readonly path: string; readonly expected: string; readonly actual: string };
  /** The counterexample's length, said above the trace (setup steps are marked in it). */
  readonly length?: CounterexampleLength;
}

/**
 * The trace as text. Every line is bounded (format-value.ts), so a huge record cannot flood a report, and
 * parameters are masked again (mask-secrets.ts).
 */
export function formatTraceText(steps: readonly CallStep[], header: TraceTextHeader = {}): string {
  const lines: string[] = [];
  if (header.title !== undefined) lines.push(header.title);
  if (header.seed !== undefined)
    lines.push(`seed: ${header.seed}${header.path !== undefined ? `  path: ${header.path}` : ''}`);
  if (header.replay !== undefined) lines.push(`replay: ${header.replay}`);
  if (header.length !== undefined) lines.push(`length: ${counterexampleLengthText(header.length)}`);
  if (lines.length > 0) lines.push('');
  const width = String(steps.length).length;
  steps.forEach((step, i) => {
    const n = `#${String(i + 1).padStart(width)}`;
    lines.push(`${n} ${formatCall(step.method, maskSecrets(step.method, step.params))}${mark(step)}`);
    const pad = ' '.repeat(n.length + 1);
    if (step.expected !== undefined) lines.push(`${pad}expected: ${formatExpected(step.expected)}`);
    lines.push(`${pad}observed: ${formatOutcome(step.outcome)}  (${step.durationMs.toFixed(1)} ms)`);
    const d = header.difference;
    if (step.violation === true && d !== undefined)
      lines.push(`${pad}differs:  ${d.path}: expected ${d.expected}, observed ${d.actual}`);
  });
  return lines.join('\n');
}
