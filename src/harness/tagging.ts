// Every object the harness creates is tagged, and only tagged objects are ever destroyed (issue 5 §5).
import type { ModelState, Observed } from '../model/index.ts';
import type { WireValue } from '../wire/value.ts';

/** What tagging needs of the Driver (driver.ts), which tags through these helpers: no import cycle. */
interface TaggingDriver {
  readonly state: ModelState;
  readonly runId: string;
  readonly session: string;
  call(method: string, args: readonly unknown[]): Promise<Observed>;
  unchecked(method: string, args: readonly WireValue[]): Promise<Observed>;
}

/** other_config key carrying the run id (ARCHITECTURE.md, "Touch only what you created"). */
export const TAG_KEY = 'xapi-harness-run';

/** Tags a VM the driver just created, unless it inherited the tag from its source (clones copy other_config). */
export async function tagVm(driver: TaggingDriver, vm: string): Promise<void> {
  const model = driver.state.vms.get(vm);
  if (model?.otherConfig[TAG_KEY] === driver.runId) return;
  await driver.call('VM.add_to_other_config', [driver.session, vm, TAG_KEY, driver.runId]);
}

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Tags the disks (VDIs behind Disk VBDs) of one of the harness's VMs about to be destroyed (issue 11 item 8):
 * VM.destroy keeps them (SEMANTICS.md §4 "Destroy"), so only a tag lets the sweep find them once the VM is
 * gone, run after run, before they fill the host's SR. Unchecked: the model does not cover VBD/VDI calls.
 */
export async function tagDisks(driver: TaggingDriver, vm: string): Promise<void> {
  const vbds = await driver.unchecked('VM.get_VBDs', [driver.session, vm]);
  if (!vbds.ok || !Array.isArray(vbds.value)) return;
  for (const vbd of vbds.value) {
    if (typeof vbd !== 'string') continue;
    const r = await driver.unchecked('VBD.get_record', [driver.session, vbd]);
    if (!r.ok || !isStruct(r.value) || r.value['type'] !== 'Disk') continue;
    const vdi = r.value['VDI'];
    if (typeof vdi !== 'string' || vdi === 'OpaqueRef:NULL') continue;
    const oc = await driver.unchecked('VDI.get_other_config', [driver.session, vdi]);
    const tag = oc.ok && isStruct(oc.value) ? oc.value[TAG_KEY] : undefined;
    if (tag === driver.runId) continue;
    // A clone's disk may carry its source's tag (VDI.clone copies other_config): this run owns it now.
    if (tag !== undefined)
      await driver.unchecked('VDI.remove_from_other_config', [driver.session, vdi, TAG_KEY]);
    await driver.unchecked('VDI.add_to_other_config', [driver.session, vdi, TAG_KEY, driver.runId]);
  }
}
