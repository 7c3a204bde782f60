// VDIs and their SR's accounting (xen-api ocaml/xapi/xapi_vdi.ml, storage_access.ml; SEMANTICS.md §4
// clone/copy/provision). The emulated SM allocates thin (VHD) on file-based SRs and thick on LVM
// ones (sm_config allocation=thick), so physical_utilisation is what a host would report after a
// fresh create; virtual_allocation is the sum of the VDIs' virtual sizes.
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs } from '../../xapi/types.ts';
import { randomUUID } from 'node:crypto';
import { fail } from '../dispatch/xapi-error.ts';
import type { MessageContext } from '../registry/message-context.ts';
import { mapOf, num, refsOf, str } from './record-values.ts';

/** The VHD header and metadata of an empty thin VDI (bytes). */
const THIN_FLOOR = 4 * 1024 * 1024;

function isThick(ctx: MessageContext, sr: string): boolean {
  return str(mapOf(ctx.db.get('SR', sr)?.record['sm_config'])['allocation']) === 'thick';
}

/** Recomputes SR.virtual_allocation and physical_utilisation from its VDIs (SR.scan does too). */
export function refreshSrUsage(ctx: MessageContext, sr: string): void {
  const obj = ctx.db.get('SR', sr);
  if (obj === undefined) return;
  let virtual = 0;
  let physical = 0;
  for (const vdi of refsOf(obj.record['VDIs'])) {
    const r = ctx.db.get('VDI', vdi)?.record;
    if (r === undefined) continue;
    virtual += num(r['virtual_size']);
    physical += num(r['physical_utilisation']);
  }
  if (
    num(obj.record['virtual_allocation']) !== virtual ||
    num(obj.record['physical_utilisation']) !== physical
  ) {
    ctx.db.update('SR', sr, { virtual_allocation: virtual, physical_utilisation: physical });
  }
}

/** VDI.allowed_operations. DEVIATION: a reduced form of xapi_vdi.ml check_operation_error (no CBT, HA, mirror rules). */
export function updateVdiAllowedOperations(ctx: MessageContext, vdi: string): void {
  const obj = ctx.db.get('VDI', vdi);
  if (obj === undefined) return;
  const r = obj.record;
  const attached = refsOf(r['VBDs']).some((v) => ctx.db.get('VBD', v)?.record['currently_attached'] === true);
  const busy = Object.keys(mapOf(r['current_operations'])).length > 0;
  const readOnlySr = str(ctx.db.get('SR', str(r['SR']))?.record['content_type']) === 'iso';
  const out: string[] = [];
  for (const op of ctx.schema.enums.get('vdi_operations') ?? []) {
    if (busy) continue;
    if (
      [
        'mirror',
        'revert_to',
        'revert_from',
        'blocked',
        'resize_online',
        'list_changed_blocks',
        'data_destroy',
        'disable_cbt',
      ].includes(op)
    )
      continue;
    if (attached && ['destroy', 'forget', 'resize', 'set_on_boot', 'enable_cbt'].includes(op)) continue;
    if (readOnlySr && ['clone', 'snapshot', 'resize', 'enable_cbt'].includes(op)) continue;
    out.push(op);
  }
  ctx.db.update('VDI', vdi, { allowed_operations: out });
}

export interface NewVdi {
  readonly name_label: string;
  readonly name_description?: string;
  readonly SR: string;
  readonly virtual_size: number;
  readonly type?: string;
  readonly sharable?: boolean;
  readonly read_only?: boolean;
  readonly other_config?: Readonly<Record<string, XapiJs>>;
  readonly sm_config?: Readonly<Record<string, XapiJs>>;
  readonly xenstore_data?: Readonly<Record<string, XapiJs>>;
  readonly tags?: readonly XapiJs[];
  readonly is_a_snapshot?: boolean;
  readonly snapshot_of?: string;
}

/**
 * VDI.create: the SR must exist and be attached to the host. Out of space is the storage driver's
 * failure, SR_BACKEND_FAILURE_44 ["", "There is insufficient space", ""] (xen-api ocaml/xapi/sm_exec.ml
 * turns the SM's XML-RPC fault <code, reason> into SR_BACKEND_FAILURE_<code> [""; reason; stderr]; SM's
 * code 44 is SRNoSpace): xapi declares SR_FULL but never raises it on this path (SEMANTICS.md §4).
 */
