// pool-migrate-under-load: VMs on shared storage moved back and forth between the pool's hosts
// (Async.VM.pool_migrate, docs/SEMANTICS.md §11) while other clients read records at a steady rate. Each
// migration is checked: the task succeeds and resident_on names the destination. The read scenario's latency
// shows what migrations cost everyone else. Each migrating VU makes one VM (tagged with the run id) at set-up
// and destroys it, with its disk, at tear-down.
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiCallAsync, xapiSetupVu, xapiTeardownVu } from '../src/load/xapi-vu.ts';
import type { XapiCallResult, XapiVuState } from '../src/load/xapi-vu.ts';
import { RUN_TAG_KEY, runTag, templateName } from './run-tag.ts';

interface MigrateState extends XapiVuState {
  hosts: readonly string[];
  /** The VU's own VM (migrating VUs) and its disks; undefined for readers. */
  vm: string | undefined;
  disks: readonly string[];
  vms: readonly string[];
}

const ok = (what: string) => ({ [what]: (r: XapiCallResult) => r.ok });

function must(r: XapiCallResult, what: string): unknown {
  if (!r.ok) throw new Error(`VU set-up: ${what}: ${r.code} ${r.params.join(' ')}`);
  return r.value;
}

/** A running VM whose disk is on the pool's default SR (shared in a pool), tagged for sweep. */
async function makeVm(s: XapiVuState, ctx: VuInitContext): Promise<{ vm: string; disks: string[] }> {
  const template = (
    must(await xapiCall(s, ctx, 'VM.get_by_name_label', [templateName(ctx)]), 'template') as string[]
  )[0];
  if (template === undefined) throw new Error(`VU set-up: no template named '${templateName(ctx)}'`);
  const pool = (must(await xapiCall(s, ctx, 'pool.get_all'), 'pool') as string[])[0] ?? '';
  const sr = must(await xapiCall(s, ctx, 'pool.get_default_SR', [pool]), 'default SR') as string;
  const uuid = must(await xapiCall(s, ctx, 'SR.get_uuid', [sr]), 'SR uuid') as string;
  const vm = must(
    await xapiCall(s, ctx, 'VM.clone', [template, `xh-migrate-${runTag(ctx)}-${ctx.vu.idInTest}`]),
    'clone',
  ) as string;
  must(await xapiCall(s, ctx, 'VM.add_to_other_config', [vm, RUN_TAG_KEY, runTag(ctx)]), 'tag');
  const other = must(await xapiCall(s, ctx, 'VM.get_other_config', [vm]), 'other_config') as Record<
    string,
    string
  >;
  const disks = other['disks'];
  if (disks !== undefined) {
    must(await xapiCall(s, ctx, 'VM.remove_from_other_config', [vm, 'disks']), 'disks');
    must(
      await xapiCall(s, ctx, 'VM.add_to_other_config', [
        vm,
        'disks',
        disks.replace(/\bsr\s*=\s*(""|'')/g, `sr="${uuid}"`),
      ]),
      'disks',
    );
  }
  must(await xapiCall(s, ctx, 'VM.provision', [vm]), 'provision');
  must(await xapiCall(s, ctx, 'VM.start', [vm, false, false]), 'start');
  const vdis: string[] = [];
  for (const vbd of must(await xapiCall(s, ctx, 'VM.get_VBDs', [vm]), 'VBDs') as string[]) {
    const vdi = await xapiCall(s, ctx, 'VBD.get_VDI', [vbd]);
    if (vdi.ok && vdi.value !== 'OpaqueRef:NULL') vdis.push(vdi.value as string);
  }
  return { vm, disks: vdis };
}

async function setupVu(ctx: VuInitContext): Promise<MigrateState> {
  const base = await xapiSetupVu()(ctx);
  const hosts = (must(await xapiCall(base, ctx, 'host.get_all'), 'hosts') as string[]).sort();
  const vms = must(await xapiCall(base, ctx, 'VM.get_all'), 'VMs') as string[];
  const state: MigrateState = Object.assign(base, { hosts, vm: undefined, disks: [], vms });
  if (ctx.scenario === 'migrate') {
    if (hosts.length < 2) throw new Error('pool-migrate-under-load needs a pool of two hosts or more');
    Object.assign(state, await makeVm(base, ctx));
  }
  return state;
}

/** Moves the VU's VM to the next host in turn and checks it arrived. */
async function migrate(s: MigrateState, ctx: IterationContext): Promise<void> {
  if (s.vm === undefined) return;
  const to = s.hosts[(ctx.iterationInVu + ctx.vu.idInTest) % s.hosts.length]!;
  const r = await xapiCallAsync(s, ctx, 'VM.pool_migrate', [s.vm, to, {}]);
  if (!ctx.check(r, ok('pool_migrate succeeded'))) return;
  const at = await xapiCall(s, ctx, 'VM.get_resident_on', [s.vm]);
  ctx.check(at, { 'resident_on is the destination': (x) => x.ok && x.value === to });
}

/** What the other clients do meanwhile: a VM record and the host list. */
async function read(s: MigrateState, ctx: IterationContext): Promise<void> {
  const vm = s.vms[ctx.iterationInTest % Math.max(1, s.vms.length)] ?? '';
  ctx.check(await xapiCall(s, ctx, 'VM.get_record', [vm]), ok('read a VM'));
  ctx.check(await xapiCall(s, ctx, 'host.get_all_records'), ok('read the hosts'));
}

async function teardownVu(s: MigrateState, ctx: VuInitContext): Promise<void> {
  if (s.vm !== undefined) {
    await xapiCall(s, ctx, 'VM.hard_shutdown', [s.vm]);
    await xapiCall(s, ctx, 'VM.destroy', [s.vm]);
    for (const vdi of s.disks) await xapiCall(s, ctx, 'VDI.destroy', [vdi]);
  }
  await xapiTeardownVu(s, ctx);
}

export const scenario = defineLoad<MigrateState>({
  name: 'pool-migrate-under-load',
  description: 'VMs migrated back and forth between pool hosts while readers keep a steady rate',
  emulatorHosts: 3,
  options: {
    scenarios: {
      migrate: { executor: 'constant-vus', vus: 2, duration: '15s', exec: 'migrate', gracefulStop: '30s' },
      reads: {
        executor: 'constant-arrival-rate',
        rate: 50,
        duration: '15s',
        preAllocatedVUs: 4,
        maxVUs: 20,
        exec: 'read',
        gracefulStop: '5s',
      },
    },
    thresholds: {
      checks: ['rate>0.99'],
      iteration_errors: ['count==0'],
      'xapi_req_latency{scenario:reads,method:VM.get_record}': ['p(99)<1000'],
    },
  },
  setupVu,
  teardownVu,
  functions: { migrate, read, default: read },
});
