// Conformance suite: tasks (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { TASK_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('tasks', 'suites/tasks.contract.test.ts', TASK_PROPERTIES);
