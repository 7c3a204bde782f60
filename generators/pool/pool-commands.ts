// Generated pool commands (docs/SEMANTICS.md §11): make a VM with its disk on a chosen SR (shared, or one
// host's local storage), start it (placement) or start it on a chosen host, migrate it to a chosen host, halt
// it. Every answer is checked against the model's pool rules on the pool as read just before, and after each
// step resident_on and host.resident_VMs must agree. Targets are picked by index, so shrinking keeps them valid.
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import type { PoolView } from '../../src/model/index.ts';
import { orderedHosts, predictPoolMigrate, predictStart, predictStartOn } from '../../src/model/index.ts';
import { command, pick } from '../command.ts';
import { expectCall, expectState, must, poolSrs, readPool, vmWithDiskOn } from './pool-steps.ts';

const NULL = 'OpaqueRef:NULL';
const MAX_VMS = 3;

/** The harness's own VMs in the pool (made by poolVmCommand), in creation order. */
function poolVms(d: Driver): string[] {
  return d
    .ownedVms()
    .filter((v) => !v.isTemplate && !v.isSnapshot)
    .map((v) => v.ref);
}

/** resident_on and host.resident_VMs agree for every VM; a halted or suspended VM resides nowhere. */
export function checkResidency(d: Driver, view: PoolView): void {
  for (const vm of view.vms.values()) {
    const live = vm.powerState === 'Running' || vm.powerState === 'Paused';
    const host = view.hosts.get(vm.residentOn);
    expectState(
      d,
      live ? host !== undefined : vm.residentOn === NULL,
      `resident_on of ${vm.ref} (${vm.powerState})`,
      live ? 'a host' : NULL,
      vm.residentOn,
    );
    if (host !== undefined)
      expectState(
        d,
        host.residentVms.includes(vm.ref),
        `host.resident_VMs of ${host.ref} lacks ${vm.ref}`,
        vm.ref,
        host.residentVms.join(','),
      );
  }
  for (const h of view.hosts.values()) {
    for (const vm of h.residentVms) {
      const at = view.vms.get(vm)?.residentOn;
      expectState(d, at === h.ref, `${h.ref} lists ${vm} but its resident_on is ${at}`, h.ref, String(at));
    }
  }
}

/**
 * Reads the pool after a call that puts `vm` on `host` (start_on, pool_migrate): when the call succeeded the
 * VM resides there (`what` says which promise that is), and residency agrees everywhere. Returns the pool read.
 */
export async function expectResidentOn(
  d: Driver,
  vm: string,
  host: string,
  succeeded: boolean,
  what: string,
): Promise<PoolView> {
  const view = await readPool(d);
  const at = view.vms.get(vm)?.residentOn ?? NULL;
  if (succeeded) expectState(d, at === host, what, host, at);
  checkResidency(d, view);
  return view;
}

export const poolVmCommand = fc.nat().map((i) =>
  command(
    `make a VM with its disk on pool SR #${i}`,
    (d) => poolVms(d).length < MAX_VMS,
    async (d) => {
      const view = await readPool(d);
      const { local, shared } = poolSrs(d, view);
      const choices = [
        ...(shared === undefined ? [] : [shared]),
        ...orderedHosts(view).flatMap((h) => local.get(h.ref) ?? []),
      ];
      const sr = pick(choices, i);
      if (sr === undefined) return;
      await vmWithDiskOn(d, sr, `pool-walk-${poolVms(d).length}`);
    },
  ),
);

export const poolStartCommand = fc.tuple(fc.nat(), fc.option(fc.nat(), { nil: undefined })).map(([i, h]) =>
  command(
    h === undefined ? `VM.start pool VM #${i} (placement)` : `VM.start_on pool VM #${i} on host #${h}`,
    (d) => poolVms(d).length > 0,
    async (d) => {
      const vm = pick(poolVms(d), i);
      if (vm === undefined) return;
      let view = await readPool(d);
      const host = h === undefined ? undefined : pick(orderedHosts(view), h);
      if (host === undefined) {
        const p = predictStart(view, vm);
        const o = await expectCall(d, 'VM.start', [d.session, vm, false, false], p.expected);
        view = await readPool(d);
        const at = view.vms.get(vm)?.residentOn ?? NULL;
        if (o.ok)
          expectState(d, p.hosts.includes(at), `VM.start placed ${vm} on ${at}`, p.hosts.join(' | '), at);
        checkResidency(d, view);
      } else {
        const o = await expectCall(
          d,
          'VM.start_on',
          [d.session, vm, host.ref, false, false],
          predictStartOn(view, vm, host.ref, 'start_on'),
        );
        await expectResidentOn(d, vm, host.ref, o.ok, 'VM.start_on runs the VM there');
      }
    },
  ),
);

export const poolMigrateCommand = fc.tuple(fc.nat(), fc.nat()).map(([i, h]) =>
  command(
    `VM.pool_migrate pool VM #${i} to host #${h}`,
    (d) => poolVms(d).length > 0,
    async (d) => {
      const vm = pick(poolVms(d), i);
      if (vm === undefined) return;
      const view = await readPool(d);
      const host = pick(orderedHosts(view), h);
      if (host === undefined) return;
      const o = await expectCall(
        d,
        'VM.pool_migrate',
        [d.session, vm, host.ref, {}],
        predictPoolMigrate(view, vm, host.ref),
      );
      await expectResidentOn(d, vm, host.ref, o.ok, 'VM.pool_migrate moves resident_on');
    },
  ),
);

export const poolHaltCommand = fc.nat().map((i) =>
  command(
    `VM.hard_shutdown pool VM #${i} (when it runs)`,
    (d) => poolVms(d).length > 0,
    async (d) => {
      const vm = pick(poolVms(d), i);
      if (vm === undefined) return;
      const view = await readPool(d);
      const state = view.vms.get(vm)?.powerState;
      if (state === undefined || state === 'Halted') return;
      await must(d, 'VM.hard_shutdown', [d.session, vm]);
    },
  ),
);
