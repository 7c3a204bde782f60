// A generated command (generators/commands/*): a fast-check AsyncCommand over the model-checked driver,
// which is both fast-check's "model" (the reference model's state lives in it) and its "real" system.
import type fc from 'fast-check';
import type { Driver } from './driver.ts';

export type HarnessCommand = fc.AsyncCommand<Driver, Driver, false>;
