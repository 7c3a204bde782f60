// When a property that found no violation still says nothing: it is inconclusive (issue 12 §10, issue 11
// "What to build" §3). fast-check counts a run cut by its time limit as a success as soon as one case
// passed, and a case whose VM.start ended in an environmental failure (SEMANTICS.md §10: BOOTLOADER_FAILED,
// SR_BACKEND_FAILURE_n, ...) checked nothing about the contract. Neither may read as "passed".

/** Why a property is inconclusive. */
export type InconclusiveCause = 'time-limit' | 'environment' | 'preconditions';

export interface Inconclusive {
  readonly cause: InconclusiveCause;
  /** One line for people: what ran, against what minimum, and why no more. */
  readonly reason: string;
  /** Conclusive cases done (passed, no environmental failure). */
  readonly done: number;
  /** Cases asked for (`--runs`, or the property's own budget). */
  readonly asked: number;
  /** Conclusive cases needed for a verdict. */
  readonly minimum: number;
}

export interface CaseCounts {
  /** Cases asked for. */
  readonly asked: number;
  /** Conclusive cases needed (minimumCases gives the default). */
  readonly minimum: number;
  /** Cases that ran to the end (fast-check `numRuns` of a run that found no counterexample). */
  readonly completed: number;
  /** Of those, cases that met an environmental failure on the way (they count as not conclusive). */
  readonly completedEnvironmental: number;
  /** Cases abandoned on an environmental failure (fast-check skips: never run to the end). */
  readonly abandoned: number;
  /** fast-check stopped generating at the time limit. */
  readonly interrupted: boolean;
  /** The time limit, for the message. */
  readonly timeLimitMs?: number;
  /** How the time limit was fitted to the target, when it was (run-property.ts fitTimeLimit). */
  readonly budgetNote?: string;
  /** Environmental failures seen, most frequent first, e.g. "VM.start: BOOTLOADER_FAILED ×3". */
  readonly environmentalReasons?: readonly string[];
}

/**
 * The default minimum: half the cases asked, rounded up (at least 1). A property cut after 7 of 25 cases
 * (the issue's example) is inconclusive; one that ran 13 has checked enough to be trusted.
 */
export function minimumCases(asked: number): number {
  return Math.max(1, Math.ceil(asked / 2));
}

/** Undefined when enough conclusive cases ran; otherwise what is missing and why. */
export function judgeCompleteness(c: CaseCounts): Inconclusive | undefined {
  const done = Math.max(0, c.completed - c.completedEnvironmental);
  if (done >= c.minimum) return undefined;
  const environmental = c.completedEnvironmental + c.abandoned;
  const base = { done, asked: c.asked, minimum: c.minimum };
  const counted = `${done} conclusive case${done === 1 ? '' : 's'} of ${c.asked} asked (minimum ${c.minimum})`;
  if (environmental > 0) {
    const seen = (c.environmentalReasons ?? []).slice(0, 3).join(', ');
    return {
      ...base,
      cause: 'environment',
      reason: `${counted}: ${environmental} case${environmental === 1 ? '' : 's'} ended in environmental failures${seen === '' ? '' : ` (${seen})`}`,
    };
  }
  if (c.interrupted) {
    const limit = c.timeLimitMs === undefined ? '' : ` of ${formatSeconds(c.timeLimitMs)}`;
    const fitted = c.budgetNote === undefined ? '' : ` (${c.budgetNote})`;
    return { ...base, cause: 'time-limit', reason: `${counted}: stopped by the time limit${limit}${fitted}` };
  }
  return { ...base, cause: 'preconditions', reason: `${counted}: the other cases were skipped` };
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** "7/25 runs" — what every result line shows (issue 12 §10). */
export function runsText(done: number, asked: number | undefined): string {
  return asked === undefined ? `${done} runs` : `${done}/${asked} runs`;
}
