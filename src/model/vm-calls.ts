// VM field reads and writes (implicit messages: getters, setters, map add/remove; SEMANTICS.md §1).
import { learnUuid, modifyVm, withVm } from './vm-access.ts';
import type { Shape } from './expected.ts';
import { anyParam, equalsShape, fails, succeeds, unpredictable, voidShape } from './expected.ts';
import { learnObject, learnObjects } from './generic-objects.ts';
import { currentOpsShape } from './vm-current-ops.ts';
import type { ModelState, VmModel } from './model-state.ts';
import type { Handler } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { adoptVmRecord, adoptVmRecords } from './vm-adopt.ts';
import { allowedOperationsShape, learnFeatures, vmBusy, vmRecordShape } from './vm-records.ts';

function getter(field: (state: ModelState, vm: VmModel) => Shape | undefined): Handler {
  return (ctx) =>
    withVm(ctx, ctx.params[0], (vm) => {
      if (vmBusy(ctx.state, vm.ref)) return unchanged(unpredictable('an Async task is running on this VM'));
      const shape = field(ctx.state, vm);
      return unchanged(succeeds(shape ?? { kind: 'any' }));
    });
}

const ownedOnly =
  (f: (state: ModelState, vm: VmModel) => Shape) =>
  (state: ModelState, vm: VmModel): Shape | undefined =>
    vm.owned ? f(state, vm) : undefined;

export const getPowerState = getter(ownedOnly((_s, vm) => equalsShape(vm.powerState)));
export const getNameLabel = getter(ownedOnly((_s, vm) => equalsShape(vm.nameLabel)));
export const getIsATemplate = getter((_s, vm) => equalsShape(vm.isTemplate));
/** current_operations: empty when idle, only our running tasks' entries while they run (vm-current-ops.ts). */
export const getCurrentOperations: Handler = (ctx) =>
  withVm(ctx, ctx.params[0], (vm) =>
    unchanged(succeeds(vm.owned ? (currentOpsShape(ctx.state, vm) ?? { kind: 'any' }) : { kind: 'any' })),
  );
/** allowed_operations; what it lists tells which guest-dependent ops the guest supports (vm-records.ts). */
export const getAllowedOperations: Handler = (ctx) => {
  const out = getter(ownedOnly((s, vm) => allowedOperationsShape(s, vm)))(ctx);
  const ref = String(ctx.params[0]);
  return {
    ...out,
    effect: (state, observed) => {
      const next = out.effect(state, observed);
      return observed.ok && state.vms.get(ref)?.owned === true
        ? learnFeatures(next, ref, observed.value)
        : next;
    },
  };
};

function fieldOf(rec: unknown, field: string): unknown {
  return typeof rec === 'object' && rec !== null && !Array.isArray(rec)
    ? (rec as Record<string, unknown>)[field]
    : undefined;
}
export const getOtherConfig = getter(
  ownedOnly((_s, vm) => ({
    kind: 'record',
    fields: Object.fromEntries(Object.entries(vm.otherConfig).map(([k, v]) => [k, equalsShape(v)])),
  })),
);

/** A VM record as the model predicts it, and its enum values members of their enums (generic-calls.ts). */
function checkedVmRecord(state: ModelState, vm: VmModel): Shape {
  return { kind: 'allOf', shapes: [vmRecordShape(state, vm), ...vmEnums(state, false)] };
}

function vmEnums(state: ModelState, many: boolean): Shape[] {
  const r = state.config.release;
  return r.beyondKnown || r.unknown ? [] : [{ kind: 'enums', cls: 'VM', many }];
}

export const getRecord: Handler = (ctx) =>
  withVm(ctx, ctx.params[0], (vm) => ({
    expected: succeeds(checkedVmRecord(ctx.state, vm)),
    effect: (state, observed) => {
      if (!observed.ok) return state;
      // Also the generic view of it, for the getters of the fields this file has no handler for.
      const seen = learnObject(state, 'VM', vm.ref, observed.value);
      if (!vm.owned) return adoptVmRecord(seen, vm.ref, observed.value);
      const learnt = learnUuid(seen, vm.ref, fieldOf(observed.value, 'uuid'));
      return learnFeatures(learnt, vm.ref, fieldOf(observed.value, 'allowed_operations'));
    },
  }));

function liveAndGone(state: ModelState): { present: string[]; absent: string[] } {
  return { present: [...state.vms.keys()], absent: [...state.destroyedVms] };
}

export const getAll: Handler = (ctx) => unchanged(succeeds({ kind: 'refList', ...liveAndGone(ctx.state) }));

/** get_all_records: every known VM present with its fields, destroyed ones absent; unknown ones get adopted. */
export const getAllRecords: Handler = (ctx) => {
  const present: Record<string, Shape> = {};
  // Only the harness's own VMs must be there; others may come and go (they are re-adopted or forgotten).
  for (const vm of ctx.state.vms.values()) if (vm.owned) present[vm.ref] = vmRecordShape(ctx.state, vm);
  return {
    expected: succeeds({
      kind: 'allOf',
      shapes: [{ kind: 'refMap', present, absent: [...ctx.state.destroyedVms] }, ...vmEnums(ctx.state, true)],
    }),
    effect: (state, observed) => {
      if (!observed.ok) return state;
      let next = learnObjects(adoptVmRecords(state, observed.value), 'VM', observed.value);
      for (const vm of state.vms.values()) {
        if (!vm.owned) continue;
        next = learnFeatures(next, vm.ref, fieldOf(fieldOf(observed.value, vm.ref), 'allowed_operations'));
      }
      return next;
    },
  };
};

/** Field writes are not subject to VM operation checks; each change is a `mod` for event.from watchers. */
export const setNameLabel: Handler = (ctx) =>
  withVm(ctx, ctx.params[0], (vm) => {
    const value = String(ctx.params[1]);
    // Writing the value a field already has is no change: no generation bump, no `mod` event
    // (xen-api ocaml/database/db_cache_impl.ml write_field_locked; SEMANTICS.md §6).
    if (value === vm.nameLabel) return unchanged(succeeds(voidShape));
    return {
      expected: succeeds(voidShape),
      effect: (state) => modifyVm(state, vm.ref, (v) => ({ ...v, nameLabel: value })),
    };
  });

/** add_to_other_config on an existing key: MAP_DUPLICATE_KEY [class; field; uuid; key] (SEMANTICS.md §2). */
export const addToOtherConfig: Handler = (ctx) =>
  withVm(ctx, ctx.params[0], (vm) => {
    const key = String(ctx.params[1]);
    const value = String(ctx.params[2]);
    if (Object.hasOwn(vm.otherConfig, key)) {
      return unchanged(fails('MAP_DUPLICATE_KEY', ['VM', 'other_config', anyParam, key]));
    }
    return {
      expected: succeeds(voidShape),
      effect: (state) =>
        modifyVm(state, vm.ref, (v) => ({ ...v, otherConfig: { ...v.otherConfig, [key]: value } })),
    };
  });

/** remove_from_other_config of an absent key is a silent no-op in xapi's generated DB actions. */
export const removeFromOtherConfig: Handler = (ctx) =>
  withVm(ctx, ctx.params[0], (vm) => {
    const key = String(ctx.params[1]);
    if (!Object.hasOwn(vm.otherConfig, key)) return unchanged(succeeds(voidShape));
    return {
      expected: succeeds(voidShape),
      effect: (state) =>
        modifyVm(state, vm.ref, (v) => {
          const { [key]: _gone, ...rest } = v.otherConfig;
          return { ...v, otherConfig: rest };
        }),
    };
  });
