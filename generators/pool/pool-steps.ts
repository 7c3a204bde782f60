// Steps of the pool suite (docs/SEMANTICS.md §11): read the pool into the model's PoolView, make a VM with its
// disk on a chosen SR, and call a pool message with the outcome the model's pool rules predict. Calls that
// the per-call model does not cover go through Driver.unchecked (recorded in the trace) and are checked here
// against src/model/pool; a mismatch is a contract violation on that step.
import type { XapiClient } from '../../src/client/index.ts';
import type { Driver } from '../../src/harness/driver.ts';
import { tagVm } from '../../src/harness/tagging.ts';
import type { Expected, Observed, PoolHost, PoolView } from '../../src/model/index.ts';
import {
  check,
  environmentalOutcome,
  expectedToString,
  observedToString,
  POOL_VIEW_CLASSES,
  poolViewFromRecords,
} from '../../src/model/index.ts';
import type { WireValue } from '../../src/wire/value.ts';

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Classes whose records change with VM and host operations; the others only when a VM is made (the pool record: only through designate_new_master, which the coordinator case reads itself). */
const LIVE_CLASSES = ['host', 'host_metrics', 'VM'] as const;

/** The last full read per driver: storage records (VBD, VDI, PBD, SR) are reused until a VM is made. */
const lastRead = new WeakMap<Driver, Record<string, Readonly<Record<string, unknown>>>>();

/** The pool as the target shows it now (get_all_records per class; storage classes from the last full read). */
export async function readPool(d: Driver): Promise<PoolView> {
  const cached = lastRead.get(d);
  const records: Record<string, Readonly<Record<string, unknown>>> = { ...cached };
  const read = async (): Promise<void> => {
    for (const cls of cached === undefined ? POOL_VIEW_CLASSES : LIVE_CLASSES) {
      const o = await d.unchecked(`${cls}.get_all_records`, [d.session]);
      if (!o.ok || !isStruct(o.value))
        d.violation(`${cls}.get_all_records failed`, 'a record map', observedToString(o));
      records[cls] = o.value;
    }
  };
  // The case's first, whole read of the pool is its setup, as the login is (results/counterexample-length.ts:
  // shown in the trace, made again by the replay, not counted in the counterexample's length).
  if (cached === undefined) await d.asSetup(read);
  else await read();
  lastRead.set(d, records);
  return poolViewFromRecords(records);
}

/** The SR records of the last read. */
function srRecords(d: Driver): Readonly<Record<string, unknown>> {
  return lastRead.get(d)?.['SR'] ?? {};
}

/** Calls `method` (unchecked by the per-call model) and checks the answer against `expected`. */
export async function expectCall(
  d: Driver,
  method: string,
  args: readonly WireValue[],
  expected: Expected,
  client?: XapiClient,
): Promise<Observed> {
  const before = poolSource(d, args, client !== undefined);
  const o =
    client === undefined ? await d.unchecked(method, args) : await d.uncheckedOn(client, method, args);
  // Transition coverage (issue 17 item 1): the pool area's checked calls, from the pool as last read.
  d.coverage.record({ message: method, source: before, outcome: o.ok ? 'success' : o.code });
  const v = check(expected, o);
  if (!v.ok) d.violation(`${method}: ${v.reason}`, expectedToString(expected), observedToString(o));
  // An answer accepted only as environmental (SEMANTICS.md §10: a start the host could not carry out) leaves
  // the pool as it was, so the scenario's next steps, which build on the call's effect, cannot follow: the
  // case ends, counted as environmental, never as a pass or a violation (Driver.abandonCase).
  const env = environmentalOutcome(d.state, method, args, expected, o);
  if (env !== undefined) d.abandonCase(env);
  return o;
}

/**
 * A pool call's source state, from the pool as last read (readPool): "member" for a call to a member host,
 * else the power state of the VM it names, or whether the host it names is enabled; "-" otherwise.
 */
function poolSource(d: Driver, args: readonly WireValue[], member: boolean): string {
  if (member) return 'member';
  const read = lastRead.get(d);
  const ref = args[1];
  if (read === undefined || typeof ref !== 'string') return '-';
  const vm = read['VM']?.[ref];
  if (isStruct(vm)) return String(vm['power_state']);
  const host = read['host']?.[ref];
  if (isStruct(host)) return host['enabled'] === true ? 'enabled host' : 'disabled host';
  return '-';
}

/** A success the step needs (setup): anything else is a violation. */
export async function must(d: Driver, method: string, args: readonly WireValue[]): Promise<unknown> {
  const o = await d.unchecked(method, args);
  if (!o.ok) d.violation(`${method} (setup) failed`, 'success', observedToString(o));
  return o.value;
}

