// VM lifecycle messages: power operations, clone, snapshot, provision, destroy (SEMANTICS.md §4;
// xen-api ocaml/xapi/xapi_vm_lifecycle.ml, xapi_vm_clone.ml, xapi_vm.ml, xapi_vm_helpers.ml).
import { withProvisionedDisks } from './vm-devices.ts';
import { destroyVmObjects } from './generic-objects.ts';
import type { Expected } from './expected.ts';
import { fails, oneOf, refShape, succeeds, unpredictable, voidShape } from './expected.ts';
import type { ModelState, VmModel } from './model-state.ts';
import { mapDelete, mapSet, withChange } from './model-state.ts';
import type { Observed } from './observed.ts';
import type { CallContext, Handler, Outcome } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { environmentalFailures } from './environmental.ts';
import { checkOperationError, guestFeatureCheck, guestFeatureFailures } from './vm-check-operation.ts';
import { modifyVm, withVm } from './vm-access.ts';
import type { VmOperation } from './vm-operation-rules.ts';
import { resultingPowerState } from './vm-operation-rules.ts';
import { vmBusy } from './vm-records.ts';
import { conflictOutcome } from './vm-conflict.ts';

/**
 * with_vm_operation (xapi_vm_helpers.ml:1669): assert the op is valid first (strict), then run it. An op
 * that depends on the guest (check_op_for_feature) may also answer VM_LACKS_FEATURE / VM_NON_SUSPENDABLE,
 * with no effect, unless the target already showed the guest supports it (vm-check-operation.ts).
 */
function guarded(ctx: CallContext, op: VmOperation, success: (vm: VmModel) => Outcome): Outcome {
  return withVm(ctx, ctx.params[0], (vm) => {
    const options = {
      release: ctx.state.config.release,
      allowCloneSuspended: ctx.state.config.allowCloneSuspended,
    };
    if (vmBusy(ctx.state, vm.ref)) {
      return (
        conflictOutcome(ctx.state, vm, op, options, () => success(vm)) ?? {
          ...unchanged(unpredictable('an Async task is running on this VM')),
          vm: vm.ref,
        }
      );
    }
    const error = checkOperationError(vm, op, options);
    if (error !== undefined) return { ...unchanged(error), vm: vm.ref };
    const out = success(vm);
    if (guestFeatureCheck(vm, op) !== 'unknown') return { ...out, vm: vm.ref };
    return {
      ...out,
      expected: oneOf(out.expected, ...guestFeatureFailures(vm, op)),
      effect: (state, observed) => (observed.ok ? out.effect(state, observed) : state),
      vm: vm.ref,
    };
  });
}

/** A power operation: the VM ends in the state of SEMANTICS.md §4's table; a `mod` event follows. */
export function powerOperation(op: VmOperation): Handler {
  return (ctx) =>
    guarded(ctx, op, (vm) => {
      const target = resultingPowerState(op, ctx.params[1] === true);
      // Starting a VM needs the host's resources: §10's environmental failures are accepted, with no effect.
      const needsResources = op === 'start' || op === 'resume' || op === 'start_on' || op === 'resume_on';
      // Suspending writes the memory image to a new VDI on an SR (xapi_xenops.ml suspend): the storage backend
      // may fail it too, e.g. SR_BACKEND_FAILURE_44 when the SR is full.
      const expected = needsResources
        ? oneOf(succeeds(voidShape), ...environmentalFailures('start', vm.ref))
        : op === 'suspend'
          ? oneOf(succeeds(voidShape), ...environmentalFailures('storage', vm.ref))
          : succeeds(voidShape);
      return {
        expected,
        effect: (state, observed) =>
          target === undefined || !observed.ok
            ? state
            : modifyVm(
                // A new power state is a new boot (or none): what the guest supported is forgotten.
                state,
                vm.ref,
                ({ featuresSeen: _f, ...v }) => ({ ...v, powerState: target }),
              ),
      };
    });
}

/**
 * Keys xapi drops from a copied other_config (xapi_vm_clone.ml copy_vm_record): default_template and
 * xensource_internal; mac_seed is regenerated, so the model forgets it rather than predict its value.
 */
const NOT_COPIED = new Set(['default_template', 'xensource_internal', 'mac_seed']);

function copiedOtherConfig(src: VmModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(src.otherConfig)) if (!NOT_COPIED.has(k)) out[k] = v;
  // "Preserve the name_label of the base template in other_config" (copy_vm_record).
  if (src.isTemplate && out['base_template_name'] === undefined) out['base_template_name'] = src.nameLabel;
  return out;
}

function addVm(state: ModelState, vm: VmModel): ModelState {
  const withVmState: ModelState = {
    ...state,
    vms: mapSet(state.vms, vm.ref, vm),
  };
  const changed = withChange(withVmState, 'vm', vm.ref, 'add');
  return { ...changed, createdAt: mapSet(changed.createdAt, vm.ref, changed.seq) };
}

