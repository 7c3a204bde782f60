// One XenAPI call as reports show it: what was sent (secrets masked), what the reference model expected,
// what the endpoint answered. The harness's Driver records one per call (src/harness/driver.ts).

/** What an endpoint answered (ARCHITECTURE.md "Outcomes are values"): a value, an XAPI failure, or nothing. */
export type CallOutcome =
  | { readonly kind: 'success'; readonly value: unknown }
  | { readonly kind: 'failure'; readonly code: string; readonly params: readonly string[] }
  | { readonly kind: 'transport'; readonly message: string };

/** What the reference model predicted: a value shape (free text, e.g. "VM ref") or a failure code. */
export type ExpectedOutcome =
  | { readonly kind: 'success'; readonly shape?: string }
  | { readonly kind: 'failure'; readonly code: string; readonly params?: readonly string[] }
  /** The model accepts several answers (e.g. eviction happens in a GC pass, SEMANTICS.md §3). */
  | { readonly kind: 'any-of'; readonly options: readonly ExpectedOutcome[] };

export interface CallStep {
  /** Order of the call in the run. */
  readonly seq: number;
  /** The wire name as called, e.g. "VM.start" or "Async.VM.start". */
  readonly method: string;
  /** Parameters as sent, with secrets already masked (`maskSecrets`). */
  readonly params: readonly unknown[];
  readonly outcome: CallOutcome;
  readonly expected?: ExpectedOutcome;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** Set on the call whose answer contradicts the model. */
  readonly violation?: boolean;
  /** This attempt met no XAPI answer and the call was tried again (reads and logins only). */
  readonly retried?: boolean;
  /**
   * Made as setup, which every case of the property runs: the case's login and the property's setup (the
   * template and default-SR lookup, a pool's first read). Replayed with the case, but not counted in its length
   * (counterexample-length.ts). A prerequisite one case made for itself (a VM to act on) is not setup: it counts.
   */
  readonly setup?: boolean;
}
