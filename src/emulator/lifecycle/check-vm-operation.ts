// check_operation_error of xen-api ocaml/xapi/xapi_vm_lifecycle.ml, in its order (SEMANTICS.md §4
// "Check order"): blocked → power state → concurrency → template → snapshot → provision → control
// domain → guest features (check_op_for_feature, read from the VM's metrics and guest metrics as xapi
// reads them); PCI, vGPU, VUSB, appliance and protection-policy checks have nothing to look at.
import type { XapiJs } from '../../xapi/types.ts';
import type { DbRecord } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { FaultName } from '../faults.ts';
import { mapOf, str } from './record-values.ts';
import {
  allowedConcurrently,
  allowedPowerStates,
  CONTROL_DOMAIN_OPS,
  SNAPSHOT_OPS,
  TEMPLATE_OPS,
  type PowerState,
} from './vm-power-rules.ts';

export interface OperationError {
  readonly code: string;
  readonly params: readonly string[];
}

/** xapi_vm_lifecycle.ml bool_of_assoc: "1" or "true" (any case). */
function boolOfAssoc(map: Readonly<Record<string, XapiJs>>, key: string): boolean {
  const v = map[key];
  return typeof v === 'string' && (v === '1' || v.toLowerCase() === 'true');
}

function cloneSuspendedEnabled(db: ObjectDb): boolean {
  for (const p of db.all('pool'))
    if (boolOfAssoc(mapOf(p.record['other_config']), 'allow_clone_suspended_vm')) return true;
  return false;
}

/** Record_util.vm_power_state_to_lowercase_string. */
function lower(s: string): string {
  return s.toLowerCase();
}

function isDefaultTemplate(vm: DbRecord): boolean {
  return vm['is_default_template'] === true || boolOfAssoc(mapOf(vm['other_config']), 'default_template');
}

/**
 * The first error that forbids `op` on `ref`, or undefined. `faults` bend the answer the way the
 * conformance suites expect to catch (faults.ts).
 */
export function checkVmOperation(
  db: ObjectDb,
  ref: string,
  vm: DbRecord,
  op: string,
  faults: ReadonlySet<FaultName>,
  /** OTHER_OPERATION_IN_PROGRESS: 4 params from xapi 25.27.0, 2 before (SEMANTICS.md §10). */
  otherOperationParams: 2 | 4 = 4,
): OperationError | undefined {
  const blocked = mapOf(vm['blocked_operations'])[op];
  if (typeof blocked === 'string') return { code: 'OPERATION_BLOCKED', params: [ref, blocked] };

  const power = str(vm['power_state']) as PowerState;
  const isTemplate = vm['is_a_template'] === true;
  const isSnapshot = vm['is_a_snapshot'] === true;
  const isControlDomain = vm['is_control_domain'] === true;
  const allowed = allowedPowerStates(op, {
    isControlDomain,
    isSnapshot,
    cloneSuspendedEnabled: op === 'clone' || op === 'copy' ? cloneSuspendedEnabled(db) : false,
  });
  if (!allowed.includes(power)) {
    const expected = allowed.map(lower).join(', ');
    const actual = lower(power);
    if (faults.has('wrong-error-code'))
      return { code: 'OPERATION_NOT_ALLOWED', params: [`${op}: ${expected} / ${actual}`] };
    if (faults.has('wrong-error-params'))
      return { code: 'VM_BAD_POWER_STATE', params: [ref, actual, expected] };
    return { code: 'VM_BAD_POWER_STATE', params: [ref, expected, actual] };
  }

  // report_concurrent_operations_error: one op gives (op, task); several give "{a,b}" lists.
  const current = Object.entries(mapOf(vm['current_operations']))
    .map(([task, o]) => [task, str(o)] as const)
    // Under the `current-operations-leak` fault the leaked entries of finished tasks do not block (the fault
    // shows in the record, not as a hang of every later operation).
    .filter(
      ([task]) =>
        !faults.has('current-operations-leak') || db.get('task', task)?.record['status'] === 'pending',
    );
  if (
    current.length > 0 &&
    !allowedConcurrently(
      op,
      current.map(([, o]) => o),
    )
  ) {
    const tasks = current.map(([t]) => t);
    const ops = current.map(([, o]) => o);
    const one = current.length === 1;
    const opText = one ? ops[0]! : `{${ops.join(',')}}`;
    // Before 25.27.0 (e.g. xapi 24.19.2): ["VM." ^ ops; ref], without the task.
    if (otherOperationParams === 2)
      return { code: 'OTHER_OPERATION_IN_PROGRESS', params: [`VM.${opText}`, ref] };
    return {
      code: 'OTHER_OPERATION_IN_PROGRESS',
      params: ['VM', ref, opText, one ? tasks[0]! : `{${tasks.join(',')}}`],
    };
  }

  if (isTemplate && !isSnapshot) {
    const ok =
      TEMPLATE_OPS.has(op) ||
      ((op === 'destroy' || op === 'migrate_send') && !isDefaultTemplate(vm)) ||
      (op === 'start' && faults.has('start-template'));
    if (!ok) return { code: 'VM_IS_TEMPLATE', params: [ref, op] };
  }
  if (isSnapshot && !SNAPSHOT_OPS.has(op)) return { code: 'VM_IS_SNAPSHOT', params: [ref, op] };
  if (op === 'provision' && !isTemplate) return { code: 'PROVISION_ONLY_ALLOWED_ON_TEMPLATE', params: [] };
  if (op === 'revert' && !isSnapshot) return { code: 'REVERT_ONLY_ALLOWED_ON_SNAPSHOT', params: [] };

  const domainZero = isControlDomain && vm['domid'] === 0;
  if ((op === 'changing_VCPUs' || op === 'destroy') && domainZero) {
    return { code: 'OPERATION_NOT_ALLOWED', params: ['This operation is not allowed on dom0'] };
  }
  if (isControlDomain && !CONTROL_DOMAIN_OPS.has(op)) {
    return { code: 'OPERATION_NOT_ALLOWED', params: ['This operation is not allowed on a control domain'] };
  }

  const feature = checkOpForFeature(db, ref, vm, op);
  if (feature !== undefined) return feature;

  if (op === 'snapshot_with_quiesce')
    return { code: 'VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', params: [ref] };
  if (op === 'query_services' && !boolOfAssoc(mapOf(vm['other_config']), 'is_system_domain')) {
    return { code: 'NOT_SYSTEM_DOMAIN', params: [ref] };
  }
  if (op === 'create_vtpm') {
    const vtpms = vm['VTPMs'];
    if (Array.isArray(vtpms) && vtpms.length > 0)
      return { code: 'VTPM_MAX_AMOUNT_REACHED', params: [String(vtpms.length)] };
  }
  return undefined;
}

