// One virtual user: its state (e.g. its own XAPI session), its abort controller, and the context object its
// functions receive. The context is reused across iterations (no per-iteration allocation on the hot path).
import type { IterationContext, LoadDefinition, MetricsApi, RunParams, VuInfo } from './definition.ts';
import type { Tags } from './metric-types.ts';

/**
 * What a VU needs of its scenario's runtime (scenario-runtime.ts implements it): a small interface, so
 * that the runtime, which creates the VUs, and the VUs do not import each other.
 */
export interface VuRuntime {
  readonly plan: { readonly name: string };
  readonly state: { readonly params: RunParams; noteError(scenario: string, err: unknown): void };
  readonly env: Readonly<Record<string, string>>;
  readonly metricsApi: MetricsApi;
  request(
    prefix: string,
    method: string,
    lagMs: number,
    fn: () => Promise<string>,
    signal?: AbortSignal,
  ): Promise<void>;
  sample(
    prefix: string,
    method: string,
    lagMs: number,
    t0: number,
    t1: number,
    outcome: string,
    interrupted?: boolean,
  ): void;
  check(name: string, ok: boolean, tags?: Tags): void;
  setupFailed(err: unknown): void;
}

export class Vu<S> implements IterationContext {
  readonly vu: VuInfo;
  state: S | undefined;
  ready = false;
  #controller = new AbortController();
  #interrupted = false;
  iterationInVu = 0;
  iterationInTest = -1;
  lagMs = 0;
  /** Bumped at every iteration start; lets a delayed interrupt know whether it still targets the same one. */
  generation = 0;
  running = false;

  constructor(
    readonly rt: VuRuntime,
    idInScenario: number,
    idInTest: number,
  ) {
    this.vu = { idInTest, idInScenario };
  }

  get scenario(): string {
    return this.rt.plan.name;
  }
  get params(): RunParams {
    return this.rt.state.params;
  }
  get env(): Readonly<Record<string, string>> {
    return this.rt.env;
  }
  get metrics(): MetricsApi {
    return this.rt.metricsApi;
  }
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Interrupts the running iteration (gracefulStop / gracefulRampDown expired); the next one gets a fresh signal. */
  interrupt(): void {
    this.#interrupted = true;
    this.#controller.abort(new Error('iteration interrupted'));
  }

  /** Whether the current signal fired (interrupt() is its only source): a field, not the signal's getter. */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  renewSignal(): void {
    if (!this.#interrupted) return;
    this.#interrupted = false;
    this.#controller = new AbortController();
  }

  request(prefix: string, method: string, fn: () => Promise<string>): Promise<void> {
    return this.rt.request(prefix, method, this.lagMs, fn, this.#controller.signal);
  }

  sample(prefix: string, method: string, t0: number, t1: number, outcome: string): void {
    this.rt.sample(prefix, method, this.lagMs, t0, t1, outcome, this.#interrupted);
  }

  check<T>(value: T, checks: Readonly<Record<string, (v: T) => boolean>>, tags?: Tags): boolean {
    let all = true;
    for (const [name, pred] of Object.entries(checks)) {
      let ok: boolean;
      try {
        ok = pred(value);
      } catch {
        ok = false;
      }
      this.rt.check(name, ok, tags);
      if (!ok) all = false;
    }
    return all;
  }

  sleep(ms: number): Promise<void> {
    const signal = this.signal;
    if (signal.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async setup(def: LoadDefinition<S>): Promise<boolean> {
    try {
      this.state = def.setupVu === undefined ? undefined : await def.setupVu(this);
      this.ready = true;
    } catch (err) {
      this.rt.setupFailed(err);
    }
    return this.ready;
  }

  async teardown(def: LoadDefinition<S>): Promise<void> {
    if (!this.ready || def.teardownVu === undefined) return;
    this.renewSignal();
    try {
      await def.teardownVu(this.state as S, this);
    } catch (err) {
      this.rt.state.noteError(this.scenario, err);
    }
  }
}
