// How a property's result travels from the vitest worker that ran it to the conformance CLI, in process
// (issue 13 §2): the run's options go to the workers through vitest's `provide` / `inject`, and each test
// leaves its PropertyResult in its task meta, which vitest hands to the CLI's reporter (TestCase.meta()).
// No environment variable, no file per property.
import type { PropertyResult } from '../results/index.ts';
import { toJsonText } from '../results/index.ts';
import type { HarnessOptions } from './run-options.ts';

/** The key of the run's options in vitest's provided context. */
export const OPTIONS_KEY = 'xapiHarnessOptions';
/** The key of a test's result in its task meta (JSON text: bigint and Date survive any worker pool). */
export const RESULT_META_KEY = 'xapiHarnessResult';

declare module 'vitest' {
  export interface ProvidedContext {
    [OPTIONS_KEY]: HarnessOptions;
  }
}

/** What a test stores: the result as JSON text. */
export function resultToMeta(result: PropertyResult): string {
  return toJsonText(result, 0);
}

/** The result a test stored, if any (meta comes from vitest; anything else is ignored). */
export function resultFromMeta(meta: object): PropertyResult | undefined {
  const text = (meta as Record<string, unknown>)[RESULT_META_KEY];
  if (typeof text !== 'string') return undefined;
  return JSON.parse(text) as PropertyResult;
}
