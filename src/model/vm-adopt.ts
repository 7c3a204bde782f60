// Learning VMs the model did not create (default templates, dom0, other users' VMs) from the target's records.
import { devicesOfRecord } from './vm-devices.ts';
import type { ModelState, VmModel } from './model-state.ts';
import { mapDelete, mapSet } from './model-state.ts';
import type { PowerState } from './vm-operation-rules.ts';
import { POWER_STATES } from './vm-operation-rules.ts';

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asPowerState(v: unknown): PowerState {
  const s = String(v).toLowerCase();
  return POWER_STATES.find((p) => p.toLowerCase() === s) ?? 'Halted';
}

function asStringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isStruct(v)) for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

/** A VM model built from a VM record as the target returned it. */
export function vmFromRecord(ref: string, rec: unknown): VmModel {
  const r = isStruct(rec) ? rec : {};
  const devices = devicesOfRecord(r);
  return {
    ref,
    nameLabel: typeof r['name_label'] === 'string' ? r['name_label'] : '',
    powerState: asPowerState(r['power_state']),
    isTemplate: r['is_a_template'] === true,
    isDefaultTemplate: r['is_default_template'] === true,
    isSnapshot: r['is_a_snapshot'] === true,
    isControlDomain: r['is_control_domain'] === true,
    ...(devices === undefined ? {} : { devices }),
    ...(typeof r['uuid'] === 'string' && r['uuid'] !== '' ? { uuid: r['uuid'] } : {}),
    otherConfig: asStringMap(r['other_config']),
    currentOps: new Map(),
    adopted: true,
    owned: false,
  };
}

/**
 * Adopts every VM of a get_all_records answer the model does not know, and refreshes the ones it adopted
 * earlier (others may change them on a real host). VMs the model owns are never overwritten: they are checked.
 */
export function adoptVmRecords(state: ModelState, records: unknown, complete = true): ModelState {
  if (!isStruct(records)) return state;
  let vms = state.vms;
  let createdAt = state.createdAt;
  // A complete listing also tells which adopted VMs are gone (destroyed by someone else on a real host):
  // the model forgets them rather than expect them.
  if (complete) {
    for (const vm of state.vms.values()) {
      if (!vm.owned && !Object.hasOwn(records, vm.ref)) {
        vms = mapDelete(vms, vm.ref);
        createdAt = mapDelete(createdAt, vm.ref);
      }
    }
  }
  for (const [ref, rec] of Object.entries(records)) {
    const known = vms.get(ref);
    if (known !== undefined && known.owned) continue;
    if (state.destroyedVms.has(ref)) continue;
    vms = mapSet(vms, ref, vmFromRecord(ref, rec));
    if (!createdAt.has(ref)) createdAt = mapSet(createdAt, ref, 0);
  }
  return vms === state.vms ? state : { ...state, vms, createdAt };
}

/** Forgets a VM the harness does not own (it vanished: someone else destroyed it). */
export function forgetVm(state: ModelState, ref: string): ModelState {
  const vm = state.vms.get(ref);
  if (vm === undefined || vm.owned) return state;
  return { ...state, vms: mapDelete(state.vms, ref), createdAt: mapDelete(state.createdAt, ref) };
}

/** Adopts one VM from a get_record answer. */
export function adoptVmRecord(state: ModelState, ref: string, rec: unknown): ModelState {
  return adoptVmRecords(state, { [ref]: rec }, false);
}
