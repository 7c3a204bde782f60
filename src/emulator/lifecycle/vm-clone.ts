// VM.clone / copy / snapshot (xen-api ocaml/xapi/xapi_vm_clone.ml `clone`, `copy_vm_record`;
// SEMANTICS.md §4 "clone, copy, snapshot"): disks first (clone or snapshot on their SR, or a full
// copy to `sr`), then the VM record (fresh uuid and ref, name_label = new_name, is_a_template kept
// for clones and set for snapshots, never a default template, a new mac_seed, default_template
// removed from other_config, the base template's name remembered), then VBDs, VIFs and the suspend
// image; the new VM starts with {task: op} in current_operations, which is then cleared and its
// power state set (Halted, or Suspended for a clone/copy of a Suspended VM).
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs } from '../../xapi/types.ts';
import { randomUUID } from 'node:crypto';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { mapOf, refsOf, str } from './record-values.ts';
import { cloneVdi } from './vdi-ops.ts';
import { copyVbd, copyVif } from './vm-devices.ts';
import { setPowerState } from './vm-power-state.ts';
import { createSuspendImage } from './vm-suspend-image.ts';
import type { PowerState } from './vm-power-rules.ts';

export type CloneKind = 'clone' | 'copy' | 'snapshot' | 'checkpoint';

/** Fields that are the set side of a relation, or runtime state the copy must not share. */
const RESET: Readonly<Record<string, XapiJs>> = {
  VBDs: [],
  VIFs: [],
  VGPUs: [],
  VTPMs: [],
  VUSBs: [],
  consoles: [],
  crash_dumps: [],
  snapshots: [],
  children: [],
  attached_PCIs: [],
  groups: [],
  allowed_operations: [],
  blocked_operations: {},
  transportable_snapshot_id: '',
  resident_on: NULL_REF,
  scheduled_to_be_resident_on: NULL_REF,
  suspend_VDI: NULL_REF,
  domid: -1,
  domarch: '',
  blobs: {},
  ha_always_run: false,
  protection_policy: NULL_REF,
  is_snapshot_from_vmpp: false,
  snapshot_schedule: NULL_REF,
  appliance: NULL_REF,
  start_delay: 0,
  shutdown_delay: 0,
  order: 0,
  suspend_SR: NULL_REF,
  version: 0,
  requires_reboot: false,
  pending_guidances: [],
  recommended_guidances: [],
  pending_guidances_recommended: [],
  pending_guidances_full: [],
  is_default_template: false,
};

export interface CloneOptions {
  readonly kind: CloneKind;
  readonly newName: string;
  /** VM.copy's SR; null → each disk is copied within its own SR. */
  readonly sr?: string;
  /** VM.snapshot's ignore_vdis. */
  readonly ignoreVdis?: readonly string[];
}

