// Everything a suite file needs before its properties run: the target, its preflight, the model's
// configuration for it, and the expectations file.
import { join } from 'node:path';
import type { ModelConfig } from '../model/index.ts';
import { modelConfig, sdkGuidePolicy, xapiPolicy } from '../model/index.ts';
import { findMessage, releaseAtLeast } from '../xapi/index.ts';
import type { Expectations } from './expectations.ts';
import { bothSides, loadExpectations, targetKey } from './expectations.ts';
import type { Preflight } from './preflight.ts';
import { preflight } from './preflight.ts';
import type { HarnessOptions } from './run-options.ts';
import { optionsFromEnv } from './run-options.ts';
import type { Target } from './target.ts';
import { openMirrorTarget, openTarget } from './target.ts';

export interface HarnessContext {
  readonly options: HarnessOptions;
  readonly target: Target;
  readonly preflight: Preflight;
  readonly config: ModelConfig;
  readonly expectations: Expectations;
  /** Side B of a differential run (issue 15). */
  readonly mirror?: Target;
  close(): Promise<void>;
}

/**
 * The task deadline for a target of this pace: a task still pending this long is "left pending". Scaled from
 * the measured latency of a cheap call (a slow target gets longer), between 1.5 s and 180 s; never from who
 * the target is (ARCHITECTURE.md, "Observe, don't assume").
 */
export function taskDeadlineFor(latencyMs: number): number {
  return Math.round(Math.min(180_000, Math.max(1_500, latencyMs * 5_000)));
}

/**
 * The model configuration for a target, from what it states and shows (SEMANTICS.md §3 policies, §10
 * releases): its session policy, its release (and the release's rules), its pace. Guest features and
 * environmental failures are not configured: the model accepts each answer xapi could give and follows the
 * one observed.
 */
export function configFor(target: Target, pre: Preflight): ModelConfig {
  // last_active is refreshed on every check before xapi 24.29.0, only when older than 600 s since
  // (xen-api ocaml/xapi/session_check.ml, 67df1571; SEMANTICS.md §3, §10).
  const lastActiveRefreshMs = releaseAtLeast(pre.release, '24.29.0') ? 600_000 : 0;
  return modelConfig({
    policy: pre.profile === 'sdk-guide' ? sdkGuidePolicy() : xapiPolicy({ lastActiveRefreshMs }),
    users: { [target.user]: target.password },
    release: pre.release,
    allowCloneSuspended: pre.allowCloneSuspended,
    taskDeadlineMs: taskDeadlineFor(pre.latencyMs),
    // A real message the model does not cover is a harness bug, never a predicted MESSAGE_METHOD_UNKNOWN.
    methodExists: (name) => findMessage(name) !== undefined,
  });
}

export async function createHarnessContext(
  options: HarnessOptions = optionsFromEnv(process.env),
): Promise<HarnessContext> {
  const target = await openTarget(options);
  let mirror: Target | undefined;
  try {
    mirror = await openMirrorTarget(options);
    const pre = await preflight(target, options.profile);
    const own = loadExpectations(
      options.expectationsFile,
      join('expectations', `${targetKey(options.target, pre.hostname)}.json`),
    );
    // Side B of a differential run has its own file (issue 15), by default the one of its own target.
    const m = options.mirror;
    const expectations =
      m === undefined
        ? own
        : bothSides(own, loadExpectations(m.expectationsFile, mirrorExpectationsDefault(m.target)));
    return {
      options,
      target,
      preflight: pre,
      config: configFor(target, pre),
      expectations,
      ...(mirror === undefined ? {} : { mirror }),
      close: async () => {
        await target.close();
        await mirror?.close();
      },
    };
  } catch (e) {
    await target.close();
    await mirror?.close();
    throw e;
  }
}

/** Side B's default expectations file: `expectations/<its target>.json` (the host name of its URL). */
export function mirrorExpectationsDefault(target: string): string {
  return join('expectations', `${targetKey(target, '')}.json`);
}
