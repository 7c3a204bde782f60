// Tasks (SEMANTICS.md §5): Async calls answer a task at once; the task goes pending → success / failure /
// cancelled with progress never decreasing, result decoded, error_info = [code, params…]; cancel.
import {
  asyncCancelCommand,
  asyncCloneCommand,
  asyncPowerOpCommand,
  conflictingOpCommand,
  coverTaskCommand,
  readVmCommand,
  runningOpsCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { VM_MAKERS } from './vm-makers.ts';
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
          ...VM_MAKERS,
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
  {
    id: 'tasks/VM/current_operations/while-running',
    name: "an operation's task is listed in the VM's current_operations while it runs, and only then",
    area: 'tasks',
    feature: 'VM',
    story: 'VM.get_current_operations',
    // The emulator the harness starts itself runs operations in no time: a dedicated one where each takes 40 ms
    // makes the running window visible (a real host's operations take seconds).
    dedicated: () => ({
      timing: {
        name: 'instant',
        durations: { 'VM.start': 40, 'VM.hard_shutdown': 40, 'VM.clone': 200 },
        progressIntervalMs: 10,
      },
    }),
    // conflictingOpCommand: a second operation while ours runs waits for it or answers OTHER_OPERATION_IN_PROGRESS
    // in the release's shape (src/model/vm-conflict.ts).
    cases: () => commandCases([runningOpsCommand, conflictingOpCommand], 2),
  },
];
