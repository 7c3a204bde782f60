// The building blocks every VM handler uses: a VM's ref checked (HANDLE_INVALID for one the model does not
// know, or another client may have destroyed), one VM of the state updated, and its uuid learnt from an
// answer. One file below the handlers (vm-calls.ts, vm-generic-calls.ts, vm-lifecycle.ts, vm-records.ts),
// so that none of them imports another that imports it back.
import type { Expected, Shape } from './expected.ts';
import { equalsShape, fails, oneOf } from './expected.ts';
import type { ModelState, VmModel } from './model-state.ts';
import { mapSet, withChange } from './model-state.ts';
import type { CallContext, Outcome } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { forgetVm } from './vm-adopt.ts';

/** HANDLE_INVALID [class; ref] for a missing or destroyed ref (exnHelper.ml; SEMANTICS.md §2). */
export function handleInvalid(cls: string, ref: unknown): Expected {
  return fails('HANDLE_INVALID', [cls, typeof ref === 'string' ? ref : String(ref)]);
}

/**
 * Resolves the VM a call names. The model assumes it knows every VM it is asked about (the harness only uses
 * refs it created or read from get_all_records), so an unknown ref is an invalid one.
 */
export function withVm(ctx: CallContext, ref: unknown, f: (vm: VmModel) => Outcome): Outcome {
  const vm = typeof ref === 'string' ? ctx.state.vms.get(ref) : undefined;
  if (vm === undefined) return unchanged(handleInvalid('VM', ref));
  const out = f(vm);
  if (vm.owned) return out;
  // A VM the harness did not create may be destroyed by someone else at any time on a real host.
  const gone = handleInvalid('VM', vm.ref);
  return {
    ...out,
    expected: oneOf(out.expected, gone),
    effect: (state, observed) =>
      !observed.ok &&
      observed.code === 'HANDLE_INVALID' &&
      !(out.expected.kind === 'failure' && out.expected.code === 'HANDLE_INVALID')
        ? forgetVm(state, vm.ref)
        : out.effect(state, observed),
  };
}

export function updateVm(state: ModelState, ref: string, f: (vm: VmModel) => VmModel): ModelState {
  const vm = state.vms.get(ref);
  return vm === undefined ? state : { ...state, vms: mapSet(state.vms, ref, f(vm)) };
}

/** A write to one VM's record: the record updated, and the `mod` event a watcher sees for it (SEMANTICS.md §6). */
export function modifyVm(state: ModelState, ref: string, f: (vm: VmModel) => VmModel): ModelState {
  return withChange(updateVm(state, ref, f), 'vm', ref, 'mod');
}

/** Learns a VM's uuid from an answer (get_uuid, or a record's uuid field) when the model did not know it. */
export function learnUuid(state: ModelState, ref: string, uuid: unknown): ModelState {
  const vm = state.vms.get(ref);
  if (vm === undefined || vm.uuid !== undefined || typeof uuid !== 'string' || uuid === '') return state;
  return updateVm(state, ref, (v) => ({ ...v, uuid }));
}

/** The uuid field of a record, when the model knows it (vmRecordShape adds it). */
export function uuidShape(vm: VmModel): Record<string, Shape> {
  return vm.uuid === undefined ? {} : { uuid: equalsShape(vm.uuid) };
}
