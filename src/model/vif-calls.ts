// VIF.create on one of the harness's VMs (xen-api ocaml/xapi/xapi_vif.ml create, xapi_vif_helpers.ml create;
// SEMANTICS.md §4 "Devices and storage"): a fresh VIF ref, and the VM then lists one more VIF (vm-devices.ts),
// which a clone or snapshot of it copies. The harness gives a device number the VM allows and a network that
// exists (read from the target), so the call must succeed.
import { refShape, succeeds, unpredictable } from './expected.ts';
import type { Handler } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { updateVm, withVm } from './vm-access.ts';
import { withOneMoreVif } from './vm-devices.ts';
import { vmBusy } from './vm-records.ts';

export const createVif: Handler = (ctx) => {
  const rec = ctx.params[0];
  const vmRef = typeof rec === 'object' && rec !== null ? (rec as Record<string, unknown>)['VM'] : undefined;
  return withVm(ctx, vmRef, (vm) => {
    if (!vm.owned) return unchanged(unpredictable('a VIF on a VM the harness does not own'));
    if (vmBusy(ctx.state, vm.ref)) return unchanged(unpredictable('an Async task is running on this VM'));
    return {
      expected: succeeds(refShape('VIF')),
      effect: (state, observed) => {
        if (!observed.ok) return state;
        return updateVm(state, vm.ref, (v) => {
          const devices = withOneMoreVif(v.devices);
          return devices === undefined ? v : { ...v, devices };
        });
      },
    };
  });
};