/** A violation found by reading state after a step (resident_on, resident_VMs, ...). */
export function expectState(d: Driver, ok: boolean, what: string, expected: string, actual: string): void {
  if (!ok) d.violation(what, expected, actual);
}

/** The SRs VM disks can live on: not ISO, not udev (removable media), with a PBD on `host` when given. */
function userSrs(records: Readonly<Record<string, unknown>>, host?: PoolHost): string[] {
  return Object.entries(records)
    .filter(
      ([, r]) => isStruct(r) && r['content_type'] !== 'iso' && r['type'] !== 'udev' && r['type'] !== 'iso',
    )
    .map(([ref]) => ref)
    .filter((ref) => host === undefined || host.srs.has(ref));
}

/** The local (non-shared) user SR attached on each host, and a shared user SR, if the pool has them. */
export function poolSrs(
  d: Driver,
  view: PoolView,
): { local: Map<string, string>; shared: string | undefined } {
  const srs = srRecords(d);
  const local = new Map<string, string>();
  for (const h of view.hosts.values()) {
    const own = userSrs(srs, h).find((sr) => !view.sharedSrs.has(sr));
    if (own !== undefined) local.set(h.ref, own);
  }
  const shared = userSrs(srs).find((sr) => view.sharedSrs.has(sr));
  return { local, shared };
}

/** Per driver: a default template that boots PV, or null when the target has none (read once). */
const pvTemplates = new WeakMap<Driver, string | null>();

/**
 * A template whose guests boot PV, read from the target (domain_type): xapi lets such a guest migrate
 * whatever its drivers (xapi_vm_lifecycle.ml check_op_for_feature, has_definitely_booted_pv), while a
 * live HVM guest without PV drivers answers VM_LACKS_FEATURE to pool_migrate and blocks evacuation
 * (xapi_host.ml checks pool_migrate with strict=true). So migrations are testable on hosts whose guests
 * lack drivers; on a host with no PV template the HVM one is used and those cases end as the host answers.
 */
async function bootsPvTemplate(d: Driver): Promise<string | null> {
  const known = pvTemplates.get(d);
  if (known !== undefined) return known;
  let found: string | null = null;
  const o = await d.unchecked('VM.get_all_records', [d.session]);
  if (o.ok && isStruct(o.value)) {
    for (const [ref, r] of Object.entries(o.value)) {
      if (!isStruct(r) || r['is_a_template'] !== true || r['is_a_snapshot'] === true) continue;
      if (['pv', 'pv_in_pvh', 'pvh'].includes(String(r['domain_type']))) {
        found = ref;
        break;
      }
    }
  }
  pvTemplates.set(d, found);
  return found;
}

/**
 * A halted VM with one disk on `sr`: a clone of a template that boots PV (see bootsPvTemplate), else of
 * "Other install media" (else the first default template), tagged
 * for cleanup, its template "disks" pointed at `sr` and provisioned. Every call goes through the per-call model.
 */
export async function vmWithDiskOn(d: Driver, sr: string, name: string): Promise<string> {
  const templates = d.templates().filter((t) => !t.owned);
  const pv = await bootsPvTemplate(d);
  const src =
    templates.find((t) => t.ref === pv) ??
    templates.find((t) => t.nameLabel === 'Other install media') ??
    templates[0];
  if (src === undefined) return d.abandonCase('no template to clone');
  const c = await d.call('VM.clone', [d.session, src.ref, name]);
  if (!c.ok || typeof c.value !== 'string')
    return d.violation('VM.clone failed', 'a VM', observedToString(c));
  const vm = c.value;
  await tagVm(d, vm);
  const srRec = srRecords(d)[sr];
  const uuid =
    isStruct(srRec) && typeof srRec['uuid'] === 'string'
      ? srRec['uuid']
      : await must(d, 'SR.get_uuid', [d.session, sr]);
  lastRead.delete(d);
  const disks = d.state.vms.get(vm)?.otherConfig['disks'];
  if (disks !== undefined) {
    const rewritten = disks.replace(/\bsr\s*=\s*("[^"]*"|'[^']*')/g, `sr="${String(uuid)}"`);
    await d.call('VM.remove_from_other_config', [d.session, vm, 'disks']);
    await d.call('VM.add_to_other_config', [d.session, vm, 'disks', rewritten]);
  }
  const p = await d.call('VM.provision', [d.session, vm]);
  if (!p.ok) return d.abandonCase(`VM.provision on the chosen SR failed: ${p.code}`);
  return vm;
}

/** Waits (real pools only) until `probe` answers true, for at most `ms`; the emulator answers at once. */
export async function eventually(
  probe: () => Promise<boolean>,
  ms: number,
  stepMs = 1_000,
): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
