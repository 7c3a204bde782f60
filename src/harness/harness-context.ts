// Everything a suite file needs before its properties run: the target, its preflight, the model's
// configuration for it, and the expectations file.
import { join } from 'node:path';
import type { ModelConfig } from '../model/index.ts';
import { modelConfig, sdkGuidePolicy, xapiPolicy } from '../model/index.ts';
import { findMessage } from '../xapi/index.ts';
import type { Expectations } from './expectations.ts';
import { loadExpectations, targetKey } from './expectations.ts';
import type { Preflight } from './preflight.ts';
import { preflight } from './preflight.ts';
import type { HarnessOptions } from './run-options.ts';
import { optionsFromEnv } from './run-options.ts';
import type { Target } from './target.ts';
import { openTarget } from './target.ts';

export interface HarnessContext {
  readonly options: HarnessOptions;
  readonly target: Target;
  readonly preflight: Preflight;
  readonly config: ModelConfig;
  readonly expectations: Expectations;
  close(): Promise<void>;
}

/** The model configuration for a target (SEMANTICS.md §3 policies; task deadline; guest features). */
export function configFor(target: Target, pre: Preflight): ModelConfig {
  const onEmulator = target.kind === 'emulator' || pre.isEmulator;
  return modelConfig({
    policy: pre.profile === 'sdk-guide' ? sdkGuidePolicy() : xapiPolicy(),
    users: { [target.user]: target.password },
    // The emulator's instant timing finishes tasks at once; a real host may take minutes.
    taskDeadlineMs: onEmulator ? 1_500 : 180_000,
    // Emulated guests behave as if they had PV drivers; a fresh VM on a real host has no agent.
    guestFeatures: onEmulator,
    resourceFailures: !onEmulator,
    // A real message the model does not cover is a harness bug, never a predicted MESSAGE_METHOD_UNKNOWN.
    methodExists: (name) => findMessage(name) !== undefined,
  });
}

export async function createHarnessContext(
  options: HarnessOptions = optionsFromEnv(process.env),
): Promise<HarnessContext> {
  const target = await openTarget(options);
  try {
    const pre = await preflight(target, options.profile);
    const expectations = loadExpectations(
      options.expectationsFile,
      join('expectations', `${targetKey(options.target, pre.hostname)}.json`),
    );
    return {
      options,
      target,
      preflight: pre,
      config: configFor(target, pre),
      expectations,
      close: () => target.close(),
    };
  } catch (e) {
    await target.close();
    throw e;
  }
}
