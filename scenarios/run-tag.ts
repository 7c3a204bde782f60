// The tag every object a load run creates carries (ARCHITECTURE.md, Rules: other_config key
// `xapi-harness-run`), so `xapi-harness sweep` can destroy exactly those and nothing else.
import type { VuInitContext } from '../src/load/definition.ts';

export const RUN_TAG_KEY = 'xapi-harness-run';

/** The run id the CLI puts in the environment (XAPI_HARNESS_RUN), shared by every shard and thread. */
export function runTag(ctx: VuInitContext): string {
  return ctx.env['XAPI_HARNESS_RUN'] ?? 'xapi-harness-load';
}

/** The template VMs are cloned from (XAPI_TEMPLATE; default the one xapi's quicktest uses, qt.ml:119). */
export function templateName(ctx: VuInitContext): string {
  return ctx.env['XAPI_TEMPLATE'] ?? 'Other install media';
}
