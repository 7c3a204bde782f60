// SR.allowed_operations (xen-api ocaml/xapi/xapi_sr_operations.ml `valid_operations`): the storage
// operations the SR's driver supports (SM.capabilities of its type), minus everything while another
// operation is in progress. DEVIATION: HA, clustering and rolling-upgrade rules are left out.
import type { CallContext } from '../registry/call-context.ts';
import { mapOf, refsOf, str } from './record-values.ts';

/** SM capability → the storage operations it enables (xapi_sr_operations.ml features_of_sr). */
const BY_CAPABILITY: Readonly<Record<string, readonly string[]>> = {
  SR_SCAN: ['scan'],
  SR_UPDATE: ['update'],
  VDI_CREATE: ['vdi_create'],
  VDI_DELETE: ['vdi_destroy', 'vdi_data_destroy'],
  VDI_INTRODUCE: ['vdi_introduce'],
  VDI_RESIZE: ['vdi_resize'],
  VDI_CLONE: ['vdi_clone', 'vdi_copy'],
  VDI_SNAPSHOT: ['vdi_snapshot'],
  VDI_UPDATE: ['vdi_update'],
};

/** Operations every SR allows whatever its driver. */
const ALWAYS: readonly string[] = [
  'destroy',
  'forget',
  'plug',
  'unplug',
  'pbd_create',
  'pbd_destroy',
  'vdi_set_on_boot',
  'vdi_forget',
  'vdi_generate_config',
];

export function updateSrAllowedOperations(ctx: Pick<CallContext, 'db' | 'schema'>, sr: string): void {
  const r = ctx.db.get('SR', sr)?.record;
  if (r === undefined) return;
  const type = str(r['type']);
  const sm = [...ctx.db.all('SM')].find((m) => m.record['type'] === type)?.record;
  const caps = refsOf(sm?.['capabilities']);
  const enabled = new Set(ALWAYS);
  for (const c of caps) for (const op of BY_CAPABILITY[c] ?? []) enabled.add(op);
  // A scan is always possible on a driver that lists VDIs (xapi allows it on every SR type but udev/iso without SR_SCAN).
  if (type !== 'udev' || caps.includes('SR_SCAN')) enabled.add('scan');
  const busy = Object.keys(mapOf(r['current_operations'])).length > 0;
  const all = ctx.schema.enums.get('storage_operations') ?? [];
  const next = busy ? [] : all.filter((op) => enabled.has(op));
  const before = refsOf(r['allowed_operations']);
  if (before.length === next.length && before.every((x, i) => x === next[i])) return;
  ctx.db.update('SR', sr, { allowed_operations: next });
}
