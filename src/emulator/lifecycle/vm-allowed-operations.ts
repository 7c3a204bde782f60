// VM.allowed_operations (xen-api ocaml/xapi/xapi_vm_lifecycle.ml `update_allowed_operations`): every
// vm_operations value, minus `ignored_ops`, that check_operation_error accepts now. xapi folds the
// enum prepending each allowed op, so the list comes out in reverse enum order; so does this one.
import type { DbRecord } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { FaultName } from '../faults.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import { checkVmOperation } from './check-vm-operation.ts';
import { IGNORED_OPS } from './vm-power-rules.ts';

const NO_FAULTS: ReadonlySet<FaultName> = new Set();

function computeVmAllowedOperations(
  db: ObjectDb,
  schema: EmuSchema,
  ref: string,
  vm: DbRecord,
  faults: ReadonlySet<FaultName>,
): string[] {
  const all = schema.enums.get('vm_operations') ?? [];
  // Error-shaping faults change what a call answers, not which operations are allowed.
  const f = faults.has('start-template') ? faults : NO_FAULTS;
  const out: string[] = [];
  for (const op of all) {
    if (IGNORED_OPS.has(op)) continue;
    if (checkVmOperation(db, ref, vm, op, f) === undefined) out.unshift(op);
  }
  return out;
}

/** Recomputes and stores VM.allowed_operations; `asIf` overrides fields (the stale fault). */
export function updateVmAllowedOperations(
  db: ObjectDb,
  schema: EmuSchema,
  ref: string,
  faults: ReadonlySet<FaultName>,
  asIf?: Readonly<Partial<DbRecord>>,
): void {
  const obj = db.get('VM', ref);
  if (obj === undefined) return;
  const view = asIf === undefined ? obj.record : ({ ...obj.record, ...asIf } as DbRecord);
  const next = computeVmAllowedOperations(db, schema, ref, view, faults);
  const before = obj.record['allowed_operations'];
  if (Array.isArray(before) && before.length === next.length && before.every((x, i) => x === next[i])) return;
  db.update('VM', ref, { allowed_operations: next });
}
