// Everything executors share for one scenario: VU creation, running one iteration with its metrics,
// request samples, and the end-of-scenario protocol (stop starting, wait gracefulStop, interrupt).
import { performance } from 'node:perf_hooks';
import type { LoadDefinition, MetricsApi, VuFunction } from './definition.ts';
import type { Tags } from './metric-types.ts';
import type { RunState } from './run-state.ts';
import type { ScenarioPlan } from './scenario-plan.ts';
import type { CounterSeries, RateSeries, TrendSeries } from './series.ts';
import { globalVuId } from './segment.ts';
import { tagsKey } from './tags.ts';
import { Vu } from './vu.ts';

/** Time interrupted iterations get to settle after their signal fires before the engine stops waiting. */
const SETTLE_MS = 1000;

interface RequestHandles {
  readonly duration: TrendSeries;
  readonly latency: TrendSeries | undefined;
  readonly reqs: CounterSeries;
  readonly failed: RateSeries;
  readonly ok: boolean;
  readonly headline: boolean;
}

export class ScenarioRuntime<S> {
  readonly fn: VuFunction<S>;
  readonly tags: Tags;
  readonly env: Readonly<Record<string, string>>;
  readonly openModel: boolean;
  readonly vus: Vu<S>[] = [];
  stopping = false;
  #inflight = 0;
  #idleWaiters: (() => void)[] = [];
  readonly #requestCache = new Map<string, Map<string, Map<string, RequestHandles>>>();
  /** The last request's key and handles (#handles). */
  #lastPrefix = '';
  #lastMethod = '';
  #lastOutcome = '';
  #lastHandles: RequestHandles | undefined;
  readonly #checkCache = new Map<string, RateSeries>();
  readonly #iterations: CounterSeries;
  readonly #iterationDuration: TrendSeries;
  readonly #iterationLatency: TrendSeries | undefined;
  readonly #interrupted: CounterSeries;
  readonly #iterationErrors: CounterSeries;
  readonly #dropped: CounterSeries;
  readonly metricsApi: MetricsApi;

  constructor(
    readonly plan: ScenarioPlan,
    readonly def: LoadDefinition<S>,
    readonly state: RunState,
  ) {
    const fn = def.functions[plan.exec];
    if (fn === undefined)
      throw new Error(`scenario '${plan.name}': no VU function '${plan.exec}' in '${def.name}'`);
    this.fn = fn;
    this.tags = Object.freeze({ ...plan.tags, scenario: plan.name });
    this.env = Object.freeze({ ...(state.params.env ?? {}), ...plan.env });
    this.openModel = plan.kind === 'arrival-rate';
    const r = state.registry;
    const key = tagsKey(this.tags);
    this.#iterations = r.series('iterations', 'counter', this.tags, key);
    this.#iterationDuration = r.series('iteration_duration', 'trend', this.tags, key);
    // Open model only: from the intended start, so a late start (no free VU, a busy event loop) is counted.
    this.#iterationLatency = this.openModel
      ? r.series('iteration_latency', 'trend', this.tags, key)
      : undefined;
    this.#interrupted = r.series('interrupted_iterations', 'counter', this.tags, key);
    this.#iterationErrors = r.series('iteration_errors', 'counter', this.tags, key);
    this.#dropped = r.series('dropped_iterations', 'counter', this.tags, key);
    r.define('vus', 'gauge');
    r.define('vus_max', 'gauge');
    r.define('checks', 'rate');
    const merge = (tags?: Tags): Tags => (tags === undefined ? this.tags : { ...tags, ...this.tags });
    this.metricsApi = {
      counter: (name, value = 1, tags) => r.series(name, 'counter', merge(tags)).add(value),
      gauge: (name, value, tags) => r.series(name, 'gauge', merge(tags)).add(value),
      rate: (name, value, tags) => r.series(name, 'rate', merge(tags)).add(value),
      trend: (name, value, tags) => r.series(name, 'trend', merge(tags)).add(value),
    };
  }

  /** Creates and sets up `n` more VUs (bounded parallelism: a login storm is a scenario, not a side effect). */
  async addVus(n: number, parallel = 64): Promise<Vu<S>[]> {
    const created: Vu<S>[] = [];
    for (let i = 0; i < n; i++) {
      const local = this.state.nextLocalVu();
      const vu = new Vu<S>(this, this.vus.length + 1, globalVuId(local, this.plan.segment));
      this.vus.push(vu);
      created.push(vu);
    }
    for (let i = 0; i < created.length; i += parallel) {
      await Promise.all(created.slice(i, i + parallel).map((vu) => vu.setup(this.def)));
    }
    const ready = created.filter((v) => v.ready);
    this.state.allocatedVus += ready.length;
    return ready;
  }

