// Event delivery on top of the object database's generations (SEMANTICS.md §6; xen-api
// ocaml/xapi/xapi_event.ml). Blocked event.from calls are parked as waiters, indexed by the classes
// they subscribe to; the database's change listener (called once per committed group of changes)
// wakes only the waiters a change concerns. No waiter polls: an idle waiter costs one timer (for its
// timeout) and a few bytes, so thousands of them cost no CPU while nothing changes.
import type { DbChange, StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import type { FaultName } from '../faults.ts';
import type { EncodedResult } from '../registry/result-values.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import { collectEvents, type CollectedEvent, type EventFilter } from './collect-events.ts';
import { encodeEventBatch, encodeEventList, wireEventOf, type WireEvent } from './encode-event-batch.ts';
import { eventClasses, type EventClasses } from './event-classes.ts';
import { EventNextQueue } from './event-next-queue.ts';
import { formatToken, parseToken } from './event-token.ts';
import { parseSubscription, type Subscription } from './subscription.ts';

export interface EventHubOptions {
  readonly db: ObjectDb;
  readonly schema: EmuSchema;
  readonly faults: ReadonlySet<FaultName>;
  /** Events kept for event.next before EVENTS_LOST (xapi bounds its queue by size). Default 10,000. */
  readonly nextQueueLimit?: number;
  /** The release's classes (release-profile.ts): a class it lacks is no table of the host. */
  readonly servesClass?: (cls: string) => boolean;
}

interface Waiter {
  readonly subs: readonly Subscription[];
  /** Some subscription is '*': the waiter is in #all, not in #byClass. */
  readonly all: boolean;
  /** The distinct (lower-case) classes of its subscriptions: its keys in #byClass. */
  readonly classes: readonly string[];
  readonly session: string;
  /** Settles the wait: undefined = something changed or the time is up; an error = session gone. */
  readonly settle: (err?: XapiFailure) => void;
}

/** xapi waits 24 h when the timeout cannot be represented (Clock.Timer.s_to_span gives None). */
const DEFAULT_WAIT_MS = 24 * 3_600_000;
/** setTimeout's largest delay; longer waits re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

export class EventHub {
  readonly #db: ObjectDb;
  readonly #classes: EventClasses;
  readonly #faults: ReadonlySet<FaultName>;
  readonly #all = new Set<Waiter>();
  readonly #byClass = new Map<string, Set<Waiter>>();
  readonly #bySession = new Map<string, Set<Waiter>>();
  readonly #next: EventNextQueue;
  /** VM ref → [power_state, generation of its last change] (for the missing-mod-event fault). */
  readonly #power = new Map<string, [string, number]>();
  readonly #unlisten: () => void;
  /** Recent non-empty answers by (subscriptions, token, db generation): see from(). */
  readonly #recent = new Map<string, EncodedResult>();
  #closed = false;

  constructor(o: EventHubOptions) {
    this.#db = o.db;
    this.#classes = eventClasses(o.schema, o.servesClass);
    this.#faults = o.faults;
    this.#next = new EventNextQueue(this.#classes, o.nextQueueLimit ?? 10_000);
    this.#unlisten = o.db.onChange((changes) => this.#onChanges(changes));
  }

  /** Number of parked event.from calls (benches, tests). */
  get waiting(): number {
    let n = 0;
    for (const s of this.#bySession.values()) n += s.size;
    return n;
  }

  get classes(): EventClasses {
    return this.#classes;
  }

  /**
   * event.from(classes, token, timeout).
   * DEVIATION: xapi waits 50 ms before collecting (xapi_globs.ml event_from_delay, to batch bursts);
   * the emulator answers at once. The token's message generation is echoed back: the emulator keeps
   * messages as ordinary objects, whose changes travel in the database generation.
   */
  async from(
    session: string,
    classes: readonly string[],
    token: string,
    timeoutSec: number,
  ): Promise<EncodedResult> {
    const subs = classes.map(parseSubscription);
    const t = parseToken(token);
    const waitMs = Number.isFinite(timeoutSec) && timeoutSec >= 0 ? timeoutSec * 1000 : DEFAULT_WAIT_MS;
    const deadline = Date.now() + waitMs;
    const keep = this.#faults.has('missing-mod-event') ? this.#dropPowerMods : undefined;
    const subsKey = classes.join('\u0000');
    let since = t.generation;
    for (;;) {
      // Clients woken by the same change with the same subscriptions and token share one answer.
      const key = `${subsKey}|${since}|${t.messageGeneration}|${this.#db.generation}`;
      const shared = this.#recent.get(key);
      if (shared !== undefined) return shared;
      const c = collectEvents(this.#db, this.#classes, subs, since, keep);
      if (c.events.length > 0 || Date.now() >= deadline) {
        // The `event-token-backwards` fault: the batch's token is before the one given (xapi's never is).
        const back = this.#faults.has('event-token-backwards') && t.generation > 0;
        const batch = this.#batch(c.events, back ? t.generation - 1 : c.last, t.messageGeneration, subs);
        if (c.events.length > 0) this.#remember(key, batch);
        return batch;
      }
      since = c.last;
      await this.#wait(subs, session, deadline);
    }
  }

  #remember(key: string, batch: EncodedResult): void {
    this.#recent.set(key, batch);
    // A handful of distinct (subscriptions, token) pairs per change is the common case.
    if (this.#recent.size > 32) this.#recent.delete(this.#recent.keys().next().value!);
  }

  /** event.next for a registered session. */
  async next(session: string): Promise<EncodedResult> {
    return encodeEventList(await this.#next.next(session));
  }

  register(session: string, classes: readonly string[]): void {
    this.#next.register(session, classes);
  }

  unregister(session: string, classes: readonly string[]): void {
    this.#next.unregister(session, classes);
  }

  /** event.get_current_id: the event.next counter (xapi_event.ml get_current_id). */
  get currentId(): number {
    return this.#next.currentId;
  }

  /**
   * event.inject(class, ref): the ref must be a row of that table (HANDLE_INVALID [class, ref]);
   * touches it (a `mod` event) and answers the token just before the touch.
   */
  inject(cls: string, ref: string): string {
    if (this.#db.get(cls, ref) === undefined) fail('HANDLE_INVALID', cls, ref);
    const generation = this.#db.generation;
    this.#db.touch(cls, ref);
    return formatToken({ generation: generation - 1, messageGeneration: 0 });
  }

  /**
   * Resolves when `cls/ref` changes or `ms` pass (used to retry OTHER_OPERATION_IN_PROGRESS the way
   * xapi does, without polling).
   */
  waitForObject(session: string, cls: string, ref: string, ms: number): Promise<void> {
    return this.#wait([{ kind: 'object', cls: cls.toLowerCase(), ref }], session, Date.now() + ms).catch(
      () => undefined,
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unlisten();
    for (const set of this.#bySession.values()) {
      for (const w of [...set]) w.settle(new XapiFailure('INTERNAL_ERROR', ['emulator is shutting down']));
    }
    this.#next.close();
  }

  #batch(
    events: readonly CollectedEvent[],
    last: number,
    messageGeneration: number,
    subs: readonly Subscription[],
  ): EncodedResult {
    // The `ref-counts-subscribed-only` fault: only the subscribed tables are counted (xapi counts every one).
    const tables = this.#faults.has('ref-counts-subscribed-only')
      ? this.#classes.tables.filter((c) => subs.some((s) => s.kind === 'all' || s.cls === c.toLowerCase()))
      : this.#classes.tables;
    const counts: [string, number][] = tables.map((c) => [c.toLowerCase(), this.#db.count(c)]);
    return encodeEventBatch(
      events.map((e) => wireEventOf(e, '0.0')),
      counts,
      formatToken({ generation: last, messageGeneration }),
    );
  }

  #wait(subs: readonly Subscription[], session: string, deadline: number): Promise<void> {
    if (this.#closed) return Promise.reject(new XapiFailure('INTERNAL_ERROR', ['emulator is shutting down']));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        const left = deadline - Date.now();
        if (left <= 0) {
          waiter.settle();
          return;
        }
        timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      };
      const all = subs.some((x) => x.kind === 'all');
      const waiter: Waiter = {
        subs,
        all,
        classes: all ? [] : [...new Set(subs.map((x) => (x.kind === 'all' ? '' : x.cls)))],
        session,
        settle: (err) => {
          if (timer !== undefined) clearTimeout(timer);
          this.#park(waiter, false);
          if (err === undefined) resolve();
          else reject(err);
        },
      };
      this.#park(waiter, true);
      arm();
    });
  }

  // Waking 2,000 parked calls unparks each one: no closure nor set is built per call (issue 16).
  #park(w: Waiter, on: boolean): void {
    parkIn(this.#bySession, w.session, w, on);
    if (w.all) {
      if (on) this.#all.add(w);
      else this.#all.delete(w);
      return;
    }
    for (const cls of w.classes) parkIn(this.#byClass, cls, w, on);
  }

  #onChanges(changes: readonly DbChange[]): void {
    const woken = new Set<Waiter>();
    let events = false;
    for (const c of changes) {
      if (c.cls === 'session' && c.kind === 'del') this.#sessionDeleted(c.ref);
      if (c.cls === 'VM') this.#trackPower(c);
      const lower = c.cls.toLowerCase();
      if (!this.#classes.byLower.has(lower)) continue;
      events = true;
      const set = this.#byClass.get(lower);
      if (set === undefined) continue;
      for (const w of set) if (!woken.has(w) && selects(w.subs, lower, c.ref)) woken.add(w);
    }
    // '*' waiters once per batch, not once per change of it.
    if (events) for (const w of this.#all) woken.add(w);
    settleInTurns([...woken]);
    this.#next.push(changes, (c) => snapshotOf(c));
  }

  /** From_inner / Next: blocked calls of a deleted session end with SESSION_INVALID [session]. */
  #sessionDeleted(session: string): void {
    const set = this.#bySession.get(session);
    if (set !== undefined) for (const w of [...set]) w.settle(new XapiFailure('SESSION_INVALID', [session]));
    this.#next.sessionDeleted(session);
  }

  #trackPower(c: DbChange): void {
    if (!this.#faults.has('missing-mod-event')) return;
    if (c.kind === 'del') {
      this.#power.delete(c.ref);
      return;
    }
    const state = typeof c.record['power_state'] === 'string' ? c.record['power_state'] : '';
    const before = this.#power.get(c.ref);
    if (before === undefined || before[0] !== state)
      this.#power.set(c.ref, [state, before === undefined ? 0 : c.generation]);
  }

  /** The `missing-mod-event` fault: a VM whose power state changed in the window gets no `mod`. */
  readonly #dropPowerMods: EventFilter = (e: CollectedEvent, since: number): boolean => {
    if (e.op !== 'mod' || e.cls !== 'vm') return true;
    const p = this.#power.get(e.ref);
    return p === undefined || p[1] <= since;
  };
}

/** Waiters settled per microtask turn by settleInTurns. */
const SETTLE_TURN = 16;

/**
 * Settles the waiters a few at a time, each few a microtask after the last: the answers of the first leave
 * while the rest are still waiting, as a server that writes each answer in turn does. Settling all at once
 * made every caller's promise chain advance one step for all 2,000 before any was written: the first
 * answer left ~10 ms after the change, and every caller's half-built answer was alive at once (issue 16,
 * fan-out). All of it still runs in the turn of the change, before any other I/O.
 */
function settleInTurns(waiters: readonly Waiter[]): void {
  let next = 0;
  const turn = (): void => {
    const end = Math.min(next + SETTLE_TURN, waiters.length);
    for (; next < end; next++) waiters[next]!.settle();
    if (next < waiters.length) queueMicrotask(turn);
  };
  turn();
}

/** Subscription.object_matches for a waiter of #byClass (no '*'), without a closure per call. */
function selects(subs: readonly Subscription[], lower: string, ref: string): boolean {
  for (const s of subs) {
    if (s.kind !== 'all' && s.cls === lower && (s.kind === 'class' || s.ref === ref)) return true;
  }
  return false;
}

function parkIn<K>(map: Map<K, Set<Waiter>>, key: K, w: Waiter, on: boolean): void {
  let set = map.get(key);
  if (on) {
    if (set === undefined) map.set(key, (set = new Set()));
    set.add(w);
  } else if (set !== undefined) {
    set.delete(w);
    if (set.size === 0) map.delete(key);
  }
}

function snapshotOf(c: DbChange): StoredObject {
  return {
    cls: c.cls,
    ref: c.ref,
    record: c.record,
    created: c.generation,
    modified: c.generation,
    encoded: undefined,
  };
}

export type { WireEvent };
