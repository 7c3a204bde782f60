// The second endpoint of a differential run (issue 15): every call the driver makes to side A is made to
// side B too, its arguments rewritten through the run's bijection (refs, uuids, event tokens, credentials),
// and the two answers are compared (compare-answers.ts). Side A drives: the model follows A's answers and
// the generated commands pick A's objects; B only has to answer the same.
import type { XapiClient } from '../../client/index.ts';
import type { Observed } from '../../model/index.ts';
import type { WireValue } from '../../wire/value.ts';
import type { Difference } from './compare-answers.ts';
import { AnswerComparer } from './compare-answers.ts';
import { OpaqueMap } from './opaque-map.ts';

interface MirrorOptions {
  readonly client: XapiClient;
  /** Side B's client to another host of its pool, by that host's address (docs/SEMANTICS.md §11). */
  readonly clientAt?: (address: string) => XapiClient;
  /** Side A's credentials, replaced by side B's wherever they appear in arguments. */
  readonly userA: string;
  readonly passwordA: string;
  readonly userB: string;
  readonly passwordB: string;
  readonly volatile: ReadonlySet<string>;
  /** How long side B may take to finish a task side A had already finished; shared by a property's cases. */
  readonly settle?: SettleWindow;
}

/**
 * How long side B may take to finish a task side A has finished, for all the cases of one property. Once
 * B has let a task stay pending past the full window, later waits are short: shrinking replays the failing
 * sequence dozens of times, and a B whose tasks never finish (emulator fault task-stuck-pending) would
 * otherwise cost the full window at every task read of every replay, past any test's time limit.
 */
export class SettleWindow {
  #ms: number;
  constructor(
    ms = 5_000,
    readonly afterMissMs = 250,
  ) {
    this.#ms = ms;
  }

  get ms(): number {
    return this.#ms;
  }

  /** B's task was still pending at the end of the window. */
  missed(): void {
    this.#ms = Math.min(this.#ms, this.afterMissMs);
  }
}

const FINAL = new Set(['success', 'failure', 'cancelled']);

function statusOf(o: Observed, method: string): string | undefined {
  if (!o.ok) return undefined;
  if (method === 'task.get_status') return typeof o.value === 'string' ? o.value : undefined;
  const v = o.value;
  return typeof v === 'object' && v !== null && 'status' in v && typeof v.status === 'string'
    ? v.status
    : undefined;
}

interface FollowResult {
  /** The first difference, or undefined when the answers agree. */
  readonly difference: Difference | undefined;
  /** Side B's answer with its refs and uuids rewritten into side A's. */
  readonly bAsA: Observed;
  /**
   * Side B's task was still pending at the end of the settle window when side A's had ended: a divergence
   * even though the model allows a pending answer to a single read (that allowance is for a read racing the
   * task, not for a task that never ends).
   */
  readonly stuck: boolean;
}

export class Mirror {
  readonly map = new OpaqueMap();
  readonly #o: MirrorOptions;
  readonly #compare: AnswerComparer;
  readonly #settle: SettleWindow;
  /** Side B's sessions, for its cleanup. */
  readonly sessions: string[] = [];
  readonly #members = new Map<string, XapiClient>();

  constructor(options: MirrorOptions) {
    this.#o = options;
    this.#compare = new AnswerComparer(this.map, options.volatile);
    this.#settle = options.settle ?? new SettleWindow();
  }

  get client(): XapiClient {
    return this.#o.client;
  }

  /** Side A's arguments as side B must receive them. */
  translate(args: readonly unknown[]): unknown[] {
    return args.map((a) => this.#translate(a));
  }

  #translate(v: unknown): unknown {
    if (typeof v === 'string') {
      if (v === this.#o.passwordA) return this.#o.passwordB;
      if (v === this.#o.userA) return this.#o.userB;
      return this.map.knowsA(v) ? this.map.toB(v) : this.map.rewriteRefs(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.#translate(x));
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [this.map.knowsA(k) ? this.map.toB(k) : k, this.#translate(x)]),
      );
    }
    return v;
  }

  /**
   * Side B's client to the host of its pool paired with side A's host at `address`: host addresses are
   * paired like refs (compare-answers.ts PAIRED_FIELDS) when the two sides' host records are compared, so a
   * pool whose hosts have other addresses than side A's is still reached host for host (issue 15).
   */
  #memberClient(address: string): XapiClient {
    const b = this.map.toB(address);
    let c = this.#members.get(b);
    if (c === undefined) {
      c = this.#o.clientAt?.(b) ?? this.client;
      this.#members.set(b, c);
    }
    return c;
  }

  /**
   * Makes side A's call on side B (on the host paired with A's host at `address`, for a call to another host
   * of the pool) and compares the answers; the first difference, or undefined.
   */
  async follow(
    method: string,
    args: readonly unknown[],
    a: Observed,
    raw: boolean,
    address?: string,
  ): Promise<FollowResult> {
    const argsB = this.translate(args);
    const client = address === undefined ? this.client : this.#memberClient(address);
    const send = () =>
      raw ? client.callRaw(method, argsB as readonly WireValue[]) : client.attempt(method, argsB);
    let b = await send();
    let stuck = false;
    // Tasks run at each side's own pace: a read that found A's task done waits (bounded) for B's.
    if (method === 'task.get_record' || method === 'task.get_status') {
      const want = statusOf(a, method);
      const waits = want !== undefined && FINAL.has(want) && statusOf(b, method) === 'pending';
      const deadline = Date.now() + this.#settle.ms;
      while (waits && statusOf(b, method) === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        b = await send();
      }
      if (waits && statusOf(b, method) === 'pending') {
        stuck = true;
        this.#settle.missed();
      }
    }
    // event.from: the token of each side is its own (a generation count); the next call passes it back.
    if (method === 'event.from' && a.ok && b.ok) this.#bindTokens(a.value, b.value);
    const d = this.#compare.compare(a, b);
    // Sessions made at the coordinator, for the case's cleanup (a member's local sessions end with it).
    if (d === undefined && address === undefined && method.startsWith('session.login') && b.ok)
      if (typeof b.value === 'string') this.sessions.push(b.value);
    const bAsA: Observed = b.ok
      ? { ok: true, value: this.#tokenIntoA(method, this.map.intoA(b.value)) }
      : { ok: false, code: b.code, params: b.params.map((p) => String(this.map.intoA(p))) };
    return {
      difference: d === undefined ? undefined : { ...d, path: `${method} ${d.path}` },
      bAsA,
      stuck,
    };
  }

  /** event.from's token of side B as side A's paired one: the model checks it against the token A gave. */
  #tokenIntoA(method: string, v: unknown): unknown {
    if (method !== 'event.from' || typeof v !== 'object' || v === null || !('token' in v)) return v;
    return typeof v.token === 'string' ? { ...v, token: this.map.toA(v.token) } : v;
  }

  #bindTokens(a: unknown, b: unknown): void {
    const token = (v: unknown) =>
      typeof v === 'object' && v !== null && 'token' in v && typeof v.token === 'string'
        ? v.token
        : undefined;
    const ta = token(a);
    const tb = token(b);
    if (ta !== undefined && tb !== undefined) this.map.bind(ta, tb);
  }
}
