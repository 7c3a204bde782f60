// VM lifecycle (SEMANTICS.md §4): templates, clone, provision, every power operation from every state with
// xapi's check order and exact error params, allowed_operations after each step, destroy.
import {
  cloneCommand,
  copyDevicesCommand,
  coverTransitionCommand,
  genericClassCommand,
  genericSurfaceCommand,
  destroyCommand,
  destroyDefaultTemplateCommand,
  getAllRecordsCommand,
  newVmCommand,
  powerOpCommand,
  powerWalkCommand,
  provisionCommand,
  readVmCommand,
  setNameLabelCommand,
  snapshotCommand,
  templateGuardCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases, powerTransitions } from '../../src/harness/index.ts';

export const VM_LIFECYCLE_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'vm-lifecycle/VM/start/power-state-machine',
    name: 'clone, provision, power operations and destroy follow the lifecycle model',
    area: 'vm-lifecycle',
    feature: 'VM',
    story: 'VM.start',
    // Every power operation from every power state (issue 17 item 1): steered by coverTransitionCommand.
    transitions: () => powerTransitions(),
    cases: (ctx) =>
      commandCases(
        [
          newVmCommand,
          templateGuardCommand,
          snapshotCommand,
          newVmCommand,
          cloneCommand,
          provisionCommand,
          provisionCommand,
          powerOpCommand,
          powerWalkCommand,
          powerWalkCommand,
          coverTransitionCommand,
          coverTransitionCommand,
          readVmCommand,
          readVmCommand,
          setNameLabelCommand,
          destroyCommand,
          // Destroying a default template must be refused; tried only on the emulator the harness started
          // itself: on anyone else's host a faulty answer would cost them the template.
          ...(ctx.target.kind === 'emulator' ? [destroyDefaultTemplateCommand] : []),
          getAllRecordsCommand,
        ],
        25,
      ),
  },
  {
    id: 'vm-lifecycle/VM/clone/copies-devices',
    name: 'clone and snapshot copy every VBD and VIF; destroy removes the VBDs and keeps the VDIs',
    area: 'vm-lifecycle',
    feature: 'VM',
    story: 'VM.clone',
    // One command that does it all, so that every case checks it, whatever the seed (issue 17 item 4).
    cases: () => commandCases([copyDevicesCommand], 2),
  },
  {
    id: 'vm-lifecycle/VM/get_by_uuid/generic-surface',
    name: 'the generic messages of every tracked class (record, getters, by-uuid, by-name, writes, get_all) agree with each other and the model',
    area: 'vm-lifecycle',
    feature: 'VM',
    story: 'VM.get_by_uuid',
    cases: () =>
      commandCases(
        [
          newVmCommand,
          cloneCommand,
          setNameLabelCommand,
          destroyCommand,
          genericSurfaceCommand,
          genericSurfaceCommand,
          genericClassCommand,
          genericClassCommand,
          genericClassCommand,
        ],
        12,
      ),
  },
];