  setupFailed(err: unknown): void {
    this.state.registry.series('vu_setup_errors', 'counter', this.tags).add(1);
    this.state.noteError(this.plan.name, err);
  }

  dropped(n = 1): void {
    this.#dropped.add(n);
    this.state.timeline.dropped(this.state.epoch(), n);
  }

  /**
   * Runs one iteration on `vu`. `intended` is the scheduled start (open model) or undefined (closed model);
   * `start` the clock reading it starts at (a closed loop passes the previous iteration's end: one clock read
   * per iteration boundary, issue 16). Resolves with the clock reading at its end.
   * Never rejects: an exception in the VU function is an iteration error (counted, sampled), as in k6.
   */
  async iterate(
    vu: Vu<S>,
    intended?: number,
    iterationInTest = -1,
    start: number = performance.now(),
  ): Promise<number> {
    this.begin(vu, intended, iterationInTest, start);
    try {
      await this.fn(vu.state as S, vu);
    } catch (err) {
      return this.endFailed(vu, start, err);
    }
    return this.end(vu, start);
  }

  /**
   * The start of an iteration on `vu` at clock reading `start`: iterate() and the callback-driven closed loop
   * (executors/closed-loop.ts) share it, and end() or endFailed() is its other half.
   */
  begin(vu: Vu<S>, intended: number | undefined, iterationInTest: number, start: number): void {
    vu.lagMs = intended === undefined ? 0 : Math.max(0, start - intended);
    vu.iterationInTest = iterationInTest;
    vu.generation++;
    vu.running = true;
    this.#inflight++;
  }

  /**
   * The end of the iteration begun at `start` on `vu`, which succeeded; returns the clock reading at its end:
   * `at` when its step just read the clock (definition.ts StepDone), else a fresh reading.
   */
  end(vu: Vu<S>, start: number, at?: number): number {
    // `at >= start` is false for NaN too.
    const end = at !== undefined && at >= start ? at : performance.now();
    if (vu.interrupted) {
      this.#interrupted.add(1);
    } else {
      this.#iterations.add(1);
      this.#iterationDuration.add(end - start);
      this.#iterationLatency?.add(end - start + vu.lagMs);
      this.state.timeline.iteration(this.state.epochOffset + end);
    }
    return this.#after(vu, end);
  }

  /** The end of the iteration begun at `start` on `vu`, which threw or failed with `err`. */
  endFailed(vu: Vu<S>, start: number, err: unknown): number {
    return this.#after(vu, this.#failed(vu, err, start));
  }

  /** Readies `vu` for its next iteration once one ended at `end`; returns `end`. */
  #after(vu: Vu<S>, end: number): number {
    vu.iterationInVu++;
    vu.running = false;
    // Requests outside iterations (tear-down) carry no schedule lag.
    vu.lagMs = 0;
    vu.renewSignal();
    if (--this.#inflight === 0) this.#idle();
    return end;
  }

  // The rare paths of iterate() and sample() live in methods of their own: the optimised hot path then has
  // no branch it never took, whose first use would deoptimise it and cost a recompilation on a compiler
  // thread (issue 16: in a 3 s run over two fresh worker threads, recompilations were ~0.1 CPU-s).