/**
 * clone / snapshot (xapi_vm_clone.ml copy_vm_record): a fresh VM named `new_name`;
 * is_a_template = is_a_snapshot || source.is_a_template (a clone of a template is a template);
 * is_default_template = false; power state Halted, or Suspended when cloning a suspended snapshot.
 */
function copyOperation(kind: 'clone' | 'snapshot'): Handler {
  return (ctx) =>
    guarded(ctx, kind, (src) => {
      const name = String(ctx.params[1]);
      const known = [...ctx.state.vms.keys(), ...ctx.state.destroyedVms];
      // A clone copies (or snapshots) the disks: the storage backend may fail it (SEMANTICS.md §10).
      return {
        expected: oneOf(succeeds(refShape('VM', known)), ...environmentalFailures('storage', src.ref)),
        effect: (state: ModelState, observed: Observed): ModelState => {
          if (!observed.ok) return state;
          const ref = String(observed.value);
          const isSnapshot = kind === 'snapshot';
          return addVm(state, {
            ref,
            nameLabel: name,
            powerState: isSnapshot ? 'Halted' : src.powerState,
            isTemplate: isSnapshot || src.isTemplate,
            isDefaultTemplate: false,
            isSnapshot,
            isControlDomain: false,
            otherConfig: copiedOtherConfig(src),
            currentOps: new Map(),
            adopted: false,
            owned: true,
            // Every VBD and VIF of the source is copied (vm-devices.ts; xapi_vm_clone.ml clone).
            ...(src.devices === undefined ? {} : { devices: src.devices }),
          });
        },
      };
    });
}

export const clone = copyOperation('clone');
export const snapshot = copyOperation('snapshot');

/** The sr attribute of each <disk> in other_config "disks" (xapi_templates.ml disks_of_xml). */
function diskSrs(otherConfig: Readonly<Record<string, string>>): string[] {
  const xml = otherConfig['disks'];
  if (xml === undefined) return [];
  return [...xml.matchAll(/<disk\b[^>]*>/g)].map((m) => {
    const a = /\bsr\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0]);
    return a?.[1] ?? a?.[2] ?? '';
  });
}

/**
 * provision (xapi_vm.ml `provision`, xapi_templates.ml): is_a_template becomes false first; then each disk
 * of other_config "disks" gets a VDI on the SR with that uuid: an unknown one (e.g. the default templates'
 * sr="", which clients rewrite to their default SR's uuid) fails with UUID_INVALID ["sr"; uuid] and
 * is_a_template stays false. On success post_install removes the "disks" key. The model trusts non-empty
 * SR uuids (the harness writes the pool's default SR). Out of space is not SR_FULL: the storage backend's
 * SR_BACKEND_FAILURE_44 ["", reason, ""] (sm_exec.ml; SEMANTICS.md §4 "Provision"), after which too the VM is
 * no longer a template and the disks made so far are gone.
 */
export const provision: Handler = (ctx) =>
  guarded(ctx, 'provision', (vm) => {
    const bad = diskSrs(vm.otherConfig).find((sr) => sr === '');
    return {
      expected:
        bad === undefined
          ? oneOf(succeeds(voidShape), ...environmentalFailures('storage', vm.ref))
          : fails('UUID_INVALID', ['sr', bad]),
      failureHasEffect: true,
      effect: (state, observed) =>
        modifyVm(state, vm.ref, (v) => {
          if (!observed.ok) return { ...v, isTemplate: false };
          const { disks: _d, ...rest } = v.otherConfig;
          // One VDI and VBD per <disk> (vm-devices.ts; xapi_templates.ml create_disk).
          const devices = withProvisionedDisks(v.devices, diskSrs(v.otherConfig).length);
          return {
            ...v,
            isTemplate: false,
            otherConfig: rest,
            ...(devices === undefined ? {} : { devices }),
          };
        }),
    };
  });

/**
 * destroy (xapi_vm_helpers.ml:158): removes the record. A default template never gets here: check_template
 * refuses destroy on it first with VM_IS_TEMPLATE [vm; "destroy"], so VM_CANNOT_DELETE_DEFAULT_TEMPLATE is
 * only reachable for a non-template carrying other_config default_template=true.
 */
export const destroy: Handler = (ctx) =>
  guarded(ctx, 'destroy', (vm) => {
    const expected: Expected =
      !vm.isTemplate && vm.otherConfig['default_template'] === 'true'
        ? { kind: 'failure', code: 'VM_CANNOT_DELETE_DEFAULT_TEMPLATE', params: [] }
        : succeeds(voidShape);
    if (expected.kind === 'failure') return unchanged(expected);
    return {
      expected,
      effect: (state) => {
        const destroyedVms = new Set(state.destroyedVms);
        destroyedVms.add(vm.ref);
        // Its VBDs and VIFs go with it, its VDIs stay (generic-objects.ts destroyVmObjects).
        const gone = destroyVmObjects(state, vm.ref);
        return withChange({ ...gone, vms: mapDelete(state.vms, vm.ref), destroyedVms }, 'vm', vm.ref, 'del');
      },
    };
  });
