// What a scenario file exports: k6-like options plus typed VU functions. `S` is the per-VU state created by
// setupVu (for XAPI scenarios: the VU's own logged-in session, see xapi-vu.ts).
import type { RawHandler } from '../client/transport.ts';
import type { DurationInput, LoadOptions } from './options.ts';
import type { Tags } from './metric-types.ts';

/** Where and as whom the VUs connect. Passed to worker threads, so everything but `handler` is plain data. */
export interface RunParams {
  /** Endpoint URL (http/https). Worker threads need one; in-thread runs may use `handler` instead. */
  readonly url?: string;
  /** In-process target (e.g. the emulator's handler); only usable when the engine runs in this thread. */
  readonly handler?: RawHandler;
  readonly insecure?: boolean;
  /** PEM CA certificate(s) to trust for https (the text, so worker threads get it as plain data). */
  readonly ca?: string;
  readonly user?: string;
  readonly password?: string;
  /** Max connections per VU transport (default 1: a VU is one client, as in k6). */
  readonly connections?: number;
  /** Headers of every request of the plain-HTTP kit (http-vu.ts), over its defaults (k6's params.headers). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
}

export interface VuInfo {
  /** 1-based and unique over the whole test, across shards and worker threads. */
  readonly idInTest: number;
  /** 1-based within this scenario and segment. */
  readonly idInScenario: number;
}

/** User metrics, k6-style; samples carry the scenario tags plus `tags`. */
export interface MetricsApi {
  counter(name: string, value?: number, tags?: Tags): void;
  gauge(name: string, value: number, tags?: Tags): void;
  rate(name: string, value: boolean, tags?: Tags): void;
  /** Milliseconds for time trends (names ending in _duration or _latency), any non-negative unit otherwise. */
  trend(name: string, value: number, tags?: Tags): void;
}

export interface VuInitContext {
  readonly vu: VuInfo;
  readonly scenario: string;
  readonly params: RunParams;
  readonly env: Readonly<Record<string, string>>;
  readonly metrics: MetricsApi;
  readonly signal: AbortSignal;
  /** Times an operation as one request sample (see IterationContext.request). */
  request(prefix: string, method: string, fn: () => Promise<string>): Promise<void>;
  /**
   * Records one request the caller timed itself (`t0`, `t1` from performance.now(); `outcome` "ok" or what
   * went wrong), exactly as request() records the one it times: for kits whose I/O completes in a callback,
   * which need no promise per request then (http-vu.ts).
   */
  sample(prefix: string, method: string, t0: number, t1: number, outcome: string): void;
}

export interface IterationContext extends VuInitContext {
  /** 0-based iteration number of this VU in this scenario. */
  readonly iterationInVu: number;
  /** Open model: the global (test-wide) iteration number; closed model: -1. */
  readonly iterationInTest: number;
  /** Open model: how late this iteration started behind its intended time (ms); 0 in the closed model. */
  readonly lagMs: number;
  /** k6's check(): records each named predicate in the `checks` rate metric; true when all pass. */
  check<T>(value: T, checks: Readonly<Record<string, (v: T) => boolean>>, tags?: Tags): boolean;
  /** Resolves after `ms`, or early when the iteration is interrupted. */
  sleep(ms: number): Promise<void>;
}

/**
 * The callback form of a VU function: ends the iteration by calling `done` once, with the error when it
 * failed. A closed-model loop (executors/closed-loop.ts) drives a function that has one with no promise per
 * iteration: the next iteration starts from the callback that ended this one, as a client written in C
 * does (issue 16: the promises of the awaited form were a measured share of the engine's CPU per request).
 */
export type VuStep<S> = (state: S, ctx: IterationContext, done: StepDone) => void;

/**
 * Ends a step's iteration: `err` when it failed. `at`, optional, is a clock reading (performance.now()) the
 * step took as it ended, such as the end of its last request: the loop takes it as the iteration's end
 * instead of reading the clock again (issue 16: a read is a measured ~300 instructions, one of three per
 * request of the HTTP kit). Ignored unless it is a number no earlier than the iteration's start.
 */
