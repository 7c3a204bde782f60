// lifecycle-mix: the VM lifecycle as a user drives it, every step an Async. task (SEMANTICS.md §5):
// clone a template → tag it → provision (makes it a VM: is_a_template=false, §4) → start → suspend →
// resume → shutdown → destroy. Each step is one `Async.VM.<op>` sample measured from the call to the task's
// end. Every created VM is tagged in other_config `xapi-harness-run` right after the clone, and a VU that
// fails half-way destroys its own VM (hard_shutdown first when needed), so nothing untagged is left behind.
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiCallAsync, xapiSetupVu, xapiTeardownVu } from '../src/load/xapi-vu.ts';
import type { XapiCallResult, XapiVuState } from '../src/load/xapi-vu.ts';
import { RUN_TAG_KEY, runTag, templateName } from './run-tag.ts';

interface LifecycleState extends XapiVuState {
  template: string;
}

async function setupVu(ctx: VuInitContext): Promise<LifecycleState> {
  const base = await xapiSetupVu()(ctx);
  const found = await xapiCall(base, ctx, 'VM.get_by_name_label', [templateName(ctx)]);
  const template = found.ok ? (found.value as readonly string[])[0] : undefined;
  if (template === undefined) throw new Error(`VU set-up: no template named '${templateName(ctx)}'`);
  return Object.assign(base, { template });
}

const okCheck = (step: string): Readonly<Record<string, (r: XapiCallResult) => boolean>> => ({
  [`${step} succeeded`]: (r) => r.ok,
});

async function lifecycle(s: LifecycleState, ctx: IterationContext): Promise<void> {
  const name = `xh-load-${runTag(ctx)}-${ctx.vu.idInTest}-${ctx.iterationInVu}`;
  const cloned = await xapiCallAsync(s, ctx, 'VM.clone', [s.template, name]);
  if (!ctx.check(cloned, okCheck('clone')) || !cloned.ok) return;
  const vm = cloned.value as string;
  let destroyed = false;
  try {
    const tagged = await xapiCall(s, ctx, 'VM.add_to_other_config', [vm, RUN_TAG_KEY, runTag(ctx)]);
    if (!ctx.check(tagged, okCheck('tag'))) return;
    const steps: readonly (readonly [string, readonly unknown[]])[] = [
      ['VM.provision', [vm]],
      ['VM.start', [vm, false, false]],
      ['VM.suspend', [vm]],
      ['VM.resume', [vm, false, false]],
      ['VM.shutdown', [vm]],
      ['VM.destroy', [vm]],
    ];
    for (const [method, args] of steps) {
      const r = await xapiCallAsync(s, ctx, method, args);
      if (!ctx.check(r, okCheck(method.slice(3))) || ctx.signal.aborted) return;
      if (method === 'VM.destroy') destroyed = true;
    }
  } finally {
    if (!destroyed) await cleanup(s, ctx, vm);
  }
}

/** Best effort: leave no VM behind (it is tagged, so `sweep` would find it otherwise). */
async function cleanup(s: LifecycleState, ctx: IterationContext, vm: string): Promise<void> {
  const state = await xapiCall(s, ctx, 'VM.get_power_state', [vm]);
  if (state.ok && state.value !== 'Halted' && state.value !== 'halted') {
    await xapiCall(s, ctx, 'VM.hard_shutdown', [vm]);
  }
  const r = await xapiCall(s, ctx, 'VM.destroy', [vm]);
  ctx.metrics.rate('cleanup_succeeded', r.ok);
}

export const scenario = defineLoad<LifecycleState>({
  name: 'lifecycle-mix',
  description: 'clone → provision → start → suspend → resume → shutdown → destroy, all Async tasks',
  options: {
    scenarios: {
      lifecycle: { executor: 'constant-vus', vus: 4, duration: '30s', gracefulStop: '30s' },
    },
    thresholds: {
      checks: ['rate>0.99'],
      iteration_errors: ['count==0'],
      'xapi_req_duration{method:Async.VM.start}': ['p(95)<30000'],
      'xapi_req_duration{method:Async.VM.clone}': ['p(95)<30000'],
    },
  },
  setupVu,
  teardownVu: xapiTeardownVu,
  functions: { default: lifecycle },
});
