// VM.revert (xen-api message_forwarding.ml VM.revert, xapi_vm_snapshot.ml revert): under the
// snapshot's `revert` operation and the VM's `reverting` one, a VM that is not Halted loses its domain
// first; then its configuration, disks (clones of the snapshot's, replacing the disks it owned) and
// VIFs are those of the snapshot, the snapshot becomes its parent, and it takes the snapshot's power
// state (Suspended for a checkpoint, with a clone of its memory image).
import { NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs } from '../../xapi/types.ts';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { mapOf, refsOf, str } from './record-values.ts';
import { cloneVdi, destroyVdi } from './vdi-ops.ts';
import { copyVbd, copyVif, removeDevice } from './vm-devices.ts';
import { setPowerState } from './vm-power-state.ts';
import { destroySuspendImage } from './vm-suspend-image.ts';

/** The configuration a revert brings back (xapi_vm_snapshot.ml revert_vm_fields keeps identity fields). */
const REVERTED: readonly string[] = [
  'name_description',
  'user_version',
  'memory_overhead',
  'memory_target',
  'memory_static_max',
  'memory_dynamic_max',
  'memory_dynamic_min',
  'memory_static_min',
  'VCPUs_params',
  'VCPUs_max',
  'VCPUs_at_startup',
  'actions_after_shutdown',
  'actions_after_reboot',
  'actions_after_crash',
  'PV_bootloader',
  'PV_kernel',
  'PV_ramdisk',
  'PV_args',
  'PV_bootloader_args',
  'PV_legacy_args',
  'HVM_boot_policy',
  'HVM_boot_params',
  'HVM_shadow_multiplier',
  'platform',
  'PCI_bus',
  'other_config',
  'recommendations',
  'xenstore_data',
  'bios_strings',
  'has_vendor_device',
  'domain_type',
  'NVRAM',
];

export async function revertVm(
  ctx: MessageContext,
  b: Behaviour,
  snapshot: string,
  vm: string,
): Promise<void> {
  const snap = ctx.get('VM', snapshot).record;
  const rec = ctx.get('VM', vm).record;
  const power = str(rec['power_state']);
  if (power === 'Suspended') destroySuspendImage(ctx, vm);
  if (power !== 'Halted') setPowerState(ctx, b, vm, 'Halted');
  await b.tasks.work(ctx, 'VM.revert', 0, 0.5);

  const patch: Record<string, XapiJs> = {};
  for (const f of REVERTED) {
    const v = snap[f];
    if (v !== undefined) patch[f] = v;
  }
  ctx.db.update('VM', vm, { ...patch, parent: snapshot });

  // Disks the VM owns go (the clone's VBDs carry other_config owner); shared ones stay.
  for (const vbd of refsOf(ctx.get('VM', vm).record['VBDs'])) {
    const r = ctx.db.get('VBD', vbd)?.record;
    if (r === undefined) continue;
    const vdi = str(r['VDI']);
    const owned = 'owner' in mapOf(r['other_config']) && str(r['type']) === 'Disk';
    removeDevice(ctx, 'VBD', vbd);
    if (
      owned &&
      ctx.db.get('VDI', vdi) !== undefined &&
      refsOf(ctx.db.get('VDI', vdi)?.record['VBDs']).length === 0
    ) {
      destroyVdi(ctx, vdi);
    }
  }
  for (const vbd of refsOf(snap['VBDs'])) {
    const r = ctx.db.get('VBD', vbd)?.record;
    if (r === undefined) continue;
    const vdi = str(r['VDI']);
    const isDisk = str(r['type']) === 'Disk' && r['empty'] !== true && ctx.db.get('VDI', vdi) !== undefined;
    copyVbd(ctx, r, vm, isDisk ? cloneVdi(ctx, vdi, 'clone') : vdi);
  }
  for (const vif of refsOf(ctx.get('VM', vm).record['VIFs'])) removeDevice(ctx, 'VIF', vif);
  for (const vif of refsOf(snap['VIFs'])) {
    const r = ctx.db.get('VIF', vif)?.record;
    if (r !== undefined) copyVif(ctx, r, vm, true);
  }

  const target = str(snap['power_state']) === 'Suspended' ? 'Suspended' : 'Halted';
  const image = str(snap['suspend_VDI']);
  if (
    target === 'Suspended' &&
    image !== '' &&
    image !== NULL_REF &&
    ctx.db.get('VDI', image) !== undefined
  ) {
    ctx.db.update('VM', vm, { suspend_VDI: cloneVdi(ctx, image, 'clone') });
  }
  setPowerState(ctx, b, vm, target);
  await b.tasks.work(ctx, 'VM.revert', 0.5, 0.99);
}
