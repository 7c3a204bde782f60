// event.from's valid_ref_counts (issue 17 item 4; SEMANTICS.md §6): xapi folds over every table of the database
// snapshot the batch was read from, whatever the subscription, and gives each lower-case table name its row count
// as a 32-bit int (xen-api ocaml/xapi/xapi_event.ml from_inner, `valid_ref_counts`). Others may add and remove
// rows on a real host, so the model asks only what is certain: the tables it knows are there, and each has at
// least the rows of the harness's own that no running task of ours may be removing.
import type { ModelState } from './model-state.ts';
import { vmBusy } from './vm-records.ts';

/** Tables every xapi database has (classes stored in it, not in memory: xen-api ocaml/idl/datamodel.ml). */
const ALWAYS = ['vm', 'vbd', 'vdi', 'vif', 'sr', 'network', 'host', 'pool', 'session', 'task'];

/** The least count of each table the model can be sure of. */
export function refCountFloors(state: ModelState): Record<string, number> {
  const floors: Record<string, number> = Object.fromEntries(ALWAYS.map((t) => [t, 0]));
  floors['host'] = 1;
  floors['pool'] = 1;
  let vms = 0;
  for (const vm of state.vms.values()) if (vm.owned && !vmBusy(state, vm.ref)) vms += 1;
  floors['vm'] = vms;
  let sessions = 0;
  for (const s of state.sessions.values())
    if (s.alive && !s.atRisk && s.doomedSince === undefined) sessions += 1;
  floors['session'] = sessions;
  return floors;
}

function asCount(v: unknown): number | undefined {
  const n =
    typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 0x7fffffff ? n : undefined;
}

/** Why `counts` breaks the floors, or undefined. */
export function refCountsProblem(
  floors: Readonly<Record<string, number>>,
  counts: unknown,
): string | undefined {
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts))
    return `expected a map of table → count, got ${typeof counts}`;
  const c = counts as Readonly<Record<string, unknown>>;
  for (const [table, least] of Object.entries(floors)) {
    if (!Object.hasOwn(c, table))
      return `no count for table "${table}" (every table is counted, whatever the subscription)`;
    const n = asCount(c[table]);
    if (n === undefined) return `"${table}": ${JSON.stringify(c[table])} is not a 32-bit count`;
    if (n < least) return `"${table}": ${n} rows, but ${least} of ours are there`;
  }
  return undefined;
}
