// VM lifecycle (SEMANTICS.md §4): templates, clone, provision, every power operation from every state with
// xapi's check order and exact error params, allowed_operations after each step, destroy.
import {
  cloneCommand,
  destroyCommand,
  destroyDefaultTemplateCommand,
  getAllRecordsCommand,
  powerOpCommand,
  provisionCommand,
  readVmCommand,
  setNameLabelCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases } from '../../src/harness/index.ts';

export const VM_LIFECYCLE_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'vm-lifecycle/VM/start/power-state-machine',
    name: 'clone, provision, power operations and destroy follow the lifecycle model',
    area: 'vm-lifecycle',
    feature: 'VM',
    story: 'VM.start',
    cases: () =>
      commandCases(
        [
          cloneCommand,
          cloneCommand,
          provisionCommand,
          provisionCommand,
          powerOpCommand,
          powerOpCommand,
          powerOpCommand,
          readVmCommand,
          readVmCommand,
          setNameLabelCommand,
          destroyCommand,
          destroyDefaultTemplateCommand,
          getAllRecordsCommand,
        ],
        25,
      ),
  },
];
