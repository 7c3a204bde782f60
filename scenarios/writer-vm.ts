// A writer's own VM (event-fanout, pool-scale): cloned from the run's template at set-up and tagged with the
// run, destroyed at tear-down, so a load run touches only what it created (ARCHITECTURE.md, Rules).
import type { VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiCallAsync, xapiTeardownVu } from '../src/load/xapi-vu.ts';
import type { XapiVuState } from '../src/load/xapi-vu.ts';
import { RUN_TAG_KEY, runTag, templateName } from './run-tag.ts';

/** Clones the template into `<prefix>-<run>-<vu>` and tags it; a set-up failure says which step failed. */
export async function cloneWriterVm(s: XapiVuState, ctx: VuInitContext, prefix: string): Promise<string> {
  const tpl = await xapiCall(s, ctx, 'VM.get_by_name_label', [templateName(ctx)]);
  const template = tpl.ok ? (tpl.value as readonly string[])[0] : undefined;
  if (template === undefined) throw new Error(`writer set-up: no template '${templateName(ctx)}'`);
  const clone = await xapiCallAsync(s, ctx, 'VM.clone', [
    template,
    `${prefix}-${runTag(ctx)}-${ctx.vu.idInTest}`,
  ]);
  if (!clone.ok) throw new Error(`writer set-up: VM.clone failed: ${clone.code}`);
  const vm = clone.value as string;
  await xapiCall(s, ctx, 'VM.add_to_other_config', [vm, RUN_TAG_KEY, runTag(ctx)]);
  return vm;
}

/** Destroys the writer's VM (if this VU had one) and logs out. */
export async function teardownWriterVu(
  s: XapiVuState & { vm: string | undefined },
  ctx: VuInitContext,
): Promise<void> {
  if (s.vm !== undefined) await xapiCall(s, ctx, 'VM.destroy', [s.vm]);
  await xapiTeardownVu(s, ctx);
}
