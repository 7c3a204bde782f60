// Tasks (SEMANTICS.md §5): Async calls answer a task at once; the task goes pending → success / failure /
// cancelled with progress never decreasing, result decoded, error_info = [code, params…]; cancel.
import {
  asyncCancelCommand,
  asyncCloneCommand,
  asyncPowerOpCommand,
  cloneCommand,
  coverTaskCommand,
  newVmCommand,
  provisionCommand,
  readVmCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases, taskTransitions } from '../../src/harness/index.ts';

export const TASK_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'tasks/task/get_record/async-lifecycle',
    name: 'Async operations run as tasks that end as the model predicts',
    area: 'tasks',
    feature: 'task',
    story: 'task.get_record',
    // Steered by coverTaskCommand (issue 17 item 1).
    transitions: () => taskTransitions(),
    cases: () =>
      commandCases(
        [
          newVmCommand,
          newVmCommand,
          cloneCommand,
          provisionCommand,
          asyncPowerOpCommand,
          asyncPowerOpCommand,
          asyncPowerOpCommand,
          asyncCancelCommand,
          asyncCloneCommand,
          readVmCommand,
          coverTaskCommand,
          coverTaskCommand,
        ],
        15,
      ),
  },
];
