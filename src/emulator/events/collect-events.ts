// The body of event.from (xen-api ocaml/xapi/xapi_event.ml `collect_events`, `from_inner`): what
// changed after generation `since` in the subscribed tables, coalesced per object (SEMANTICS.md §6):
// created after `since` → one `add`; modified only → `mod`; deleted having existed at `since` →
// `del` (no snapshot); created and deleted inside the window → nothing. `last` is the newest
// generation among the subscribed objects' changes, the token's first half.
import type { StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { EventClasses } from './event-classes.ts';
import { objectMatches, tableMatches, type Subscription } from './subscription.ts';

export type EventOp = 'add' | 'mod' | 'del';

export interface CollectedEvent {
  readonly op: EventOp;
  /** Lower-case class name, as events carry it. */
  readonly cls: string;
  readonly ref: string;
  /** Generation of the change: created (add), modified (mod) or deleted (del). */
  readonly generation: number;
  /** The object, for the snapshot (absent for del). */
  readonly obj?: StoredObject;
}

export interface Collected {
  readonly events: CollectedEvent[];
  readonly last: number;
}

/** Drops some events (the `missing-mod-event` fault); returns true to keep. */
export type EventFilter = (e: CollectedEvent, since: number) => boolean;

export function collectEvents(
  db: ObjectDb,
  classes: EventClasses,
  subs: readonly Subscription[],
  since: number,
  keep?: EventFilter,
): Collected {
  let last = since;
  const adds: CollectedEvent[] = [];
  const mods: CollectedEvent[] = [];
  const dels: CollectedEvent[] = [];
  // Nothing at all changed since the token: the common case of an idle poll costs nothing.
  if (db.generation <= since) return { events: [], last };

  for (const [lower, cls] of classes.byLower) {
    if (!tableMatches(subs, lower)) continue;
    const wholeClass = subs.some((s) => s.kind === 'all' || (s.kind === 'class' && s.cls === lower));
    const objs: Iterable<StoredObject> = wholeClass ? db.all(cls) : objectsOf(db, cls, lower, subs);
    for (const o of objs) {
      if (o.modified <= since) continue;
      last = Math.max(last, o.modified);
      const e: CollectedEvent =
        o.created > since
          ? { op: 'add', cls: lower, ref: o.ref, generation: o.created, obj: o }
          : { op: 'mod', cls: lower, ref: o.ref, generation: o.modified, obj: o };
      if (keep !== undefined && !keep(e, since)) continue;
      (e.op === 'add' ? adds : mods).push(e);
    }
  }
  for (const t of db.tombstonesSince(since)) {
    const lower = t.cls.toLowerCase();
    if (!classes.byLower.has(lower) || !objectMatches(subs, lower, t.ref)) continue;
    last = Math.max(last, t.deleted);
    if (t.created <= since) dels.push({ op: 'del', cls: lower, ref: t.ref, generation: t.deleted });
  }
  const byGen = (a: CollectedEvent, b: CollectedEvent): number => a.generation - b.generation;
  // xapi lists adds, then mods, then dels (events_of folds del, mod, add, each prepending).
  return { events: [...adds.sort(byGen), ...mods.sort(byGen), ...dels], last };
}

function* objectsOf(
  db: ObjectDb,
  cls: string,
  lower: string,
  subs: readonly Subscription[],
): Generator<StoredObject> {
  const seen = new Set<string>();
  for (const s of subs) {
    if (s.kind !== 'object' || s.cls !== lower || seen.has(s.ref)) continue;
    seen.add(s.ref);
    const o = db.get(cls, s.ref);
    if (o !== undefined) yield o;
  }
}
