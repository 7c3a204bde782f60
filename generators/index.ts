// Generated commands, one per file (issue 5 §2). Value arbitraries per XAPI type live in values.ts.
export { readyVm } from './ready-vm.ts';
export { asyncCancelCommand } from './commands/async-cancel.ts';
export { asyncCloneCommand } from './commands/async-clone.ts';
export { asyncPowerOpCommand } from './commands/async-power-op.ts';
export { badLoginCommand } from './commands/bad-login.ts';
export { cloneCommand } from './commands/clone.ts';
export { copyDevicesCommand } from './commands/copy-devices.ts';
export { destroyCommand, destroyDefaultTemplateCommand } from './commands/destroy.ts';
export { eventFromCommand } from './commands/event-from.ts';
export { evictionBatchCommand } from './commands/eviction-batch.ts';
export { gcWaitCommand } from './commands/gc-wait.ts';
export { genericClassCommand } from './commands/generic-class-surface.ts';
export { genericSurfaceCommand } from './commands/generic-surface.ts';
export { getAllRecordsCommand } from './commands/get-all-records.ts';
export { invalidRefCommand } from './commands/invalid-ref.ts';
export { loginCommand } from './commands/login.ts';
export { loginStormCommand } from './commands/login-storm.ts';
export { logoutCommand } from './commands/logout.ts';
export { powerOpCommand } from './commands/power-op.ts';
export { newVmCommand } from './commands/new-vm.ts';
export { noAsyncModeCommand } from './commands/no-async-mode.ts';
export { powerWalkCommand } from './commands/power-walk.ts';
export { provisionCommand } from './commands/provision.ts';
export { coverTransitionCommand, walkTo } from './commands/cover-transition.ts';
export { runningOpsCommand } from './commands/running-ops.ts';
export { conflictingOpCommand } from './commands/conflicting-op.ts';
export { readVmCommand } from './commands/read-vm.ts';
export { setNameLabelCommand } from './commands/set-name-label.ts';
export { snapshotCommand } from './commands/snapshot.ts';
export { staleSessionCommand } from './commands/stale-session.ts';
export { templateGuardCommand } from './commands/template-guard.ts';
export { unknownMethodCommand } from './commands/unknown-method.ts';
export { useSessionCommand } from './commands/use-session.ts';
export { watchChangeCommand } from './commands/watch-change.ts';
export { wrongArityCommand } from './commands/wrong-arity.ts';
export { wrongTypeCommand } from './commands/wrong-type.ts';
export {
  coverErrorCommand,
  coverEventCommand,
  coverEvictionCommand,
  coverSessionCommand,
  coverTaskCommand,
  coverWireCommand,
} from './cover/index.ts';