export function createVdi(ctx: MessageContext, v: NewVdi): string {
  const sr = ctx.get('SR', v.SR);
  if (v.virtual_size < 0) fail('INVALID_VALUE', 'virtual_size', String(v.virtual_size));
  const thick = isThick(ctx, v.SR);
  const physical = thick ? v.virtual_size : Math.min(v.virtual_size, THIN_FLOOR);
  const size = num(sr.record['physical_size']);
  if (size > 0 && num(sr.record['physical_utilisation']) + physical > size) {
    // SR_BACKEND_FAILURE_<n> names come from the storage backend, not from the catalogue.
    throw new XapiFailure('SR_BACKEND_FAILURE_44', ['', 'There is insufficient space', '']);
  }
  const ref = newRef<'VDI'>();
  const uuid = randomUUID();
  const now = ctx.clock.now();
  ctx.db.insert(
    'VDI',
    ref,
    ctx.completeRecord('VDI', {
      uuid,
      name_label: v.name_label,
      name_description: v.name_description ?? '',
      SR: v.SR,
      virtual_size: v.virtual_size,
      physical_utilisation: physical,
      type: v.type ?? 'user',
      sharable: v.sharable ?? false,
      read_only: v.read_only ?? false,
      other_config: v.other_config ?? {},
      sm_config: { ...(v.sm_config ?? {}), ...(thick ? {} : { vdi_type: 'vhd' }) },
      xenstore_data: v.xenstore_data ?? {},
      tags: v.tags ?? [],
      location: uuid,
      managed: true,
      missing: false,
      storage_lock: false,
      parent: NULL_REF,
      is_a_snapshot: v.is_a_snapshot ?? false,
      snapshot_of: v.snapshot_of ?? NULL_REF,
      snapshot_time: v.is_a_snapshot === true ? now : new Date(0),
      on_boot: 'persist',
      allow_caching: false,
      metadata_of_pool: NULL_REF,
      cbt_enabled: false,
    }),
  );
  updateVdiAllowedOperations(ctx, ref);
  refreshSrUsage(ctx, v.SR);
  return ref;
}

/** VDI.destroy: VDI_IN_USE [vdi, op] while a VBD has it attached (xapi_vdi.ml check_operation_error). */
export function destroyVdi(ctx: MessageContext, vdi: string): void {
  const r = ctx.get('VDI', vdi).record;
  const attached = refsOf(r['VBDs']).some((v) => ctx.db.get('VBD', v)?.record['currently_attached'] === true);
  if (attached) fail('VDI_IN_USE', vdi, 'destroy');
  const sr = str(r['SR']);
  // VBDs pointing at a destroyed VDI stay, pointing at a missing object, as on xapi.
  ctx.db.remove('VDI', vdi);
  refreshSrUsage(ctx, sr);
}

/** VDI.clone / snapshot / copy: a new VDI with the same size and content, in `sr` (default: same SR). */
export function cloneVdi(
  ctx: MessageContext,
  vdi: string,
  how: 'clone' | 'snapshot' | 'copy',
  sr?: string,
): string {
  const r = ctx.get('VDI', vdi).record;
  const target = sr ?? str(r['SR']);
  if (how === 'copy') {
    const t = ctx.get('SR', target).record;
    if (str(t['content_type']) === 'iso')
      fail('OPERATION_NOT_ALLOWED', "Cannot copy a VM's disks to an ISO SR");
  }
  return createVdi(ctx, {
    name_label: str(r['name_label']),
    name_description: str(r['name_description']),
    SR: target,
    virtual_size: num(r['virtual_size']),
    type: str(r['type']),
    sharable: r['sharable'] === true,
    read_only: r['read_only'] === true,
    other_config: mapOf(r['other_config']),
    sm_config: how === 'copy' ? {} : mapOf(r['sm_config']),
    xenstore_data: mapOf(r['xenstore_data']),
    tags: Array.isArray(r['tags']) ? (r['tags'] as readonly XapiJs[]) : [],
    ...(how === 'snapshot' ? { is_a_snapshot: true, snapshot_of: vdi } : {}),
  });
}
