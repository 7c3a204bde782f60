// A VM's power-state change and what follows it (xen-api ocaml/xapi/xapi_vm_lifecycle.ml
// `force_state_reset_keep_current_operations`, xapi_xenops.ml's metrics updates; SEMANTICS.md §4):
// - Halted: every VBD and VIF is detached, requires_reboot cleared;
// - Halted or Suspended: resident_on and scheduled_to_be_resident_on become null, domid -1;
// - from Halted/Suspended to Running/Paused: the VM gets a domain (fresh domid, resident on the
//   host), its plugged devices attach, VM_metrics record the start time, memory and VCPUs;
// - the guest agent reports VM_guest_metrics once the domain boots (lifecycle/vm-guest-metrics.ts);
// - host_metrics.memory_free follows the memory of running domains;
// - allowed_operations is recomputed (unless the stale-allowed-operations fault is on).
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { num, refsOf, str } from './record-values.ts';
import { updateVdiAllowedOperations } from './vdi-ops.ts';
import { updateVmAllowedOperations } from './vm-allowed-operations.ts';
import { removeGuestMetrics, reportGuestMetrics } from './vm-guest-metrics.ts';
import type { PowerState } from './vm-power-rules.ts';

const LIVE: ReadonlySet<string> = new Set(['Running', 'Paused']);

/** The memory a running domain holds (memory_target when set, else dynamic max). */
export function domainMemory(vm: Readonly<Record<string, unknown>>): number {
  const target = typeof vm['memory_target'] === 'number' ? vm['memory_target'] : 0;
  const dynMax = typeof vm['memory_dynamic_max'] === 'number' ? vm['memory_dynamic_max'] : 0;
  return target > 0 ? target : dynMax;
}

function hostMetricsOf(ctx: MessageContext, host: string = ctx.host.host): string | undefined {
  const m = ctx.db.get('host', host)?.record['metrics'];
  return typeof m === 'string' && ctx.db.get('host_metrics', m) !== undefined ? m : undefined;
}

function adjustHostMemory(ctx: MessageContext, delta: number, host: string): void {
  const hm = hostMetricsOf(ctx, host);
  if (hm === undefined || delta === 0) return;
  const rec = ctx.db.get('host_metrics', hm)!.record;
  ctx.db.update('host_metrics', hm, {
    memory_free: Math.max(0, num(rec['memory_free']) + delta),
    last_updated: ctx.clock.now(),
  });
}

/** The VM's VM_metrics ref, creating the record when the VM has none (VM.create makes one in xapi). */
export function ensureVmMetrics(ctx: MessageContext, vm: string): string {
  const rec = ctx.get('VM', vm).record;
  const m = str(rec['metrics']);
  if (m !== '' && ctx.db.get('VM_metrics', m) !== undefined) return m;
  const ref = newRef<'VM_metrics'>();
  ctx.db.insert(
    'VM_metrics',
    ref,
    ctx.completeRecord('VM_metrics', {
      uuid: randomUUID(),
      install_time: ctx.clock.now(),
      last_updated: ctx.clock.now(),
    }),
  );
  ctx.db.update('VM', vm, { metrics: ref });
  return ref;
}

export interface PowerChangeOptions {
  /** A new domain even when the VM is already live (reboots). */
  readonly newDomain?: boolean;
  /** The host the new domain runs on (placement, start_on, migration); default: where it resides, else this host. */
  readonly host?: string;
}