  /** An iteration that threw: an iteration error, or interrupted. Returns the clock reading at its end. */
  #failed(vu: Vu<S>, err: unknown, start: number): number {
    const end = performance.now();
    if (vu.interrupted) {
      this.#interrupted.add(1);
    } else {
      this.#iterationErrors.add(1);
      this.state.noteError(this.plan.name, err);
      this.#iterationDuration.add(end - start);
    }
    return end;
  }

  #idle(): void {
    for (const w of this.#idleWaiters.splice(0)) w();
  }

  /**
   * Times one request. A request that did not succeed and whose iteration the engine interrupted meanwhile
   * (gracefulStop expired at the end of the test, or the run was stopped) is cut by the test, not failed by
   * the target: it goes to `<prefix>_interrupted` only, outside the duration, count and failure figures
   * (issue 12 §6; k6 likewise drops requests cut by the end of a test from its http_req_* metrics).
   */
  async request(
    prefix: string,
    method: string,
    lagMs: number,
    fn: () => Promise<string>,
    signal?: AbortSignal,
  ): Promise<void> {
    const t0 = performance.now();
    let outcome: string;
    let thrown: unknown;
    let threw = false;
    try {
      outcome = await fn();
    } catch (err) {
      threw = true;
      thrown = err;
      outcome = 'exception';
    }
    const t1 = performance.now();
    this.sample(prefix, method, lagMs, t0, t1, outcome, outcome !== 'ok' && signal?.aborted === true);
    if (threw) throw thrown;
  }

  /**
   * Records one request timed by its caller (`t0`, `t1` from performance.now()), as request() does once its
   * function settled: request() itself, and kits whose I/O completes in a callback (http-vu.ts), which so
   * need no promise or closure per request (issue 16).
   */
  sample(
    prefix: string,
    method: string,
    lagMs: number,
    t0: number,
    t1: number,
    outcome: string,
    interrupted = false,
  ): void {
    if (interrupted && outcome !== 'ok') {
      this.#interruptedSample(prefix, method);
      return;
    }
    // A VU kit asks for the same prefix, method and outcome request after request (constant strings).
    const h =
      prefix === this.#lastPrefix && method === this.#lastMethod && outcome === this.#lastOutcome
        ? this.#lastHandles!
        : this.#handles(prefix, method, outcome);
    const d = t1 - t0;
    h.duration.add(d);
    h.latency?.add(d + lagMs);
    h.reqs.add(1);
    h.failed.add(!h.ok);
    if (h.headline) this.state.timeline.request(this.state.epochOffset + t1, d + lagMs, h.ok);
  }

  #interruptedSample(prefix: string, method: string): void {
    this.state.registry.series(`${prefix}_interrupted`, 'counter', { ...this.tags, method }).add(1);
  }

  #handles(prefix: string, method: string, outcome: string): RequestHandles {
    // Nested maps: no string is built per request on the hot path.
    let byMethod = this.#requestCache.get(prefix);
    if (byMethod === undefined)
      this.#requestCache.set(prefix, (byMethod = new Map<string, Map<string, RequestHandles>>()));
    let byOutcome = byMethod.get(method);
    if (byOutcome === undefined) byMethod.set(method, (byOutcome = new Map<string, RequestHandles>()));
    let h = byOutcome.get(outcome);
    if (h === undefined) {
      const r = this.state.registry;
      const withOutcome = { ...this.tags, method, outcome };
      const withMethod = { ...this.tags, method };
      h = {
        duration: r.series(`${prefix}_duration`, 'trend', withOutcome),
        latency: this.openModel ? r.series(`${prefix}_latency`, 'trend', withOutcome) : undefined,
        reqs: r.series(`${prefix}s`, 'counter', withOutcome),
        failed: r.series(`${prefix}_failed`, 'rate', withMethod),
        ok: outcome === 'ok',
        headline: prefix === this.state.requestMetric,
      };
      byOutcome.set(outcome, h);
    }
    this.#lastPrefix = prefix;
    this.#lastMethod = method;
    this.#lastOutcome = outcome;
    this.#lastHandles = h;
    return h;
  }

  check(name: string, ok: boolean, tags?: Tags): void {
    const cacheKey = tags === undefined ? name : `${name}\u0001${tagsKey(tags)}`;
    let s = this.#checkCache.get(cacheKey);
    if (s === undefined) {
      s = this.state.registry.series('checks', 'rate', { ...(tags ?? {}), ...this.tags, check: name });
      this.#checkCache.set(cacheKey, s);
    }
    s.add(ok);
  }

  get inflight(): number {
    return this.#inflight;
  }

  /** Resolves when no iteration is running, or after `ms` (then returns false). */
  whenIdle(ms: number): Promise<boolean> {
    if (this.#inflight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idleWaiters = this.#idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idleWaiters.push(done);
    });
  }

  /** The end of the scenario: no new iterations, gracefulStop for running ones, then interrupt them. */
  async finish(gracefulMs: number = this.plan.gracefulStopMs): Promise<void> {
    this.stopping = true;
    if (await this.whenIdle(gracefulMs)) return;
    for (const vu of this.vus) if (vu.running) vu.interrupt();
    await this.whenIdle(SETTLE_MS);
  }
}
