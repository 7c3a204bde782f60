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
  /** The pool's default SR uuid, which `xe vm-install` writes into the template's sr="" disks. */
  defaultSrUuid: string | undefined;
}

async function findDefaultSrUuid(base: XapiVuState, ctx: VuInitContext): Promise<string | undefined> {
  const pools = await xapiCall(base, ctx, 'pool.get_all', []);
  const pool = pools.ok ? (pools.value as readonly string[])[0] : undefined;
  if (pool === undefined) return undefined;
  const sr = await xapiCall(base, ctx, 'pool.get_default_SR', [pool]);
  if (!sr.ok || sr.value === 'OpaqueRef:NULL') return undefined;
  const uuid = await xapiCall(base, ctx, 'SR.get_uuid', [sr.value]);
  return uuid.ok ? (uuid.value as string) : undefined;
}

async function setupVu(ctx: VuInitContext): Promise<LifecycleState> {
  const base = await xapiSetupVu()(ctx);
  const found = await xapiCall(base, ctx, 'VM.get_by_name_label', [templateName(ctx)]);
  const template = found.ok ? (found.value as readonly string[])[0] : undefined;
  if (template === undefined) throw new Error(`VU set-up: no template named '${templateName(ctx)}'`);
  return Object.assign(base, { template, defaultSrUuid: await findDefaultSrUuid(base, ctx) });
}

const EMPTY_SR = /\bsr\s*=\s*(""|'')/;

/**
 * What `xe vm-install` and XenCenter do before VM.provision: the default templates' "disks" say sr="",
 * which xapi does not resolve (xen-api ocaml/xapi/xapi_templates.ml: UUID_INVALID ["sr"; ""]).
 */
async function pointDisksAtDefaultSr(s: LifecycleState, ctx: IterationContext, vm: string): Promise<boolean> {
  if (s.defaultSrUuid === undefined) return true;
  const other = await xapiCall(s, ctx, 'VM.get_other_config', [vm]);
  const disks = other.ok ? (other.value as Readonly<Record<string, string>>)['disks'] : undefined;
  if (disks === undefined || !EMPTY_SR.test(disks)) return true;
  const rewritten = disks.replaceAll(new RegExp(EMPTY_SR, 'g'), `sr="${s.defaultSrUuid}"`);
  const removed = await xapiCall(s, ctx, 'VM.remove_from_other_config', [vm, 'disks']);
  const added = await xapiCall(s, ctx, 'VM.add_to_other_config', [vm, 'disks', rewritten]);
  return ctx.check(added, okCheck('disks on the default SR')) && removed.ok;
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
    if (!(await pointDisksAtDefaultSr(s, ctx, vm))) return;
    const steps: readonly (readonly [string, readonly unknown[]])[] = [
      ['VM.provision', [vm]],
      ['VM.start', [vm, false, false]],
      ['VM.suspend', [vm]],
      ['VM.resume', [vm, false, false]],
      ['VM.shutdown', [vm]],
      ['VM.destroy', [vm]],
    ];
    for (const [method, args] of steps) {
      // VM.destroy keeps the VM's VDIs (SEMANTICS.md §4 Destroy), so read them first and destroy them
      // after, as `xe vm-uninstall` does; otherwise every iteration leaks disks until SR_FULL.
      const vdis = method === 'VM.destroy' ? await vmDisks(s, ctx, vm) : [];
      const r = await xapiCallAsync(s, ctx, method, args);
      if (!ctx.check(r, okCheck(method.slice(3))) || ctx.signal.aborted) return;
      if (method === 'VM.destroy') {
        destroyed = true;
        await destroyDisks(s, ctx, vdis);
      }
    }
  } finally {
    if (!destroyed) await cleanup(s, ctx, vm);
  }
}

/** The VDIs behind the VM's disk VBDs (CD drives have a null VDI). */
async function vmDisks(s: LifecycleState, ctx: IterationContext, vm: string): Promise<string[]> {
  const vbds = await xapiCall(s, ctx, 'VM.get_VBDs', [vm]);
  if (!vbds.ok) return [];
  const vdis: string[] = [];
  for (const vbd of vbds.value as readonly string[]) {
    const vdi = await xapiCall(s, ctx, 'VBD.get_VDI', [vbd]);
    if (vdi.ok && vdi.value !== 'OpaqueRef:NULL') vdis.push(vdi.value as string);
  }
  return vdis;
}

async function destroyDisks(
  s: LifecycleState,
  ctx: IterationContext,
  vdis: readonly string[],
): Promise<void> {
  for (const vdi of vdis) ctx.check(await xapiCall(s, ctx, 'VDI.destroy', [vdi]), okCheck('VDI.destroy'));
}

/** Best effort: leave no VM or disk behind (the VM is tagged, so `sweep` would find it otherwise). */
async function cleanup(s: LifecycleState, ctx: IterationContext, vm: string): Promise<void> {
  const state = await xapiCall(s, ctx, 'VM.get_power_state', [vm]);
  if (state.ok && state.value !== 'Halted' && state.value !== 'halted') {
    await xapiCall(s, ctx, 'VM.hard_shutdown', [vm]);
  }
  const vdis = await vmDisks(s, ctx, vm);
  const r = await xapiCall(s, ctx, 'VM.destroy', [vm]);
  ctx.metrics.rate('cleanup_succeeded', r.ok);
  if (r.ok) await destroyDisks(s, ctx, vdis);
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
