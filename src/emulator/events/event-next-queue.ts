// The deprecated event.register / unregister / next (xen-api ocaml/xapi/xapi_event.ml `Next`;
// SEMANTICS.md §6): one subscription per session; every database change some subscription selects
// gets the next id and joins a bounded queue; next() returns the caller's events since its last
// call, blocking until there is one; events pushed out of the queue before a subscriber read them
// give EVENTS_LOST; a call without register gives SESSION_NOT_REGISTERED [trackid].
import { createHash } from 'node:crypto';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import type { DbChange } from '../db/db-types.ts';
import type { WireEvent } from './encode-event-batch.ts';
import type { EventClasses } from './event-classes.ts';
import { objectMatches, parseSubscription, type Subscription } from './subscription.ts';

interface NextSubscription {
  lastId: number;
  subs: Subscription[];
  /** Wakes a blocked next(): with an error when the session is gone. */
  waiters: Set<(err?: XapiFailure) => void>;
}

interface Queued {
  readonly id: number;
  readonly event: WireEvent;
}

/** Context.trackid_of_session: "trackid=" ^ md5 hex of the session ref. */
function trackIdOf(session: string): string {
  return 'trackid=' + createHash('md5').update(session).digest('hex');
}

/** OCaml string_of_float of a Unix time: "%.12g" plus a trailing "." when integral. */
function ocamlFloat(x: number): string {
  const s = String(Number(x.toPrecision(12)));
  return /[.e]/.test(s) ? s : s + '.';
}

export class EventNextQueue {
  readonly #subs = new Map<string, NextSubscription>();
  #queue: Queued[] = [];
  #id = 0;
  #highestForgotten = -1;

  constructor(
    readonly classes: EventClasses,
    readonly limit: number,
  ) {}

  /** get_current_id: one higher than the newest queued event id. */
  get currentId(): number {
    return this.#id;
  }

  register(session: string, classes: readonly string[]): void {
    const subs = classes.map(parseSubscription);
    const s = this.#subscription(session);
    s.subs = [...subs, ...s.subs];
  }

  unregister(session: string, classes: readonly string[]): void {
    const drop = classes.map(parseSubscription).map((x) => JSON.stringify(x));
    const s = this.#subscription(session);
    s.subs = s.subs.filter((x) => !drop.includes(JSON.stringify(x)));
  }

  /** Blocks until an event for the session's subscriptions arrives. */
  async next(session: string): Promise<WireEvent[]> {
    const s = this.#subs.get(session);
    if (s === undefined) fail('SESSION_NOT_REGISTERED', trackIdOf(session));
    for (;;) {
      if (s.lastId === this.#id) {
        await new Promise<void>((resolve, reject) => {
          s.waiters.add((err) => (err === undefined ? resolve() : reject(err)));
        });
        continue;
      }
      const from = s.lastId;
      const to = this.#id;
      s.lastId = to;
      if (this.#highestForgotten >= from) fail('EVENTS_LOST');
      const relevant = this.#queue
        .filter((q) => q.id >= from && q.id < to && objectMatches(s.subs, q.event.cls, q.event.ref))
        .map((q) => q.event);
      if (relevant.length > 0) return relevant;
    }
  }

  /** Called with each committed group of changes. */
  push(changes: readonly DbChange[], lookup: (c: DbChange) => WireEvent['obj']): void {
    if (this.#subs.size === 0) return;
    const ts = ocamlFloat(Date.now() / 1000);
    let added = false;
    for (const c of changes) {
      const lower = c.cls.toLowerCase();
      if (!this.classes.byLower.has(lower)) continue;
      let selected = false;
      for (const s of this.#subs.values()) {
        if (objectMatches(s.subs, lower, c.ref)) {
          selected = true;
          break;
        }
      }
      if (!selected) continue;
      const event: WireEvent = {
        id: String(this.#id),
        timestamp: ts,
        cls: lower,
        op: c.kind,
        ref: c.ref,
        obj: lookup(c),
      };
      this.#queue.push({ id: this.#id, event });
      this.#id++;
      added = true;
    }
    if (this.#queue.length > this.limit) {
      const dropped = this.#queue.splice(0, this.#queue.length - this.limit);
      this.#highestForgotten = dropped[dropped.length - 1]!.id;
    }
    if (added) for (const s of this.#subs.values()) this.#wake(s);
  }

  /** Next.on_session_deleted: blocked calls get SESSION_INVALID [session]. */
  sessionDeleted(session: string): void {
    const s = this.#subs.get(session);
    if (s === undefined) return;
    this.#subs.delete(session);
    this.#wake(s, new XapiFailure('SESSION_INVALID', [session]));
  }

  close(): void {
    for (const [session, s] of this.#subs) this.#wake(s, new XapiFailure('SESSION_INVALID', [session]));
    this.#subs.clear();
  }

  #wake(s: NextSubscription, err?: XapiFailure): void {
    const ws = [...s.waiters];
    s.waiters.clear();
    for (const w of ws) w(err);
  }

  #subscription(session: string): NextSubscription {
    let s = this.#subs.get(session);
    if (s === undefined) {
      s = { lastId: this.#id, subs: [], waiters: new Set() };
      this.#subs.set(session, s);
    }
    return s;
  }
}
