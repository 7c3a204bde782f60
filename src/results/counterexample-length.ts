// How long a counterexample is (issue 15 and issue 17 item 5: the median over the fault catalogue must stay
// at most 5 calls). The one count that conformance, diff, the fault grid and bench/diff-faults.ts report.
import type { CallStep } from './call-step.ts';

export interface CounterexampleLength {
  /**
   * Calls that count: those of the shrunk sequence's commands, each once (an attempt retried after a
   * transport error is the same call), and the violating call even when it was made as setup.
   */
  readonly calls: number;
  /**
   * Calls made as setup and not counted: what every case of the property runs (the case's login, the property's
   * setup), which the replay makes again, so the counterexample still reproduces with them (issue 17 item 5).
   */
  readonly setupCalls: number;
  /** Commands of the shrunk sequence that ran, when the case is a command sequence. */
  readonly commands?: number;
}

export function counterexampleLength(steps: readonly CallStep[], commands?: number): CounterexampleLength {
  let calls = 0;
  let setupCalls = 0;
  for (const s of steps) {
    if (s.retried === true) continue;
    if (s.setup === true && s.violation !== true) setupCalls += 1;
    else calls += 1;
  }
  return { calls, setupCalls, ...(commands === undefined ? {} : { commands }) };
}

/** "3 calls (2 commands; 4 setup calls not counted)", for traces and summaries. */
export function counterexampleLengthText(n: CounterexampleLength): string {
  const parts = [
    ...(n.commands === undefined ? [] : [`${n.commands} command${n.commands === 1 ? '' : 's'}`]),
    ...(n.setupCalls === 0 ? [] : [`${n.setupCalls} setup call${n.setupCalls === 1 ? '' : 's'} not counted`]),
  ];
  return `${n.calls} call${n.calls === 1 ? '' : 's'}${parts.length === 0 ? '' : ` (${parts.join('; ')})`}`;
}

/** The median of the lengths (calls), undefined for none: what the fault catalogue's runs are held to. */
export function medianCalls(lengths: readonly number[]): number | undefined {
  const sorted = [...lengths].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
