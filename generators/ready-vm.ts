// A provisioned VM, made the way an admin makes one (clone a template, disks on the default SR, provision),
// every call model-checked. Used by the new-VM command and by the conformance benchmark.
import type { Driver } from '../src/harness/driver.ts';
import { tagVm } from '../src/harness/tagging.ts';
import { pick } from './command.ts';
import { defaultSrFreeBytes, prepareDisks, specBytes } from './prepare-disks.ts';

/** Clones template #index (among the templates the harness did not create) and provisions the clone. */
export async function readyVm(
  d: Driver,
  index = 0,
  name = `harness-vm-${index}`,
): Promise<string | undefined> {
  const templates = d.templates().filter((t) => !t.owned);
  // Prefer templates whose disks fit the default SR's free space as the target shows it; if none does, any
  // (its provision then fails with SR_BACKEND_FAILURE_44, accepted as environmental).
  const free = await defaultSrFreeBytes(d);
  const fitting = free === undefined ? templates : templates.filter((t) => specBytes(t.otherConfig) <= free);
  const src = pick(fitting.length > 0 ? fitting : templates, index);
  if (src === undefined) return undefined;
  const o = await d.call('VM.clone', [d.session, src.ref, name]);
  if (!o.ok || typeof o.value !== 'string') return undefined;
  const vm = o.value;
  await tagVm(d, vm);
  await prepareDisks(d, vm);
  const p = await d.call('VM.provision', [d.session, vm]);
  return p.ok ? vm : undefined;
}
