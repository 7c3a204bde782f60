// The model-checked connection to a target: every call goes to the endpoint, the reference model predicts
// it, the answer is checked, the step is recorded (request → expected → observed), and the model advances.
// A contradiction throws ContractViolation carrying the trace; a TransportError propagates untouched.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { XapiClient } from '../client/index.ts';
import { isTransportError, toJsonSafe } from '../client/index.ts';
import type { Expected, ModelConfig, ModelState, Observed, VmModel } from '../model/index.ts';
import {
  check,
  environmentalOutcome,
  expectedToString,
  initialState,
  observedToString,
  predict,
} from '../model/index.ts';
import type { CallOutcome, CallStep } from '../results/index.ts';
import { maskSecrets } from '../results/index.ts';
import type { WireValue } from '../wire/value.ts';
import { ContractViolation } from '../results/index.ts';
import { outcomeText } from './mirror/compare-answers.ts';
import type { Mirror } from './mirror/mirror.ts';
import { TAG_KEY, tagDisks } from './tagging.ts';
import { TransitionCoverage, taskCompletionOf, transitionOf } from './transition-coverage.ts';
import { vmPickOrder } from './vm-pick-order.ts';
import { toExpectedOutcome } from './to-expected-outcome.ts';

interface DriverOptions {
  readonly client: XapiClient;
  /** A client to another host of the pool, by its host.address (docs/SEMANTICS.md §11). */
  readonly clientAt?: (address: string) => XapiClient;
  readonly config: ModelConfig;
  /** Tag value for objects created in this run (other_config `xapi-harness-run`). */
  readonly runId: string;
  /** Login credentials of the target. */
  readonly user: string;
  readonly password: string;
  /** Originator for this run's logins (groups sessions under the xapi policy); "" for none. */
  readonly originator: string;
  /** The property's transition coverage, which every checked call adds to (issue 17 item 1). */
  readonly coverage?: TransitionCoverage;
  /** Differential runs (issue 15): every call is made to a second endpoint too, and the answers compared. */
  readonly mirror?: Mirror;
}

interface CallMode {
  /** Send the params as wire values, unmarshalled (wrong types, wrong arity). */
  readonly raw?: boolean;
}

export class Driver {
  readonly client: XapiClient;
  readonly runId: string;
  readonly user: string;
  readonly password: string;
  readonly originator: string;
  state: ModelState;
  readonly steps: CallStep[] = [];
  /** The session most commands use; set by the first login. */
  session = '';
  /** The property's transition coverage (shared by all its cases); steering commands read it. */
  readonly coverage: TransitionCoverage;
  /**
   * Environmental failures met in this case (SEMANTICS.md §10), e.g. "VM.start: BOOTLOADER_FAILED". A case
   * with any is not conclusive: the property is inconclusive when too few cases are (results/inconclusive.ts).
   */
  readonly environmental: string[] = [];

  readonly #clientAt: ((address: string) => XapiClient) | undefined;
  readonly #mirror: Mirror | undefined;
  /** The host address each client of clientAt() talks to: its calls are mirrored to side B's same host. */
  readonly #addressOf = new WeakMap<XapiClient, string>();

  constructor(options: DriverOptions) {
    this.client = options.client;
    this.#clientAt = options.clientAt;
    this.#mirror = options.mirror;
    this.runId = options.runId;
    this.user = options.user;
    this.password = options.password;
    this.originator = options.originator;
    // What this run tags is its own: the model may write to it (generic surface, issue 17 item 3).
    this.state = initialState({ ...options.config, ownerTag: { key: TAG_KEY, value: options.runId } });
    this.coverage = options.coverage ?? new TransitionCoverage();
  }

  get calls(): number {
    return this.steps.length;
  }

  /** Attempts repeated after a transport error (safeToRetry). */
  retries = 0;

  /** Commands of the generated sequence that ran in this case (run-property.ts counts them). */
  commandsRun = 0;

  #setupDepth = 0;

  /**
   * Runs `fn` as setup: its calls are recorded as setup steps, shown in the trace but not counted in the
   * counterexample's length (results/counterexample-length.ts). Only for what every case of the property runs
   * (the case's login, the property's setup, a pool's first read), which the replay makes again; a
   * prerequisite one case makes for itself (a VM to act on) counts (issue 17 item 5).
   */
  async asSetup<T>(fn: () => Promise<T>): Promise<T> {
    this.#setupDepth += 1;
    try {
      return await fn();
    } finally {
      this.#setupDepth -= 1;
    }
  }

