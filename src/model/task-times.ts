// A task's created and finished (issue 17 item 4). TaskHelper.make creates the row with created = now and
// finished = Date.epoch (xen-api ocaml/xapi/taskHelper.ml ~l.46); every completion path (complete, failed,
// cancel_this) sets finished = now (taskHelper.ml ~l.206, ~l.252, ~l.290). So a pending task's finished is
// the epoch, and a completed task finished no earlier than it was created (both at 1 s resolution).
import type { CheckResult } from './check-result.ts';

const EPOCH = 0;

function ms(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    // xapi's XML-RPC datetime: 20250319T04:16:24Z (SEMANTICS.md §2); JSON-RPC sends ISO strings.
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(v);
    const t = m === null ? Date.parse(v) : Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

export function checkTaskTimes(completed: boolean, record: unknown, path: string): CheckResult {
  if (typeof record !== 'object' || record === null) return { ok: true };
  const r = record as Readonly<Record<string, unknown>>;
  // A record without the fields is the schema property's to judge (every field of the datamodel present).
  if (r['created'] === undefined || r['finished'] === undefined) return { ok: true };
  const created = ms(r['created']);
  const finished = ms(r['finished']);
  if (created === undefined) return { ok: false, reason: `${path}.created: not a datetime` };
  if (finished === undefined) return { ok: false, reason: `${path}.finished: not a datetime` };
  if (!completed) {
    if (finished !== EPOCH)
      return {
        ok: false,
        reason: `${path}.finished: a pending task's is the epoch, got ${new Date(finished).toISOString()}`,
      };
    return { ok: true };
  }
  if (finished < created) {
    return {
      ok: false,
      reason: `${path}.finished ${new Date(finished).toISOString()} is before created ${new Date(created).toISOString()}`,
    };
  }
  return { ok: true };
}
