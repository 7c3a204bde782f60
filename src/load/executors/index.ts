export { runExecutor } from './run-executor.ts';
export { rampingTarget } from './ramping-vus.ts';
export { sleepUntil } from './sleep-until.ts';