  /** One model-checked call. Returns the observed answer (already known to satisfy the model). */
  async call(method: string, args: readonly unknown[], mode: CallMode = {}): Promise<Observed> {
    const suspendImage = await this.#disksBeforeDestroy(method, args);
    const calledAt = Date.now();
    const prediction = predict(this.state, { method, args, at: calledAt });
    const { observed, at, t0 } = await this.#sendRetrying(method, args, prediction.expected, calledAt, () =>
      mode.raw === true
        ? this.client.callRaw(method, args as readonly WireValue[])
        : this.client.attempt(method, args),
    );
    const verdict = check(prediction.expected, observed);
    // The violating answer is kept whole (issue 12, friction: the field that broke must be visible).
    this.record(method, args, toCallOutcome(observed, !verdict.ok), at, t0, !verdict.ok, prediction.expected);
    if (!verdict.ok) {
      throw new ContractViolation(`${method}: ${verdict.reason}`, {
        expected: expectedToString(prediction.expected),
        actual: observedToString(observed),
        steps: [...this.steps],
      });
    }
    await this.#follow(method, args, observed, mode.raw === true, prediction.expected);
    // Accepted only as environmental (SEMANTICS.md §10): the case goes on, but no longer counts as conclusive.
    const env = environmentalOutcome(this.state, method, args, prediction.expected, observed);
    if (env !== undefined) this.noteEnvironmental(env);
    this.coverage.record(transitionOf(this.state, method, args, observed));
    const completion = taskCompletionOf(this.state, method, args, observed);
    if (completion !== undefined) this.coverage.record(completion);
    this.state = prediction.next(observed);
    // VM.destroy keeps the disks (SEMANTICS.md §4 "Destroy"), a Suspended VM's memory image included: tagged
    // now, the sweep removes it, as it does the VM's other disks (issue 11 item 8).
    if (suspendImage !== undefined && observed.ok)
      await this.unchecked('VDI.add_to_other_config', [this.session, suspendImage, TAG_KEY, this.runId]);
    return observed;
  }

  /**
   * Before one of our VMs is destroyed: its disks are tagged (VM.destroy keeps them, SEMANTICS.md §4
   * "Destroy"; issue 11 item 8), and a Suspended VM's memory image is returned, to be tagged once the destroy
   * succeeded. Disks are tagged here, not when provision or a clone makes them: a VM that is not destroyed by
   * its case is destroyed by the cleanup with its disks (cleanup.ts destroyObjects), so only a case's own destroy
   * leaves disks behind, and the calls that tag them appear in the traces of the cases that destroy a VM
   * only (issue 17 item 5: counterexamples stay short). Only where the destroy can succeed (Halted or
   * Suspended) and the VM has disks (or the model does not know).
   */
  async #disksBeforeDestroy(method: string, args: readonly unknown[]): Promise<string | undefined> {
    const vm = args[1];
    if (method !== 'VM.destroy' || typeof vm !== 'string') return undefined;
    const model = this.state.vms.get(vm);
    if (model?.owned !== true || (model.powerState !== 'Halted' && model.powerState !== 'Suspended'))
      return undefined;
    if (model.devices === undefined || model.devices.vbds > 0) await tagDisks(this, vm);
    if (model.powerState !== 'Suspended') return undefined;
    const o = await this.unchecked('VM.get_suspend_VDI', [this.session, vm]);
    return o.ok && typeof o.value === 'string' && o.value !== 'OpaqueRef:NULL' ? o.value : undefined;
  }

  /**
   * A call the model does not cover (e.g. the schema suite's get_all_records of every class): recorded in the
   * trace but not predicted; the caller checks the answer itself.
   */
  async unchecked(method: string, args: readonly WireValue[]): Promise<Observed> {
    return this.uncheckedOn(this.client, method, args);
  }

  /** A client to the pool host with this address (the target's own client when none is known). */
  clientAt(address: string): XapiClient {
    const c = this.#clientAt?.(address);
    if (c === undefined) return this.client;
    this.#addressOf.set(c, address);
    return c;
  }

  /** unchecked() through another client: a call to another host of the pool (docs/SEMANTICS.md §11). */
  async uncheckedOn(client: XapiClient, method: string, args: readonly WireValue[]): Promise<Observed> {
    const why = { kind: 'unpredictable' as const, why: 'checked by the caller' };
    const {
      observed: o,
      at,
      t0,
    } = await this.#sendRetrying(method, args, why, Date.now(), () => client.callRaw(method, args));
    this.record(method, args, toCallOutcome(o), at, t0, false, why);
    // A call to another host of the pool goes to side B's host paired with it (mirror.ts, by address).
    const host = client === this.client ? undefined : this.#addressOf.get(client);
    if (client === this.client || host !== undefined)
      await this.#follow(method, args, o, true, undefined, host);
    return o;
  }

  /**
   * Sends one call. A call that is safe to repeat (a read, a login) and met no XAPI answer is tried again a
   * bounded number of times; each failed attempt stays in the trace, marked retried (issue 12, friction: one
   * 504 from a flaky network must not make the whole property broken). Returns the answer with the start
   * (wall clock and performance clock) of the attempt that got it.
   */
  async #sendRetrying(
    method: string,
    args: readonly unknown[],
    expected: Expected,
    startedAt: number,
    send: () => Promise<Observed>,
  ): Promise<{ observed: Observed; at: number; t0: number }> {
    let at = startedAt;
    let t0 = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return { observed: await send(), at, t0 };
      } catch (e) {
        const retry = isTransportError(e) && attempt < RETRY_ATTEMPTS && safeToRetry(method);
        this.record(
          method,
          args,
          { kind: 'transport', message: e instanceof Error ? e.message : String(e) },
          at,
          t0,
          false,
          expected,
          retry,
        );
        if (!retry) throw e;
        this.retries += 1;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
        at = Date.now();
        t0 = performance.now();
      }
    }
  }

  /**
   * Differential runs: side B answers the same call; a difference is the finding (issue 15). Where the model
   * allows several answers (a GC pass that may or may not have run, a cancel that may lose its race) and side
   * B's is one of them too, the sides took different branches xapi allows: the case cannot be compared any
   * further and is abandoned, neither a pass nor a divergence.
   */
  async #follow(
    method: string,
    args: readonly unknown[],
    a: Observed,
    raw: boolean,
    expected?: Expected,
    address?: string,
  ): Promise<void> {
    if (this.#mirror === undefined) return;
    const { difference: d, bAsA, stuck } = await this.#mirror.follow(method, args, a, raw, address);
    if (d === undefined) {
      // Equal after normalisation, but normalisation hides clocks: side B is held to the contract side A
      // kept (a task finished before it was created differs from A only in clocks; emulator fault
      // task-finished-before-created).
      const vb = expected === undefined ? undefined : check(expected, bAsA);
      if (vb !== undefined && !vb.ok)
        this.violation(
          `divergence: ${method}: side B breaks the contract side A keeps: ${vb.reason}\n${sideBySide(outcomeText(a), outcomeText(bAsA))}`,
          `side A: ${outcomeText(a)}`,
          `side B: ${outcomeText(bAsA)}`,
        );
      return;
    }
    if (!stuck && expected !== undefined && expected.kind === 'oneOf' && check(expected, bAsA).ok)
      this.abandonCase(`the two sides took different answers xapi allows at ${d.path}`);
    this.violation(`divergence: ${d.path}\n${sideBySide(d.a, d.b)}`, `side A: ${d.a}`, `side B: ${d.b}`);
  }

  /** Marks the last recorded step as the violating one and throws (for checks done outside the model). */
  violation(message: string, expected: string, actual: string): never {
    const last = this.steps.pop();
    if (last !== undefined) this.steps.push({ ...last, violation: true });
    throw new ContractViolation(message, { expected, actual, steps: [...this.steps] });
  }

  /** Notes an environmental failure; the case goes on, but no longer counts as conclusive. */
  noteEnvironmental(reason: string): void {
    this.environmental.push(reason);
  }

  /**
   * Notes an environmental failure and ends the case at once, as neither a pass nor a failure: fast-check
   * counts it as a skipped case (fc.pre), so it is never shrunk nor reported as a violation.
   */
  abandonCase(reason: string): never {
    this.noteEnvironmental(reason);
    fc.pre(false);
    throw new Error('unreachable: fc.pre(false) throws');
  }

  /** call() for answers the caller needs to succeed (setup inside a command); a failure is a violation too. */
  async value(method: string, args: readonly unknown[]): Promise<unknown> {
    const o = await this.call(method, args);
    return o.ok ? o.value : undefined;
  }

  /** Logs in through the model; the first login becomes the driver's session. */
  async login(): Promise<string | undefined> {
    const args =
      this.originator === ''
        ? [this.user, this.password]
        : [this.user, this.password, '1.0', this.originator];
    const o = await this.call('session.login_with_password', args);
    if (!o.ok || typeof o.value !== 'string') return undefined;
    if (this.session === '') this.session = o.value;
    return o.value;
  }

  /** Live sessions the model is sure of, in login order. */
  liveSessions(): string[] {
    return [...this.state.sessions.values()]
      .filter((s) => s.alive && !s.atRisk && s.doomedSince === undefined)
      .sort((a, b) => a.loginSeq - b.loginSeq)
      .map((s) => s.ref);
  }

  /** Sessions the model knows to be gone. */
  deadSessions(): string[] {
    return [...this.state.sessions.values()].filter((s) => !s.alive).map((s) => s.ref);
  }

  /**
   * VMs matching `pred`, for index-based picking, in an order that does not depend on ref values (refs are
   * random, so a seed must not pick by them; issue 12 item 11): see `vmPickOrder`.
   */
  vms(pred: (vm: VmModel) => boolean): VmModel[] {
    return vmPickOrder(this.state, [...this.state.vms.values()].filter(pred));
  }

  /** The harness's own VMs (tagged in this run). */
  ownedVms(): VmModel[] {
    return this.vms((v) => v.owned);
  }

  /** Templates usable as clone sources: owned templates, and adopted templates (never mutated). */
  templates(): VmModel[] {
    return this.vms((v) => v.isTemplate && !v.isSnapshot && !v.isControlDomain);
  }

  private record(
    method: string,
    args: readonly unknown[],
    outcome: CallOutcome,
    at: number,
    t0: number,
    violation: boolean,
    expected: Parameters<typeof toExpectedOutcome>[0],
    retried = false,
  ): void {
    this.steps.push({
      seq: this.steps.length + 1,
      method,
      params: maskSecrets(method, args),
      outcome,
      expected: toExpectedOutcome(expected),
      startedAt: at,
      durationMs: performance.now() - t0,
      ...(violation ? { violation: true } : {}),
      ...(retried ? { retried: true } : {}),
      ...(this.#setupDepth > 0 ? { setup: true } : {}),
    });
  }
}

/** Attempts per call that is safe to repeat, and the pause before the n-th retry (n × this). */
const RETRY_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 100;

/**
 * Repeating it cannot change what the target holds: reads (`<class>.get_*`; not event.from, whose token
 * moves) and logins (a lost login's session is left to expire, as any client's would be).
 */
export function safeToRetry(method: string): boolean {
  const bare = method.replace(/^(Async|InternalAsync)\./, '');
  if (bare !== method) return false;
  return /^[A-Za-z_]+\.get_[A-Za-z_]+$/.test(bare) || bare === 'session.login_with_password';
}

/**
 * Recorded values stay bounded (a get_all_records answer can be megabytes on a real pool), except the
 * violating answer, which is the evidence: kept to the depth and size any one record has.
 */
function toCallOutcome(o: Observed, whole = false): CallOutcome {
  const limits = whole
    ? { maxItems: 10_000, maxDepth: 12, maxString: 100_000 }
    : { maxItems: 16, maxDepth: 4, maxString: 200 };
  return o.ok
    ? { kind: 'success', value: toJsonSafe(o.value, limits) }
    : { kind: 'failure', code: o.code, params: o.params };
}

/** The two sides' answers in two columns (issue 15: shown side by side at the first divergence). */
function sideBySide(a: string, b: string, width = 56): string {
  const cut = (s: string) => {
    const out: string[] = [];
    for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width));
    return out.length === 0 ? [''] : out;
  };
  const la = cut(a);
  const lb = cut(b);
  const rows = [`  ${'side A'.padEnd(width)} | side B`, `  ${'-'.repeat(width)} | ${'-'.repeat(width)}`];
  for (let i = 0; i < Math.max(la.length, lb.length); i += 1)
    rows.push(`  ${(la[i] ?? '').padEnd(width)} | ${lb[i] ?? ''}`);
  return rows.join('\n');
}