export function setPowerState(
  ctx: MessageContext,
  b: Behaviour,
  vm: string,
  state: PowerState,
  o: PowerChangeOptions = {},
): void {
  const rec = ctx.get('VM', vm).record;
  const prev = str(rec['power_state']);
  const now = ctx.clock.now();
  const wasLive = LIVE.has(prev);
  const isLive = LIVE.has(state);
  const memory = domainMemory(rec);
  const patch: Record<string, import('../../xapi/types.ts').XapiJs> = { power_state: state };

  if (state === 'Halted') {
    for (const vbd of refsOf(rec['VBDs'])) {
      if (ctx.db.get('VBD', vbd) !== undefined) ctx.db.update('VBD', vbd, { currently_attached: false });
    }
    for (const vif of refsOf(rec['VIFs'])) {
      if (ctx.db.get('VIF', vif) !== undefined) ctx.db.update('VIF', vif, { currently_attached: false });
    }
    patch['requires_reboot'] = false;
  }
  if (state === 'Halted' || state === 'Suspended') {
    patch['resident_on'] = NULL_REF;
    patch['scheduled_to_be_resident_on'] = NULL_REF;
    patch['domid'] = -1;
  }
  const boots = isLive && (!wasLive || o.newDomain === true);
  // docs/SEMANTICS.md §11: a domain runs on the host placement chose; a reboot stays where it was.
  const resident = str(rec['resident_on']);
  const residentHere = resident !== '' && resident !== NULL_REF && ctx.db.get('host', resident) !== undefined;
  const target = o.host ?? (wasLive && residentHere ? resident : ctx.host.host);
  const from = residentHere ? resident : ctx.host.host;
  if (boots) {
    patch['resident_on'] = target;
    patch['domid'] = b.allocateDomid();
    for (const vbd of refsOf(rec['VBDs'])) {
      const r = ctx.db.get('VBD', vbd)?.record;
      if (r !== undefined && r['empty'] !== true) ctx.db.update('VBD', vbd, { currently_attached: true });
    }
    for (const vif of refsOf(rec['VIFs'])) {
      if (ctx.db.get('VIF', vif) !== undefined) ctx.db.update('VIF', vif, { currently_attached: true });
    }
  }
  ctx.db.update('VM', vm, patch);

  const metrics = ensureVmMetrics(ctx, vm);
  if (boots) {
    const vcpus = Math.max(1, num(rec['VCPUs_at_startup']));
    ctx.db.update('VM_metrics', metrics, {
      memory_actual: memory,
      VCPUs_number: vcpus,
      VCPUs_utilisation: Object.fromEntries(Array.from({ length: vcpus }, (_, i) => [String(i), 0])),
      VCPUs_CPU: Object.fromEntries(Array.from({ length: vcpus }, (_, i) => [String(i), i])),
      state: [],
      start_time: now,
      last_updated: now,
      hvm: str(rec['domain_type']) === 'hvm',
      current_domain_type: str(rec['domain_type']) === '' ? 'unspecified' : str(rec['domain_type']),
    });
  } else if (wasLive && !isLive) {
    ctx.db.update('VM_metrics', metrics, {
      memory_actual: 0,
      VCPUs_number: 0,
      VCPUs_utilisation: {},
      VCPUs_CPU: {},
      last_updated: now,
      current_domain_type: 'unspecified',
    });
  }
  // Attached VDIs cannot be destroyed or resized: their allowed_operations follow the VBDs.
  if (boots || state === 'Halted') {
    for (const vbd of refsOf(rec['VBDs'])) {
      const vdi = str(ctx.db.get('VBD', vbd)?.record['VDI']);
      if (ctx.db.get('VDI', vdi) !== undefined) updateVdiAllowedOperations(ctx, vdi);
    }
  }
  if (boots) reportGuestMetrics(ctx, vm);
  if (state === 'Halted') removeGuestMetrics(ctx, vm);
  if (!wasLive && isLive) adjustHostMemory(ctx, -memory, target);
  if (wasLive && !isLive) adjustHostMemory(ctx, memory, from);
  if (wasLive && isLive && target !== from) {
    // A migration: the memory moves with the domain.
    adjustHostMemory(ctx, memory, from);
    adjustHostMemory(ctx, -memory, target);
  }
  if (!ctx.faults.has('stale-allowed-operations'))
    updateVmAllowedOperations(ctx.db, ctx.schema, vm, ctx.faults);
}
