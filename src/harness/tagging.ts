// Every object the harness creates is tagged, and only tagged objects are ever destroyed (issue 5 §5).
import type { Driver } from './driver.ts';

/** other_config key carrying the run id (ARCHITECTURE.md, "Touch only what you created"). */
export const TAG_KEY = 'xapi-harness-run';

/** Tags a VM the driver just created, unless it inherited the tag from its source (clones copy other_config). */
export async function tagVm(driver: Driver, vm: string): Promise<void> {
  const model = driver.state.vms.get(vm);
  if (model?.otherConfig[TAG_KEY] === driver.runId) return;
  await driver.call('VM.add_to_other_config', [driver.session, vm, TAG_KEY, driver.runId]);
}
