// What xe vm-install and XenCenter do before VM.provision: the default templates' "disks" spec says sr="",
// which xapi does not resolve (xapi_templates.ml create_disk: UUID_INVALID ["sr"; ""]); clients rewrite
// it to the pool's default SR uuid. Reading the pool and SR is setup (not model-checked); the rewrite is.
import type { Driver } from '../src/harness/driver.ts';

const defaultSrUuid = new WeakMap<Driver, string>();

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function findDefaultSr(d: Driver): Promise<string | undefined> {
  const pools = await d.unchecked('pool.get_all_records', [d.session]);
  if (!pools.ok || !isStruct(pools.value)) return undefined;
  const pool = Object.values(pools.value)[0];
  const sr = isStruct(pool) ? pool['default_SR'] : undefined;
  return typeof sr !== 'string' || sr === 'OpaqueRef:NULL' ? undefined : sr;
}

function bytes(v: unknown): number | undefined {
  const n = typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Free bytes on the pool's default SR as the target shows them (physical_size - physical_utilisation), or
 * undefined when it does not say. Read, not assumed: a small SR makes big templates fail to provision with
 * SR_BACKEND_FAILURE_44 (SEMANTICS.md §4 "Provision"), which checks nothing about the contract.
 */
export async function defaultSrFreeBytes(d: Driver): Promise<number | undefined> {
  const sr = await findDefaultSr(d);
  if (sr === undefined) return undefined;
  const r = await d.unchecked('SR.get_record', [d.session, sr]);
  if (!r.ok || !isStruct(r.value)) return undefined;
  const size = bytes(r.value['physical_size']);
  const used = bytes(r.value['physical_utilisation']);
  return size === undefined || used === undefined || size <= 0 ? undefined : size - used;
}

/** Total size of the disks a template's "disks" spec asks for (bytes), 0 when it has none. */
export function specBytes(otherConfig: Readonly<Record<string, string>>): number {
  const spec = otherConfig['disks'];
  if (spec === undefined) return 0;
  let total = 0;
  for (const m of spec.matchAll(/\bsize\s*=\s*["'](\d+)["']/g)) total += Number(m[1]);
  return total;
}

async function findDefaultSrUuid(d: Driver): Promise<string | undefined> {
  const cached = defaultSrUuid.get(d);
  if (cached !== undefined) return cached;
  const sr = await findDefaultSr(d);
  if (sr === undefined) return undefined;
  const uuid = await d.unchecked('SR.get_uuid', [d.session, sr]);
  if (!uuid.ok || typeof uuid.value !== 'string') return undefined;
  defaultSrUuid.set(d, uuid.value);
  return uuid.value;
}

/** Rewrites sr="" in the VM's "disks" to the default SR's uuid; a no-op without such disks. */
export async function prepareDisks(d: Driver, vm: string): Promise<void> {
  const disks = d.state.vms.get(vm)?.otherConfig['disks'];
  if (disks === undefined || !/\bsr\s*=\s*(""|'')/.test(disks)) return;
  const uuid = await findDefaultSrUuid(d);
  if (uuid === undefined) return;
  const rewritten = disks.replace(/\bsr\s*=\s*(""|'')/g, `sr="${uuid}"`);
  await d.call('VM.remove_from_other_config', [d.session, vm, 'disks']);
  await d.call('VM.add_to_other_config', [d.session, vm, 'disks', rewritten]);
}
