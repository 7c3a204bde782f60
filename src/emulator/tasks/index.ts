// Tasks of the emulator (issue 4, SEMANTICS.md §5): the task manager behind Async.X, timing profiles
// and the GC policy.
export { TaskManager } from './task-manager.ts';
export { insertTaskRecord } from './task-record.ts';
export { XAPI_TASK_GC, type TaskGcPolicy } from './task-gc-policy.ts';
export {
  durationOf,
  INSTANT_TIMING,
  REALISTIC_TIMING,
  timingProfile,
  type TimingOverrides,
  type TimingProfile,
} from './timing-profile.ts';