export type StepDone = (err?: unknown, at?: number) => void;

/** A VU function: resolves when the iteration ends. `step`, when present, is the same function's callback form. */
export type VuFunction<S> = ((state: S, ctx: IterationContext) => Promise<void>) & {
  readonly step?: VuStep<S>;
};

/**
 * A VU function from its callback form: the awaited form is derived from it, so that the two behave alike
 * wherever the engine runs it (an open-model executor awaits it; a closed loop calls `step`).
 */
export function stepFunction<S>(step: VuStep<S>): VuFunction<S> {
  const awaited = (state: S, ctx: IterationContext): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      step(state, ctx, (err?: unknown) => {
        if (err === undefined) resolve();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what the step failed with, as await passes on what a function throws
        else reject(err);
      });
    });
  return Object.assign(awaited, { step });
}

/** A stand-in target the engine warms its hot path on before the test (LoadDefinition.warmup). */
export interface WarmupTarget {
  /** What the summary calls it, e.g. "an HTTP sink on loopback in a thread of its own". */
  readonly label: string;
  /** Starts the stand-in in the calling thread; resolves with the run params that point the VUs at it. */
  start(params: RunParams): Promise<WarmupSession>;
}

export interface WarmupSession {
  readonly params: RunParams;
  close(): Promise<void>;
}

export interface LoadDefinition<S = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly options: LoadOptions;
  /**
   * Host-wide effects beyond the objects the run creates (a session storm evicts other clients' sessions):
   * the CLI runs it against a real host only with --allow-disruptive (ARCHITECTURE.md, Rules).
   */
  readonly disruptive?: boolean;
  /**
   * Hosts the built-in emulator serves when the scenario runs against it (a pool scenario needs members;
   * docs/SEMANTICS.md §11). Default 1; a real target is whatever pool it is.
   */
  readonly emulatorHosts?: number;
  /**
   * The scaled inventory the built-in emulator builds at start when the scenario runs against it
   * (`hosts=8,vms=1000`, as `xapi-harness emulator --inventory`; `load --inventory` overrides it).
   * Default none: the emulator's small pool.
   */
  readonly emulatorInventory?: string;
  /**
   * The prefix of the headline request metrics (`<prefix>_duration`, `_latency`, `s`, `_failed`), shown in
   * the progress line and the timeline charts. Default "xapi_req".
   */
  readonly requestMetric?: string;
  /**
   * The engine's warm-up: the main thread starts `target` (run-load.ts), and before its VUs are set up each
   * generator thread runs the definition's scenarios against it for `duration` (default 1s; "0s" turns it
   * off) and throws the result away (run-local.ts), so that V8 has compiled the hot path before the test
   * clock starts. A JIT compiles while the load runs otherwise: over two worker threads the first 0.6 s ran
   * at 0.74-0.83x the later rate without it, 0.92-0.98x with it (docs/benchmarks.md, "A warm-up before the
   * test clock"). Only what never touches the real target can warm the engine up, so a kit offers a
   * stand-in (http-warmup.ts); without one there is no warm-up.
   */
  readonly warmup?: { readonly target: WarmupTarget; readonly duration?: DurationInput };
  /** Per-VU set-up before the VU's first iteration (k6's VU init); e.g. log in. */
  readonly setupVu?: (ctx: VuInitContext) => Promise<S>;
  /** Per-VU tear-down when the test ends; e.g. log out. */
  readonly teardownVu?: (state: S, ctx: VuInitContext) => Promise<void>;
  /** VU functions by name; a scenario's `exec` picks one (default "default"). */
  readonly functions: Readonly<Record<string, VuFunction<S>>>;
}

/** Identity helper that keeps `S` inferred in scenario files. */
export function defineLoad<S>(def: LoadDefinition<S>): LoadDefinition<S> {
  return def;
}
