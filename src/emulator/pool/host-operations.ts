// host.allowed_operations and host.current_operations (docs/SEMANTICS.md §11; xen-api
// ocaml/xapi/xapi_host_helpers.ml valid_operations, with_host_operation). Without clustered SRs and
// rolling upgrades, what remains of xapi's table: power_on only when the host is not live; reboot, shutdown
// and apply_updates only when it is disabled; operations that bring VMs (provision, vm_resume, vm_migrate)
// exclude those that take them away (evacuate, reboot, shutdown) while one of the other kind runs;
// reboot, shutdown and apply_updates exclude each other (and enable, during apply_updates); one provision
// at a time.
import type { ObjectDb } from '../db/object-db.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { mapOf, str } from '../lifecycle/record-values.ts';
import type { EmuSchema } from '../schema/schema-view.ts';

const CREATING: ReadonlySet<string> = new Set(['provision', 'vm_resume', 'vm_migrate']);
const REMOVING: ReadonlySet<string> = new Set(['evacuate', 'reboot', 'shutdown']);

/** The first error forbidding `op` on `host` now, or undefined. */
function hostOperationError(db: ObjectDb, host: string, op: string): XapiFailure | undefined {
  const rec = db.get('host', host)?.record;
  if (rec === undefined) return new XapiFailure('HANDLE_INVALID', ['host', host]);
  const current = Object.entries(mapOf(rec['current_operations'])).map(
    ([task, o]) => [task, str(o)] as const,
  );
  const find = (pred: (o: string) => boolean) => current.find(([, o]) => pred(o));
  const busy = (task: string, other: string) =>
    new XapiFailure('OTHER_OPERATION_IN_PROGRESS', ['host', host, other, task]);
  if (op !== 'power_on') {
    const removing = find((o) => REMOVING.has(o));
    const creating = find((o) => CREATING.has(o));
    if (CREATING.has(op) && removing !== undefined) return busy(removing[0], removing[1]);
    if (REMOVING.has(op) && creating !== undefined) return busy(creating[0], creating[1]);
  }
  const exclusive: readonly [string, readonly string[]][] = [
    ['reboot', ['shutdown', 'apply_updates']],
    ['shutdown', ['reboot', 'apply_updates']],
    ['apply_updates', ['reboot', 'shutdown', 'enable']],
    ['provision', ['provision']],
  ];
  for (const [running, blocks] of exclusive) {
    const r = find((o) => o === running);
    if (r !== undefined && blocks.includes(op)) return busy(r[0], running);
  }
  if (rec['enabled'] === true && (op === 'reboot' || op === 'shutdown' || op === 'apply_updates'))
    return new XapiFailure('HOST_NOT_DISABLED', []);
  if (op === 'power_on') {
    const live = db.get('host_metrics', str(rec['metrics']))?.record['live'] === true;
    if (live) return new XapiFailure('HOST_IS_LIVE', [host]);
  }
  return undefined;
}

/** Recomputes host.allowed_operations (enum order) and stores it when it changed. */
export function updateHostAllowedOperations(db: ObjectDb, schema: EmuSchema, host: string): void {
  const obj = db.get('host', host);
  if (obj === undefined) return;
  const all = schema.enums.get('host_allowed_operations') ?? [];
  const next = all.filter((op) => hostOperationError(db, host, op) === undefined);
  const before = obj.record['allowed_operations'];
  if (Array.isArray(before) && before.length === next.length && before.every((x, i) => x === next[i])) return;
  db.update('host', host, { allowed_operations: next });
}

/** with_host_operation: checks `op`, records {task: op} while `run` runs, recomputes allowed_operations. */
export async function withHostOperation<T>(
  db: ObjectDb,
  schema: EmuSchema,
  host: string,
  task: string,
  op: string,
  run: () => Promise<T>,
): Promise<T> {
  const err = hostOperationError(db, host, op);
  if (err !== undefined) throw err;
  const key = task === '' ? `OpaqueRef:host-op-${op}` : task;
  db.update('host', host, {
    current_operations: { ...mapOf(db.get('host', host)?.record['current_operations']), [key]: op },
  });
  updateHostAllowedOperations(db, schema, host);
  try {
    return await run();
  } finally {
    const ops = { ...mapOf(db.get('host', host)?.record['current_operations']) };
    delete ops[key];
    db.update('host', host, { current_operations: ops });
    updateHostAllowedOperations(db, schema, host);
  }
}
