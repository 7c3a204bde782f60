// Where a VM may run in the pool (docs/SEMANTICS.md §11; xen-api ocaml/xapi/xapi_vm_helpers.ml
// assert_can_boot_here, choose_host_for_vm_no_wlb; ocaml/xapi/vm_placement.ml). The checks run in xapi's
// order: host live, host enabled (a control domain, or a running VM staying on its own host, is exempt),
// the SRs of every disk attached on the host, then free memory.
import { NULL_REF } from '../../xapi/ref.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { fail } from '../dispatch/xapi-error.ts';
import { num, refsOf, str } from '../lifecycle/record-values.ts';

/** The memory a running domain of this VM holds (memory_target when set, else dynamic max). */
export function bootMemory(vm: Readonly<Record<string, unknown>>): number {
  const target = typeof vm['memory_target'] === 'number' ? vm['memory_target'] : 0;
  const dynMax = typeof vm['memory_dynamic_max'] === 'number' ? vm['memory_dynamic_max'] : 0;
  return target > 0 ? target : dynMax;
}

function hostMetricsRef(db: ObjectDb, host: string): string | undefined {
  const m = str(db.get('host', host)?.record['metrics']);
  return db.get('host_metrics', m) === undefined ? undefined : m;
}

/** host_metrics.memory_free of `host` (0 when it has no metrics). */
export function hostFreeMemory(db: ObjectDb, host: string): number {
  const m = hostMetricsRef(db, host);
  return m === undefined ? 0 : num(db.get('host_metrics', m)?.record['memory_free']);
}

/** SRs attached on `host` (its PBDs with currently_attached). */
function attachedSrs(db: ObjectDb, host: string): Set<string> {
  const out = new Set<string>();
  for (const pbd of refsOf(db.get('host', host)?.record['PBDs'])) {
    const r = db.get('PBD', pbd)?.record;
    if (r?.['currently_attached'] === true) out.add(str(r['SR']));
  }
  return out;
}

/** The SRs a boot of `vm` needs, in VBD order, then its suspend image's SR when Suspended. */
function requiredSrs(db: ObjectDb, vm: string): string[] {
  const rec = db.get('VM', vm)?.record;
  if (rec === undefined) return [];
  const vdis: string[] = [];
  for (const vbd of refsOf(rec['VBDs'])) {
    const b = db.get('VBD', vbd)?.record;
    if (b === undefined || b['empty'] === true) continue;
    vdis.push(str(b['VDI']));
  }
  const suspend = str(rec['suspend_VDI']);
  if (str(rec['power_state']) === 'Suspended' && suspend !== '' && suspend !== NULL_REF) vdis.push(suspend);
  const srs: string[] = [];
  for (const vdi of vdis) {
    const sr = str(db.get('VDI', vdi)?.record['SR']);
    if (sr !== '') srs.push(sr);
  }
  return srs;
}

export interface BootCheck {
  readonly memory: boolean;
  /** Fault `migrate-local-disks`: the SR check is skipped (a migration that ignores local disks). */
  readonly skipSrCheck?: boolean;
}

/** assert_can_boot_here: the first reason `vm` cannot boot on `host`, or undefined. */
export function cannotBootHere(
  db: ObjectDb,
  vm: string,
  host: string,
  check: BootCheck,
): XapiFailure | undefined {
  const v = db.get('VM', vm)?.record;
  const h = db.get('host', host)?.record;
  if (v === undefined) return new XapiFailure('HANDLE_INVALID', ['VM', vm]);
  if (h === undefined) return new XapiFailure('HANDLE_INVALID', ['host', host]);
  const metrics = hostMetricsRef(db, host);
  if (metrics === undefined || db.get('host_metrics', metrics)?.record['live'] !== true)
    return new XapiFailure('HOST_NOT_LIVE', []);
  const stays = str(v['power_state']) === 'Running' && str(v['resident_on']) === host;
  if (v['is_control_domain'] !== true && !stays && h['enabled'] !== true)
    return new XapiFailure('HOST_DISABLED', [host]);
  if (check.skipSrCheck !== true) {
    const seen = attachedSrs(db, host);
    const missing = requiredSrs(db, vm).find((sr) => !seen.has(sr));
    if (missing !== undefined) return new XapiFailure('VM_REQUIRES_SR', [vm, missing]);
  }
  if (check.memory) {
    const needed = bootMemory(v);
    const available = hostFreeMemory(db, host) + (stays ? needed : 0);
    if (needed > available)
      return new XapiFailure('HOST_NOT_ENOUGH_FREE_MEMORY', [String(needed), String(available)]);
  }
  return undefined;
}

/**
 * choose_host_for_vm without WLB: the affinity host when it passes every check (vm_placement.ml's
 * affinity category comes first); else the passing host with the most free memory (xapi draws at random,
 * biased towards the most free memory; the emulator takes the best, so runs are reproducible). When none
 * passes, xapi retries without the memory check and starts there, where the domain build fails for
 * memory: HOST_NOT_ENOUGH_FREE_MEMORY [needed; free]. No host at all: NO_HOSTS_AVAILABLE [].
 */
export function chooseHost(db: ObjectDb, vm: string): string {
  const hosts = [...db.all('host')].map((h) => h.ref);
  const passing = hosts.filter((h) => cannotBootHere(db, vm, h, { memory: true }) === undefined);
  const affinity = str(db.get('VM', vm)?.record['affinity']);
  if (passing.includes(affinity)) return affinity;
  if (passing.length > 0) {
    return passing.reduce((best, h) => (hostFreeMemory(db, h) > hostFreeMemory(db, best) ? h : best));
  }
  const anyHost = hosts.find((h) => cannotBootHere(db, vm, h, { memory: false }) === undefined);
  if (anyHost === undefined) fail('NO_HOSTS_AVAILABLE');
  throw cannotBootHere(db, vm, anyHost, { memory: true }) ?? new XapiFailure('NO_HOSTS_AVAILABLE', []);
}

/** VM.get_possible_hosts: every host passing assert_can_boot_here (xapi_vm_helpers.ml get_possible_hosts_for_vm). */
export function possibleHosts(db: ObjectDb, vm: string): string[] {
  return [...db.all('host')]
    .map((h) => h.ref)
    .filter((h) => cannotBootHere(db, vm, h, { memory: true }) === undefined);
}
