// A VM of the harness's own for a command to act on, picked by index. When there is none yet the command
// makes one itself: a clone of a template, tagged, the cheapest VM xapi makes (a template, so power
// operations on it fail with VM_IS_TEMPLATE, checked like any other answer). Without this, every command
// that acts on a VM needed an earlier command to make one, and shrinking could never drop that command even
// when its VM played no part in the failure (issue 17 item 5: counterexamples stay short).
import type { Driver } from '../src/harness/driver.ts';
import { tagVm } from '../src/harness/tagging.ts';
import { pick } from './command.ts';

/** Whether a command can get a VM: one of the harness's, or a template to clone. */
export function canGetOwnedVm(d: Driver): boolean {
  return d.ownedVms().length > 0 || d.templates().some((t) => !t.owned);
}

/** Owned VM #index, or a tagged clone of template #index when the harness has none. */
export async function ownedVmOrClone(d: Driver, index: number): Promise<string | undefined> {
  const vm = pick(d.ownedVms(), index);
  if (vm !== undefined) return vm.ref;
  const src = pick(
    d.templates().filter((t) => !t.owned),
    index,
  );
  if (src === undefined) return undefined;
  // Counted in the counterexample's length like any call of a command: setup that is not counted is only what
  // every case runs (the login, the template and default-SR lookup), never a prerequisite one case made.
  const o = await d.call('VM.clone', [d.session, src.ref, `harness-vm-${index}`]);
  if (!o.ok || typeof o.value !== 'string') return undefined;
  await tagVm(d, o.value);
  return o.value;
}
