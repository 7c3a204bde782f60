// The contract of `predict`: what a call must answer, and the state after it given what it did answer.
import type { Expected } from './expected.ts';
import type { ModelState } from './model-state.ts';
import type { Observed } from './observed.ts';

/** One call as sent on the wire: `args` include the session as first param, as xapi's dispatcher sees it. */
export interface ModelCall {
  /** The wire name, e.g. "VM.start" or "Async.VM.clone". */
  readonly method: string;
  readonly args: readonly unknown[];
  /** Harness clock (ms) when the call was made; time-based rules (GC passes, task deadlines) use it. */
  readonly at?: number;
}

export interface Prediction {
  readonly expected: Expected;
  /**
   * The state after the call, given an observed answer that satisfies `expected`. Where xapi leaves freedom
   * (alternatives in `expected`), the observation decides the branch, and binds returned refs and tokens.
   */
  readonly next: (observed: Observed) => ModelState;
}

/** What a message handler returns: the expectation and the effect to apply, relative to any state. */
export interface Outcome {
  readonly expected: Expected;
  /** Applies the call's effect. Kept relative so an Async task can apply it when it completes. */
  readonly effect: (state: ModelState, observed: Observed) => ModelState;
  /** The VM the call operates on (Async tasks make that VM's reads uncertain while they run). */
  readonly vm?: string;
  /** The predicted failure still changes state (provision clears is_a_template before failing). */
  readonly failureHasEffect?: boolean;
}

export interface CallContext {
  readonly state: ModelState;
  /** The sync wire name ("VM.start" for "Async.VM.start"). */
  readonly name: string;
  /** The parameters after the session. */
  readonly params: readonly unknown[];
  /** The (valid) session the call runs under; "" for calls without session. */
  readonly session: string;
  readonly now: number;
}

export type Handler = (ctx: CallContext) => Outcome;

export function unchanged(expected: Expected): Outcome {
  return { expected, effect: (s) => s };
}
