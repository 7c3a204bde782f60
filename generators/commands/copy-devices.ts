// What clone, snapshot and destroy do to a VM's devices, on every case (issue 17 item 4): a ready VM (cloned
// from a template and provisioned: its disks exist, SEMANTICS.md §4 "Provision"), often with a VIF added on a
// network of the host (VIF.create, src/model/vif-calls.ts), then a clone or a snapshot of
// it, whose record must list as many VBDs and VIFs as the source (every VBD and VIF is copied: xapi_vm_clone.ml
// clone; src/model/vm-devices.ts); then its VBDs and their VDIs are read, the copy destroyed, and the VBDs
// must be gone while the VDIs stay (xapi_vm_helpers.ml destroy; SEMANTICS.md §4 "Destroy").
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { tagVm } from '../../src/harness/tagging.ts';
import { command } from '../command.ts';
import { readyVm } from '../ready-vm.ts';

/** A VIF on `vm`: the first device number it allows, on the first network (both read, not model-checked). */
async function addVif(d: Driver, vm: string): Promise<void> {
  const devices = await d.unchecked('VM.get_allowed_VIF_devices', [d.session, vm]);
  const networks = await d.unchecked('network.get_all', [d.session]);
  const device = refs(devices.ok ? devices.value : undefined)[0];
  const network = refs(networks.ok ? networks.value : undefined)[0];
  if (device === undefined || network === undefined) return;
  await d.call('VIF.create', [
    d.session,
    {
      device,
      network,
      VM: vm,
      MAC: '',
      MTU: 1500,
      other_config: {},
      qos_algorithm_type: '',
      qos_algorithm_params: {},
    },
  ]);
}

function refs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function field(v: unknown, name: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[name] : undefined;
}

export const copyDevicesCommand = fc
  // withVif and withVdis shrink to false: a counterexample keeps them only when they matter (issue 17 item 5).
  .tuple(fc.nat(), fc.constantFrom('clone', 'snapshot'), fc.nat({ max: 999 }), fc.boolean(), fc.boolean())
  .map(([i, kind, n, withVif, withVdis]) =>
    command(
      `new VM from template #${i}${withVif ? ' with a VIF' : ''}, ${kind} it, read the copy's devices${withVdis ? ' and disks' : ''}, destroy the copy`,
      (d) => d.templates().some((t) => !t.owned),
      async (d) => {
        const vm = await readyVm(d, i, `harness-src-${n}`);
        if (vm === undefined) return;
        if (withVif) await addVif(d, vm);
        const o = await d.call(`VM.${kind}`, [d.session, vm, `harness-${kind}-${n}`]);
        if (!o.ok || typeof o.value !== 'string') return;
        const copy = o.value;
        await tagVm(d, copy);
        // Its VBDs and VIFs, counted against the source's by the model.
        const rec = await d.call('VM.get_record', [d.session, copy]);
        if (!rec.ok) return;
        const vbds = refs(field(rec.value, 'VBDs'));
        const vifs = refs(field(rec.value, 'VIFs'));
        for (const vif of vifs) await d.call('VIF.get_record', [d.session, vif]);
        const vdis: string[] = [];
        for (const vbd of vbds) {
          const r = await d.call('VBD.get_record', [d.session, vbd]);
          const vdi = r.ok ? field(r.value, 'VDI') : undefined;
          if (withVdis && field(r.ok ? r.value : undefined, 'type') === 'Disk' && typeof vdi === 'string')
            vdis.push(vdi);
        }
        for (const vdi of vdis) await d.call('VDI.get_record', [d.session, vdi]);
        const gone = await d.call('VM.destroy', [d.session, copy]);
        if (!gone.ok) return;
        for (const vbd of vbds) await d.call('VBD.get_record', [d.session, vbd]);
        for (const vif of vifs) await d.call('VIF.get_record', [d.session, vif]);
        for (const vdi of vdis) await d.call('VDI.get_record', [d.session, vdi]);
      },
    ),
  );
