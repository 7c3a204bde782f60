// What the guest agent of a booted VM reports (xen-api VM_guest_metrics, written by xapi_guest_agent.ml
// from xenstore): by default the emulated guest runs up-to-date PV drivers, advertises the usual features and
// has one IPv4 address per VIF, derived from its MAC so that it is stable across reboots. The record
// is created when the domain boots and removed when the VM halts.
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import type { MessageContext } from '../registry/message-context.ts';
import { mapOf, refsOf, str } from './record-values.ts';

/** 10.x.y.z from the last three bytes of the MAC (z never 0 or 255). */
function ipOfMac(mac: string): string {
  const b = mac.split(/[:-]/).map((h) => parseInt(h, 16) || 0);
  const z = ((b[5] ?? 0) % 253) + 1;
  return `10.${b[3] ?? 0}.${b[4] ?? 0}.${z}`;
}

export function reportGuestMetrics(ctx: MessageContext, vm: string): void {
  // --guests no-drivers: no guest agent runs, so nothing writes the guest's xenstore keys and xapi
  // (xapi_guest_agent.ml) creates no VM_guest_metrics: check_op_for_feature then finds no PV drivers
  // and no features (SEMANTICS.md §10).
  if (ctx.behaviour.env.guests === 'no-drivers') return;
  const rec = ctx.get('VM', vm).record;
  const networks: Record<string, string> = {};
  for (const vif of refsOf(rec['VIFs'])) {
    const r = ctx.db.get('VIF', vif)?.record;
    if (r === undefined) continue;
    const ip = ipOfMac(str(r['MAC']));
    const dev = str(r['device']);
    networks[`${dev}/ip`] = ip;
    networks[`${dev}/ipv4/0`] = ip;
  }
  const base = str(mapOf(rec['other_config'])['base_template_name']) || str(rec['name_label']);
  const now = ctx.clock.now();
  const fields = {
    os_version: { name: base, distro: base.split(' ')[0]?.toLowerCase() ?? '', uname: '6.1.0-28-amd64' },
    PV_drivers_version: { major: '9', minor: '4', micro: '0', build: '1' },
    PV_drivers_up_to_date: true,
    PV_drivers_detected: true,
    networks,
    memory: {},
    disks: {},
    other: {
      'feature-shutdown': '1',
      'feature-poweroff': '1',
      'feature-reboot': '1',
      'feature-suspend': '1',
      'feature-vcpu-hotplug': '1',
      'has-vendor-device': rec['has_vendor_device'] === true ? '1' : '0',
    },
    live: true,
    can_use_hotplug_vbd: 'yes',
    can_use_hotplug_vif: 'yes',
    last_updated: now,
  };
  const current = str(rec['guest_metrics']);
  if (current !== '' && current !== NULL_REF && ctx.db.get('VM_guest_metrics', current) !== undefined) {
    ctx.db.update('VM_guest_metrics', current, fields);
    return;
  }
  const ref = newRef<'VM_guest_metrics'>();
  ctx.db.insert(
    'VM_guest_metrics',
    ref,
    ctx.completeRecord('VM_guest_metrics', { ...fields, uuid: randomUUID(), other_config: {} }),
  );
  ctx.db.update('VM', vm, { guest_metrics: ref });
}

export function removeGuestMetrics(ctx: MessageContext, vm: string): void {
  const gm = str(ctx.db.get('VM', vm)?.record['guest_metrics']);
  if (gm === '' || gm === NULL_REF) return;
  if (ctx.db.get('VM_guest_metrics', gm) !== undefined) ctx.db.remove('VM_guest_metrics', gm);
  ctx.db.update('VM', vm, { guest_metrics: NULL_REF });
}
