// A VM's devices, counted (issue 17 item 4): what clone, snapshot and provision do to VBDs and VIFs.
// - clone / snapshot (xen-api ocaml/xapi/xapi_vm_clone.ml `clone`, ~l.424-500): every VBD of the source is
//   copied to the new VM (its disk cloned, a CD keeping its ISO; snapshot's ignore_vdis aside, which the
//   harness never passes) and every VIF is copied ("copy VIFs", Xapi_vif_helpers.copy).
// - provision (xapi_templates.ml `pre_install` → `create_disk`, ~l.126-154): one VDI and one VBD per <disk>
//   of other_config "disks"; a failure destroys what it made, so the count is unchanged then.
// - destroy removes the VM's VBDs and VIFs with it (xapi_vm_helpers.ml destroy; SEMANTICS.md §4).
// Counts are known only from a record the model read (adoption) or from what it predicted since.
import type { Shape } from './expected.ts';

export interface VmDevices {
  readonly vbds: number;
  readonly vifs: number;
}

/** The device counts of a VM record as the target returned it, when it lists both. */
export function devicesOfRecord(rec: Readonly<Record<string, unknown>>): VmDevices | undefined {
  const vbds = rec['VBDs'];
  const vifs = rec['VIFs'];
  if (!Array.isArray(vbds) || !Array.isArray(vifs)) return undefined;
  return { vbds: vbds.length, vifs: vifs.length };
}

/** After a successful provision of a VM with `disks` disks. */
export function withProvisionedDisks(d: VmDevices | undefined, disks: number): VmDevices | undefined {
  return d === undefined ? undefined : { ...d, vbds: d.vbds + disks };
}

/** After a successful VIF.create on the VM. */
export function withOneMoreVif(d: VmDevices | undefined): VmDevices | undefined {
  return d === undefined ? undefined : { ...d, vifs: d.vifs + 1 };
}

/** Record fields that must hold exactly the known number of devices. */
export function devicesShape(d: VmDevices | undefined): Record<string, Shape> {
  if (d === undefined) return {};
  return { VBDs: { kind: 'count', n: d.vbds }, VIFs: { kind: 'count', n: d.vifs } };
}
