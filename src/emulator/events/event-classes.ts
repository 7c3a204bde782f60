// Which classes produce events and which are database tables (xen-api ocaml/idl/datamodel*.ml):
// `~gen_events:false` marks session, user and secret; `~in_db:false` marks data_source, sr_stat,
// probe_result, vdi_nbd_server_info, auth, message and diagnostics, and event itself has no table.
// event.from folds over the event-generating tables; valid_ref_counts counts every table
// (xapi_event.ml from_inner).
import type { EmuSchema } from '../schema/schema-view.ts';

const NOT_IN_DB: ReadonlySet<string> = new Set([
  'event',
  'data_source',
  'sr_stat',
  'probe_result',
  'vdi_nbd_server_info',
  'auth',
  'message',
  'diagnostics',
]);
const NO_EVENTS: ReadonlySet<string> = new Set(['session', 'user', 'secret']);

export interface EventClasses {
  /** Class names whose changes are reported, by lower-case name. */
  readonly byLower: ReadonlyMap<string, string>;
  /** Class names counted in valid_ref_counts, in schema order. */
  readonly tables: readonly string[];
}

export function eventClasses(schema: EmuSchema, servesClass?: (cls: string) => boolean): EventClasses {
  const byLower = new Map<string, string>();
  const tables: string[] = [];
  for (const name of schema.classes.keys()) {
    if (servesClass !== undefined && !servesClass(name)) continue;
    // Messages live outside xapi's database but do produce events (xapi_event.ml special-cases them);
    // the emulator stores them as objects, so they are reported like any other class.
    if (name === 'message') byLower.set('message', name);
    if (NOT_IN_DB.has(name)) continue;
    tables.push(name);
    if (!NO_EVENTS.has(name)) byLower.set(name.toLowerCase(), name);
  }
  return { byLower, tables };
}
