// The answers a sequential (atomic) model cannot explain, justified by real time instead:
// - OTHER_OPERATION_IN_PROGRESS ["VM"; vm; op; task] says another operation was running on that VM.
//   It is justified only if a call doing `op` on that VM overlapped the rejected call in real time
//   (SEMANTICS.md §4 "Concurrency": with_vm_operation marks current_operations for the call's duration).
// - TASK_CANCELLED [task] on a lifecycle call says a hard_shutdown or hard_reboot cancelled it
//   (SEMANTICS.md §4; xen-api message_forwarding.ml `cancel ~vm ~ops`: hard_shutdown cancels in-flight
//   clean_shutdown, clean_reboot, hard_reboot, shutdown, suspend; hard_reboot cancels clean_shutdown,
//   clean_reboot, suspend). Justified only if such a call on that VM overlapped it.
// Justified entries are dropped from the history before the linearizability check (they must have no
// effect; if one had, the later reads of that VM would not linearize). Unjustified ones are violations.
import type { Entry } from './lifecycle-history.ts';

/** Who cancels whom (message_forwarding.ml). */
const CANCELS: Readonly<Record<string, ReadonlySet<string>>> = {
  'VM.hard_shutdown': new Set([
    'VM.clean_shutdown',
    'VM.clean_reboot',
    'VM.hard_reboot',
    'VM.shutdown',
    'VM.suspend',
  ]),
  'VM.hard_reboot': new Set(['VM.clean_shutdown', 'VM.clean_reboot', 'VM.suspend']),
};

function vmOf(e: Entry): string {
  return String(e.call.args[1]);
}

function overlaps(a: Entry, b: Entry): boolean {
  return a.invokeAt <= b.returnAt && b.invokeAt <= a.returnAt;
}

export interface Justification {
  /** The history without the justified conflict answers. */
  readonly rest: Entry[];
  readonly conflicts: number;
  readonly cancelled: number;
  readonly violations: string[];
}

export function justifyConflicts(history: readonly Entry[]): Justification {
  const rest: Entry[] = [];
  const violations: string[] = [];
  let conflicts = 0;
  let cancelled = 0;
  const byVm = new Map<string, Entry[]>();
  for (const e of history) {
    const list = byVm.get(vmOf(e)) ?? [];
    list.push(e);
    byVm.set(vmOf(e), list);
  }
  for (const e of history) {
    const o = e.observed;
    if (o.ok || (o.code !== 'OTHER_OPERATION_IN_PROGRESS' && o.code !== 'TASK_CANCELLED')) {
      rest.push(e);
      continue;
    }
    const vm = vmOf(e);
    const others = (byVm.get(vm) ?? []).filter((x) => x !== e && overlaps(x, e));
    if (o.code === 'OTHER_OPERATION_IN_PROGRESS') {
      const [cls, ref, op] = o.params;
      // One operation, or several as "{op1,op2}" (report_concurrent_operations_error): each must have
      // overlapped the rejected call.
      const ops = (op ?? '').replace(/^\{|\}$/g, '').split(',');
      const missing = ops.filter((x) => !others.some((y) => y.call.method === `VM.${x}`));
      if (cls !== 'VM' || ref !== vm || missing.length > 0) {
        violations.push(
          `${e.call.method}(${vm}) by client ${e.client} at ${e.invokeAt.toFixed(1)}-${e.returnAt.toFixed(1)} ms: ` +
            `OTHER_OPERATION_IN_PROGRESS [${o.params.join('; ')}] but no ${missing.join(', ')} on that VM overlapped it` +
            ` (overlapping: ${others.map((x) => x.call.method).join(', ')})`,
        );
      } else conflicts += 1;
      continue;
    }
    const killer = others.find((x) => CANCELS[x.call.method]?.has(e.call.method) === true);
    if (killer === undefined) {
      violations.push(
        `${e.call.method}(${vm}) at ${e.invokeAt.toFixed(1)}-${e.returnAt.toFixed(1)} ms: TASK_CANCELLED [${o.params.join('; ')}] ` +
          `without an overlapping hard_shutdown or hard_reboot that cancels it (overlapping: ${others.map((x) => `${x.call.method} ${x.invokeAt.toFixed(1)}-${x.returnAt.toFixed(1)}`).join(', ')})`,
      );
    } else cancelled += 1;
  }
  return { rest, conflicts, cancelled, violations };
}
