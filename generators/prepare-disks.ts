// What xe vm-install and XenCenter do before VM.provision: the default templates' "disks" spec says sr="",
// which xapi does not resolve (xapi_templates.ml create_disk: UUID_INVALID ["sr"; ""]); clients rewrite
// it to the pool's default SR uuid. The default SR is read in the case's setup (src/harness/default-sr.ts;
// here when a driver had no such setup); the rewrite is model-checked.
import type { Driver } from '../src/harness/driver.ts';
import type { DefaultSr } from '../src/harness/default-sr.ts';
import { knownDefaultSr, readDefaultSr, srFreeBytes } from '../src/harness/default-sr.ts';

async function defaultSr(d: Driver): Promise<DefaultSr | undefined> {
  const known = knownDefaultSr(d);
  return known === 'unread' ? readDefaultSr(d) : known;
}

/** Whether this case provisioned something since its setup (the SR's free space read there is old then). */
function provisionedSinceSetup(d: Driver): boolean {
  return d.steps.some(
    (s) =>
      s.setup !== true && s.outcome.kind === 'success' && s.method.replace(/^Async\./, '') === 'VM.provision',
  );
}

/**
 * Free bytes on the pool's default SR as the target shows it (physical_size - physical_utilisation), or
 * undefined when it does not say. Read, not assumed: a small SR makes big templates fail to provision with
 * SR_BACKEND_FAILURE_44 (SEMANTICS.md §4 "Provision"), which checks nothing about the contract. What the
 * setup read holds until the case provisions; then the SR is read again.
 */
export async function defaultSrFreeBytes(d: Driver): Promise<number | undefined> {
  const sr = await defaultSr(d);
  if (sr === undefined) return undefined;
  if (!provisionedSinceSetup(d)) return sr.freeBytes;
  const size = await d.unchecked('SR.get_physical_size', [d.session, sr.ref]);
  const used = await d.unchecked('SR.get_physical_utilisation', [d.session, sr.ref]);
  return srFreeBytes({
    physical_size: size.ok ? size.value : undefined,
    physical_utilisation: used.ok ? used.value : undefined,
  });
}

/** Total size of the disks a template's "disks" spec asks for (bytes), 0 when it has none. */
export function specBytes(otherConfig: Readonly<Record<string, string>>): number {
  const spec = otherConfig['disks'];
  if (spec === undefined) return 0;
  let total = 0;
  for (const m of spec.matchAll(/\bsize\s*=\s*["'](\d+)["']/g)) total += Number(m[1]);
  return total;
}

/** Rewrites sr="" in the VM's "disks" to the default SR's uuid; a no-op without such disks. */
export async function prepareDisks(d: Driver, vm: string): Promise<void> {
  const disks = d.state.vms.get(vm)?.otherConfig['disks'];
  if (disks === undefined || !/\bsr\s*=\s*(""|'')/.test(disks)) return;
  const uuid = (await defaultSr(d))?.uuid;
  if (uuid === undefined) return;
  const rewritten = disks.replace(/\bsr\s*=\s*(""|'')/g, `sr="${uuid}"`);
  await d.call('VM.remove_from_other_config', [d.session, vm, 'disks']);
  await d.call('VM.add_to_other_config', [d.session, vm, 'disks', rewritten]);
}
