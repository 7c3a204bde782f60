// The result of one conformance property, the unit every report shows: where it belongs (area / XAPI
// class / message, which Allure calls epic / feature / story), how it ended, and everything needed to
// understand and replay a failure.
import type { CallStep } from './call-step.ts';
import type { CounterexampleLength } from './counterexample-length.ts';
import type { Inconclusive } from './inconclusive.ts';
import type { FailureKind, PropertyStatus } from './status.ts';
import type { TransitionCoverageTable } from './transition-coverage-table.ts';

export interface PropertyStats {
  /** Generated cases run to the end (fast-check `numRuns`): the "done" of "done / asked". */
  readonly runs: number;
  /** Cases asked for (`--runs` or the property's own budget). */
  readonly asked?: number;
  /** Conclusive cases a verdict needs (inconclusive.ts). */
  readonly minimum?: number;
  /** Cases that met an environmental failure (SEMANTICS.md §10): run, but not conclusive. */
  readonly environmental?: number;
  /** Shrinks applied to reach the reported counterexample (fast-check `numShrinks`). */
  readonly shrinks: number;
  /** Cases rejected by preconditions (fast-check `numSkips`). */
  readonly skips?: number;
  /** The time limit the property ran with (fitted to the target unless given). */
  readonly timeLimitMs?: number;
  /** How the time limit was fitted to the target, when it grew. */
  readonly budget?: string;
  /** Calls tried again after a transport error (reads and logins; each attempt is in the trace). */
  readonly retries?: number;
  /** Model-checked calls issued while running the property. */
  readonly calls?: number;
  /** Which transitions (message × source state × outcome) the run exercised, and which it never reached. */
  readonly coverage?: TransitionCoverageTable;
}

export interface Counterexample {
  /** The shrunk call sequence, as data (attached as JSON). */
  readonly steps: readonly CallStep[];
  /** The same sequence as `formatTraceText` renders it (attached as text). */
  readonly text: string;
  /** fast-check's own rendering of the counterexample value, when there is one. */
  readonly value?: string;
  /** Its length: counted calls, setup calls not counted, commands (counterexample-length.ts). */
  readonly length?: CounterexampleLength;
}

export interface KnownDeviation {
  /** The entry's id in the per-target expectations file (issue 5 §6). */
  readonly id: string;
  readonly reason: string;
}

export interface PropertyResult {
  /**
   * Stable across runs (Allure history joins on it) and unique within a run (Allure reads two results with
   * one id as retries of one test): e.g. "sessions/session/login_with_password/evicts-oldest".
   */
  readonly id: string;
  /** Human title of the property. */
  readonly name: string;
  /** Suite area (Allure epic): wire, sessions, eviction, vm-lifecycle, tasks, events, errors, schema. */
  readonly area: string;
  /** XAPI class under test (Allure feature), verbatim: "session", "VM", "task". */
  readonly feature: string;
  /** XAPI message under test (Allure story), verbatim wire name: "session.login_with_password". */
  readonly story: string;
  readonly status: PropertyStatus;
  /** Why it did not pass; absent when passed. */
  readonly kind?: FailureKind;
  /** One-line summary of the failure. */
  readonly message?: string;
  /** The calls of the run (or of the shrunk counterexample when it failed), secrets masked. */
  readonly steps: readonly CallStep[];
  readonly counterexample?: Counterexample;
  /** Expected vs observed of the violation, when the failing check said so (Allure shows them as a diff). */
  readonly violation?: { readonly expected: string; readonly actual: string };
  readonly seed?: number;
  /** fast-check replay path ("0:1:0"). */
  readonly path?: string;
  /** The one command that replays the failure, as pasted: `npx xapi-harness conformance … --replay <seed>:<path>`. */
  readonly replay?: string;
  readonly stats?: PropertyStats;
  readonly knownDeviation?: KnownDeviation;
  readonly unexpectedPass?: boolean;
  /** The regression file written for this failure (`--pin`). */
  readonly pinnedTo?: string;
  /** The pinned regression file whose replay gave this failure. */
  readonly pinnedFrom?: string;
  /** Set with status `inconclusive`: why, and conclusive cases done / asked / needed. */
  readonly inconclusive?: Inconclusive;
  /** Suite file, relative to the repository root. */
  readonly file?: string;
  readonly tags?: readonly string[];
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly durationMs: number;
}

/** The replay command for a seed and path (issue 5 §4). */
export function replayCommand(
  seed: number,
  path: string | undefined,
  extraArgs: readonly string[] = [],
  command: 'conformance' | 'diff' = 'conformance',
): string {
  const target = path === undefined || path === '' ? String(seed) : `${seed}:${path}`;
  return [`npx xapi-harness ${command}`, ...extraArgs, '--replay', target].join(' ');
}