export async function cloneVm(
  ctx: MessageContext,
  b: Behaviour,
  vm: string,
  o: CloneOptions,
): Promise<string> {
  const src = ctx.get('VM', vm).record;
  const isSnapshot = o.kind === 'snapshot' || o.kind === 'checkpoint';
  const power = str(src['power_state']);
  // xapi_vm_clone.ml clone: a checkpoint of a Running or Suspended VM, and a clone or copy of a
  // Suspended one, are Suspended; everything else starts Halted.
  const newPower: PowerState =
    (o.kind === 'checkpoint' && (power === 'Running' || power === 'Suspended')) ||
    ((o.kind === 'clone' || o.kind === 'copy') && power === 'Suspended')
      ? 'Suspended'
      : 'Halted';

  // Disks first (safe_clone_disks); CD drives keep their ISO.
  const vbds = refsOf(src['VBDs'])
    .map((ref) => ctx.db.get('VBD', ref)?.record)
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .filter((r) => !isSnapshot || !(o.ignoreVdis ?? []).includes(str(r['VDI'])));
  const disks: { vbd: (typeof vbds)[number]; vdi: string }[] = [];
  for (const [i, vbd] of vbds.entries()) {
    const vdi = str(vbd['VDI']);
    const isDisk =
      str(vbd['type']) === 'Disk' && vbd['empty'] !== true && ctx.db.get('VDI', vdi) !== undefined;
    if (isDisk) {
      const sr = o.kind === 'copy' && o.sr !== undefined && o.sr !== NULL_REF ? o.sr : undefined;
      disks.push({ vbd, vdi: cloneVdi(ctx, vdi, o.kind === 'checkpoint' ? 'snapshot' : o.kind, sr) });
    } else {
      disks.push({ vbd, vdi });
    }
    await b.tasks.work(
      ctx,
      `VM.${o.kind}`,
      (0.8 * i) / Math.max(1, vbds.length),
      (0.8 * (i + 1)) / Math.max(1, vbds.length),
    );
  }

  let otherConfig: Record<string, XapiJs> = { ...mapOf(src['other_config']) };
  if (!isSnapshot) otherConfig['mac_seed'] = randomUUID();
  delete otherConfig['default_template'];
  delete otherConfig['xensource_internal'];
  if (src['is_a_template'] === true && !('base_template_name' in otherConfig)) {
    otherConfig = { base_template_name: str(src['name_label']), ...otherConfig };
  }

  // copy_metrics: the new VM gets its own copy of the source's metrics record.
  const metrics = newRef<'VM_metrics'>();
  const srcMetrics = ctx.db.get('VM_metrics', str(src['metrics']))?.record ?? {};
  ctx.db.insert(
    'VM_metrics',
    metrics,
    ctx.completeRecord('VM_metrics', { ...srcMetrics, uuid: randomUUID() }),
  );

  const now = ctx.clock.now();
  const ref = newRef<'VM'>();
  ctx.db.insert(
    'VM',
    ref,
    ctx.completeRecord('VM', {
      ...src,
      ...RESET,
      uuid: randomUUID(),
      name_label: o.newName,
      power_state: newPower,
      current_operations: { [ctx.task ?? '']: o.kind },
      is_a_template: isSnapshot || src['is_a_template'] === true,
      is_a_snapshot: isSnapshot,
      snapshot_of: isSnapshot ? vm : NULL_REF,
      snapshot_time: isSnapshot ? now : new Date(0),
      snapshot_info: isSnapshot
        ? { 'disk-snapshot-type': 'crash_consistent', 'power-state-at-snapshot': power }
        : {},
      snapshot_metadata: '',
      parent: isSnapshot ? (src['parent'] ?? NULL_REF) : NULL_REF,
      other_config: otherConfig,
      metrics,
      guest_metrics: NULL_REF,
      is_vmss_snapshot: false,
      generation_id:
        src['generation_id'] === '' ? '' : `${Date.now()}:${Math.floor(Math.random() * 2 ** 31)}`,
    }),
  );
  // The `clone-forgets-devices` fault: VM.clone copies neither the VBDs nor the VIFs.
  const forget = o.kind === 'clone' && ctx.faults.has('clone-forgets-devices');
  for (const d of forget ? [] : disks) {
    const vbd = copyVbd(ctx, d.vbd, ref, d.vdi);
    if (str(d.vbd['type']) === 'Disk') {
      const oc = mapOf(ctx.db.get('VBD', vbd)?.record['other_config']);
      if (!('owner' in oc)) ctx.db.update('VBD', vbd, { other_config: { ...oc, owner: '' } });
    }
  }
  for (const vif of forget ? [] : refsOf(src['VIFs'])) {
    const r = ctx.db.get('VIF', vif)?.record;
    if (r !== undefined) copyVif(ctx, r, ref, isSnapshot);
  }
  // The memory image: a clone or copy of a Suspended VM, and a checkpoint of a Suspended one, clone its
  // suspend VDI; a checkpoint of a Running VM saves the memory into a new one; snapshots have none.
  const suspendVdi = str(src['suspend_VDI']);
  const hasImage =
    suspendVdi !== '' && suspendVdi !== NULL_REF && ctx.db.get('VDI', suspendVdi) !== undefined;
  if (o.kind !== 'snapshot' && hasImage) {
    ctx.db.update('VM', ref, {
      suspend_VDI: cloneVdi(ctx, suspendVdi, o.kind === 'checkpoint' ? 'snapshot' : o.kind),
    });
  } else if (o.kind === 'checkpoint' && power === 'Running') {
    createSuspendImage(ctx, ref);
  }
  if (isSnapshot) ctx.db.update('VM', vm, { parent: ref });

  ctx.db.update('VM', ref, { current_operations: {} });
  setPowerState(ctx, b, ref, newPower);
  await b.tasks.work(ctx, `VM.${o.kind}`, 0.8, 0.99);
  return ref;
}
