// The datamodel's generic messages on VM (issue 17 item 3), checked against each other and against what the
// model has seen: get_uuid and a record's uuid agree and never change; get_by_uuid of a known uuid is that
// VM, of an unknown one UUID_INVALID [table; uuid] (exnHelper.ml Read_missing_uuid; SEMANTICS.md §2);
// get_by_name_label lists every VM of that name the model owns and none of its others (the generated DB
// action filters the table by name_label: ocaml/idl/ocaml_backend/gen_db_actions.ml get_by_name_label).
// get_all vs get_all_records, set then get, and map add/remove then the record are vm-calls.ts's.
import { equalsShape, fails, oneOf, succeeds, unpredictable } from './expected.ts';
import type { Handler } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { learnUuid, withVm } from './vm-access.ts';
import { vmBusy } from './vm-records.ts';

export const getUuid: Handler = (ctx) =>
  withVm(ctx, ctx.params[0], (vm) => ({
    expected: succeeds(vm.uuid === undefined ? { kind: 'string' } : equalsShape(vm.uuid)),
    effect: (state, observed) => (observed.ok ? learnUuid(state, vm.ref, observed.value) : state),
  }));

export const getByUuid: Handler = (ctx) => {
  const uuid = String(ctx.params[0]);
  const vm = [...ctx.state.vms.values()].find((v) => v.uuid === uuid);
  const missing = fails('UUID_INVALID', ['VM', uuid]);
  if (vm === undefined) {
    // A uuid the model never saw: missing, unless it belongs to a VM someone else made meanwhile (a real
    // host) - the harness asks only for uuids it made up, which nobody else has.
    return unchanged(missing);
  }
  const found = succeeds(equalsShape(vm.ref));
  // A VM the harness does not own may be destroyed by others at any time on a real host.
  return unchanged(vm.owned ? found : oneOf(found, missing));
};

export const getByNameLabel: Handler = (ctx) => {
  const label = String(ctx.params[0]);
  const owned = [...ctx.state.vms.values()].filter((v) => v.owned);
  if (owned.some((v) => vmBusy(ctx.state, v.ref))) {
    return unchanged(unpredictable('an Async task is running on one of the VMs'));
  }
  return unchanged(
    succeeds({
      kind: 'refList',
      present: owned.filter((v) => v.nameLabel === label).map((v) => v.ref),
      absent: [...owned.filter((v) => v.nameLabel !== label).map((v) => v.ref), ...ctx.state.destroyedVms],
    }),
  );
};