/** xapi_vm_lifecycle.ml has_definitely_booted_pv: VM_metrics.current_domain_type is pv, pv_in_pvh or pvh. */
function hasDefinitelyBootedPv(db: ObjectDb, vm: DbRecord): boolean {
  const t = str(db.get('VM_metrics', str(vm['metrics']))?.record['current_domain_type']);
  return t === 'pv' || t === 'pv_in_pvh' || t === 'pvh';
}

/**
 * xapi_pv_driver_version.ml of_guest_metrics / has_pv_drivers: the guest metrics report a
 * PV_drivers_version whose major and minor are integers.
 */
function hasPvDrivers(gm: DbRecord | undefined): boolean {
  if (gm === undefined) return false;
  const v = mapOf(gm['PV_drivers_version']);
  return /^-?\d+$/.test(str(v['major'])) && /^-?\d+$/.test(str(v['minor']));
}

/**
 * xapi_vm_lifecycle.ml check_op_for_feature with strict=true (with_vm_operation's default, and the
 * allowed_operations computation): a live HVM guest without PV drivers must advertise each feature in
 * VM_guest_metrics.other ("feature-suspend", "feature-shutdown", ...) as "1", else VM_LACKS_FEATURE [vm];
 * "data-cant-suspend-reason" gives VM_NON_SUSPENDABLE [vm; reason] (SEMANTICS.md §10).
 */
function checkOpForFeature(db: ObjectDb, ref: string, vm: DbRecord, op: string): OperationError | undefined {
  const power = str(vm['power_state']);
  const live = power === 'Running' || power === 'Paused';
  const gm = db.get('VM_guest_metrics', str(vm['guest_metrics']))?.record;
  const other = mapOf(gm?.['other']);
  const lacks = (feature: string): boolean => other[feature] !== '1';
  const implicit = !live || hasDefinitelyBootedPv(db, vm) || hasPvDrivers(gm);
  const lacksFeature = { code: 'VM_LACKS_FEATURE', params: [ref] };
  if (live && (op === 'suspend' || op === 'checkpoint' || op === 'pool_migrate' || op === 'migrate_send')) {
    const reason = other['data-cant-suspend-reason'];
    if (typeof reason === 'string') return { code: 'VM_NON_SUSPENDABLE', params: [ref, reason] };
    return !implicit && lacks('feature-suspend') ? lacksFeature : undefined;
  }
  if (implicit) return undefined;
  if (op === 'clean_shutdown' && lacks('feature-shutdown') && lacks('feature-poweroff')) return lacksFeature;
  if (op === 'clean_reboot' && lacks('feature-shutdown') && lacks('feature-reboot')) return lacksFeature;
  if (op === 'changing_VCPUs_live' && lacks('feature-vcpu-hotplug')) return lacksFeature;
  return undefined;
}
