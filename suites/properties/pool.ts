// Pool semantics (docs/SEMANTICS.md §11), checked against src/model/pool's rules: placement and resident_on,
// start_on a disabled host, migrate with local vs shared disks, evacuation, the redirect from a member, the
// coordinator change, host.allowed_operations. On the emulator each case gets a pool of its own (3 hosts); on a
// real target the properties that need several hosts run when host.get_all lists more than one, and those that
// disable, evacuate or move the coordinator only with --allow-disruptive.
import type { Driver } from '../../src/harness/driver.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases, POOL_TRANSITIONS, singleCase } from '../../src/harness/index.ts';
import type { Observed, PoolView } from '../../src/model/index.ts';
import {
  certainBlockers,
  evacuationBlockers,
  fails,
  hostAllowedOperations,
  memberRedirect,
  observedToString,
  oneOf,
  orderedHosts,
  predictPoolMigrate,
  predictStart,
  predictStartOn,
  succeeds,
} from '../../src/model/index.ts';
import { anyParam } from '../../src/model/index.ts';
import {
  eventually,
  expectCall,
  expectState,
  must,
  poolSrs,
  readPool,
  vmWithDiskOn,
} from '../../generators/pool/pool-steps.ts';
import {
  checkResidency,
  expectResidentOn,
  poolHaltCommand,
  poolMigrateCommand,
  poolStartCommand,
  poolVmCommand,
} from '../../generators/pool/pool-commands.ts';

const POOL_HOSTS = 3;
const NULL = 'OpaqueRef:NULL';

function valueMap(o: Observed): Readonly<Record<string, unknown>> {
  return o.ok && typeof o.value === 'object' && o.value !== null && !Array.isArray(o.value)
    ? (o.value as Record<string, unknown>)
    : {};
}

/** host.allowed_operations of every host with no operation running equals xapi_host_helpers' set. */
function checkHostOperations(d: Driver, view: PoolView, records: Readonly<Record<string, unknown>>): void {
  for (const h of view.hosts.values()) {
    if (h.currentOps.length > 0) continue;
    const rec = records[h.ref];
    const seen =
      typeof rec === 'object' && rec !== null
        ? (rec as Record<string, unknown>)['allowed_operations']
        : undefined;
    const got = Array.isArray(seen) ? seen.map(String).sort() : [];
    const want = hostAllowedOperations(h).sort();
    expectState(
      d,
      got.join(',') === want.join(','),
      `host.allowed_operations of ${h.ref}`,
      want.join(','),
      got.join(','),
    );
  }
}

async function hostRecords(d: Driver): Promise<Readonly<Record<string, unknown>>> {
  const o = await must(d, 'host.get_all_records', [d.session]);
  return typeof o === 'object' && o !== null ? (o as Record<string, unknown>) : {};
}

/** Placement, start_on, pool_migrate with shared and local disks, affinity; resident_on kept consistent. */
async function placementCase(d: Driver): Promise<void> {
  let view = await readPool(d);
  const hosts = orderedHosts(view);
  const { local, shared } = poolSrs(d, view);
  const [a, b] = [hosts[0]!, hosts[1]!];
  const localA = local.get(a.ref);
  const localB = local.get(b.ref);
  if (localA === undefined || localB === undefined) return d.abandonCase('hosts without a local SR');

  // A VM whose disk is on B's local storage can only run on B.
  const vmB = await vmWithDiskOn(d, localB, 'pool-local-b');
  view = await readPool(d);
  await expectCall(
    d,
    'VM.start_on',
    [d.session, vmB, a.ref, false, false],
    predictStartOn(view, vmB, a.ref, 'start_on'),
  );
  const start = predictStart(view, vmB);
  await expectCall(d, 'VM.start', [d.session, vmB, false, false], start.expected);
  view = await readPool(d);
  const placed = view.vms.get(vmB)?.residentOn ?? NULL;
  expectState(
    d,
    start.hosts.includes(placed),
    `VM.start placed ${vmB} on ${placed}`,
    start.hosts.join(' | '),
    placed,
  );
  checkResidency(d, view);

  // pool_migrate of a VM with a local disk: VM_REQUIRES_SR on another host; the VM's own host: localhost migration.
  await expectCall(d, 'VM.pool_migrate', [d.session, vmB, a.ref, {}], predictPoolMigrate(view, vmB, a.ref));
  view = await readPool(d);
  await expectCall(d, 'VM.pool_migrate', [d.session, vmB, placed, {}], predictPoolMigrate(view, vmB, placed));
  view = await expectResidentOn(d, vmB, placed, true, 'a localhost migration keeps resident_on');

  if (shared === undefined) return;
  // A VM on shared storage: start_on B, migrate to A and back; then affinity decides where VM.start puts it.
  const vmS = await vmWithDiskOn(d, shared, 'pool-shared');
  view = await readPool(d);
  await expectCall(
    d,
    'VM.start_on',
    [d.session, vmS, b.ref, false, false],
    predictStartOn(view, vmS, b.ref, 'start_on'),
  );
  view = await expectResidentOn(d, vmS, b.ref, true, 'VM.start_on runs the VM on that host');
  for (const to of [a.ref, b.ref]) {
    const want = predictPoolMigrate(view, vmS, to);
    const r = await expectCall(d, 'VM.pool_migrate', [d.session, vmS, to, {}], want);
    view = await expectResidentOn(d, vmS, to, r.ok, 'VM.pool_migrate moves resident_on');
  }
  await must(d, 'VM.hard_shutdown', [d.session, vmS]);
  await must(d, 'VM.set_affinity', [d.session, vmS, a.ref]);
  view = await readPool(d);
  const s2 = predictStart(view, vmS);
  await expectCall(d, 'VM.start', [d.session, vmS, false, false], s2.expected);
  view = await readPool(d);
  const at = view.vms.get(vmS)?.residentOn ?? NULL;
  expectState(
    d,
    s2.hosts.includes(at),
    'VM.start honours affinity when the host can run the VM',
    s2.hosts.join(' | '),
    at,
  );
  expectState(
    d,
    view.vms.get(vmS)?.affinity === a.ref,
    'starting keeps VM.affinity',
    a.ref,
    String(view.vms.get(vmS)?.affinity),
  );
  checkResidency(d, view);
}

/** A member redirects logins and session-checked calls to the coordinator; local sessions work there. */
async function redirectCase(d: Driver): Promise<void> {
  const view = await readPool(d);
  for (const m of orderedHosts(view).slice(1)) {
    const member = d.clientAt(m.address);
    const redirect = memberRedirect(view);
    await expectCall(d, 'session.login_with_password', [d.user, d.password], redirect, member);
    // The redirect comes before the password is checked (xapi_session.ml).
    await expectCall(d, 'session.login_with_password', [d.user, `${d.password}-wrong`], redirect, member);
    await expectCall(d, 'host.get_all', [d.session], redirect, member);
    const bogus = 'OpaqueRef:00000000-0000-4000-8000-000000000000';
    await expectCall(d, 'host.get_all', [bogus], fails('SESSION_INVALID', [bogus]), member);
    const local = await expectCall(
      d,
      'session.slave_local_login_with_password',
      [d.user, d.password],
      succeeds(),
      member,
    );
    const ls = local.ok && typeof local.value === 'string' ? local.value : '';
    await expectCall(d, 'host.get_all', [ls], succeeds(), member);
    await expectCall(d, 'session.local_logout', [ls], succeeds(), member);
    await expectCall(d, 'host.get_all', [ls], fails('SESSION_INVALID', [ls]), member);
    await expectCall(
      d,
      'session.slave_local_login_with_password',
      [d.user, `${d.password}-wrong`],
      fails('SESSION_AUTHENTICATION_FAILED', [d.user, anyParam]),
      member,
    );
  }
}

/** Works on one host too: allowed_operations, evacuation blockers, localhost migration, empty evacuation. */
async function hostOperationsCase(d: Driver): Promise<void> {
  let view = await readPool(d);
  const { local, shared } = poolSrs(d, view);
  const master = view.master;
  const sr = shared ?? local.get(master);
  if (sr === undefined) return d.abandonCase('no user SR on the coordinator');
  const vm = await vmWithDiskOn(d, sr, 'pool-ops');
  view = await readPool(d);
  await expectCall(
    d,
    'VM.start_on',
    [d.session, vm, master, false, false],
    predictStartOn(view, vm, master, 'start_on'),
  );
  view = await readPool(d);
  checkHostOperations(d, view, await hostRecords(d));
  await expectCall(d, 'VM.pool_migrate', [d.session, vm, master, {}], predictPoolMigrate(view, vm, master));
  for (const h of view.hosts.values()) await checkBlockers(d, view, h.ref);
  await must(d, 'VM.hard_shutdown', [d.session, vm]);
}

/** Disabling a host: start_on it fails, placement avoids it, allowed_operations follow; enable restores it. */
async function disableCase(d: Driver): Promise<void> {
  let view = await readPool(d);
  const b = orderedHosts(view)[1]!;
  const { local, shared } = poolSrs(d, view);
  const localB = local.get(b.ref);
  await expectCall(d, 'host.disable', [d.session, b.ref], succeeds());
  try {
    view = await readPool(d);
    checkHostOperations(d, view, await hostRecords(d));
    if (localB !== undefined) {
      const vmB = await vmWithDiskOn(d, localB, 'pool-disabled-local');
      view = await readPool(d);
      await expectCall(
        d,
        'VM.start_on',
        [d.session, vmB, b.ref, false, false],
        predictStartOn(view, vmB, b.ref, 'start_on'),
      );
      await expectCall(d, 'VM.start', [d.session, vmB, false, false], predictStart(view, vmB).expected);
    }
    if (shared !== undefined) {
      const vmS = await vmWithDiskOn(d, shared, 'pool-disabled-shared');
      view = await readPool(d);
      const s = predictStart(view, vmS);
      await expectCall(d, 'VM.start', [d.session, vmS, false, false], s.expected);
      view = await readPool(d);
      const at = view.vms.get(vmS)?.residentOn ?? NULL;
      expectState(
        d,
        at !== b.ref && s.hosts.includes(at),
        'VM.start avoids a disabled host',
        s.hosts.join(' | '),
        at,
      );
      await expectCall(
        d,
        'VM.pool_migrate',
        [d.session, vmS, b.ref, {}],
        predictPoolMigrate(view, vmS, b.ref),
      );
      await must(d, 'VM.hard_shutdown', [d.session, vmS]);
    }
  } finally {
    await d.unchecked('host.enable', [d.session, b.ref]);
  }
  view = await readPool(d);
  expectState(
    d,
    view.hosts.get(b.ref)?.enabled === true,
    'host.enable enables the host',
    'true',
    String(view.hosts.get(b.ref)?.enabled),
  );
  checkHostOperations(d, view, await hostRecords(d));
}

/** get_vms_which_prevent_evacuation as predicted: the VMs and, where certain, their reasons. */
async function checkBlockers(
  d: Driver,
  view: PoolView,
  host: string,
): Promise<(readonly string[])[] | undefined> {
  const exact = certainBlockers(evacuationBlockers(view, host));
  const o = await expectCall(d, 'host.get_vms_which_prevent_evacuation', [d.session, host], succeeds());
  if (exact === undefined) return undefined;
  const text = (m: Iterable<[string, unknown]>): string =>
    [...m]
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
      .sort()
      .join(' ');
  const got = text(Object.entries(valueMap(o)));
  expectState(d, got === text(exact), `host.get_vms_which_prevent_evacuation ${host}`, text(exact), got);
  return [...exact.values()];
}

/**
 * Evacuation of member B (disabled first, as clients do): with a VM whose disk is on B's local SR, the
 * blockers name it (VM_REQUIRES_SR) and host.evacuate fails with that error; with a VM on shared storage,
 * evacuate moves it and leaves B without user VMs.
 */
async function evacuateCase(d: Driver, localDisk: boolean): Promise<void> {
  let view = await readPool(d);
  const b = orderedHosts(view)[1]!;
  const { local, shared } = poolSrs(d, view);
  const sr = localDisk ? local.get(b.ref) : shared;
  if (sr === undefined) return d.abandonCase(localDisk ? 'no local SR on the member' : 'no shared SR');
  const vm = await vmWithDiskOn(d, sr, localDisk ? 'pool-evac-local' : 'pool-evac-shared');
  view = await readPool(d);
  await expectCall(
    d,
    'VM.start_on',
    [d.session, vm, b.ref, false, false],
    predictStartOn(view, vm, b.ref, 'start_on'),
  );
  await expectCall(d, 'host.disable', [d.session, b.ref], succeeds());
  try {
    view = await readPool(d);
    const errors = await checkBlockers(d, view, b.ref);
    if (errors === undefined) return; // guests without PV drivers: which VMs block is the guest's call
    const expected = errors.length === 0 ? succeeds() : oneOf(...errors.map((e) => fails(e[0]!, e.slice(1))));
    const r = await expectCall(d, 'host.evacuate', [d.session, b.ref], expected);
    if (!r.ok) return;
    view = await readPool(d);
    const left = (view.hosts.get(b.ref)?.residentVms ?? []).filter(
      (v) => view.vms.get(v)?.isControlDomain !== true,
    );
    expectState(d, left.length === 0, `host.evacuate left VMs on ${b.ref}`, 'none', left.join(','));
    const s = view.vms.get(vm);
    expectState(
      d,
      s?.powerState === 'Running' && s.residentOn !== b.ref && view.hosts.has(s.residentOn),
      'an evacuated VM runs on another host',
      'Running elsewhere',
      `${s?.powerState} on ${s?.residentOn}`,
    );
    checkResidency(d, view);
  } finally {
    await d.unchecked('host.enable', [d.session, b.ref]);
  }
}

/** pool.designate_new_master: the coordinator moves, the old one redirects, sessions start over; then back. */
async function coordinatorCase(d: Driver): Promise<void> {
  let view = await readPool(d);
  const [a, b] = [orderedHosts(view)[0]!, orderedHosts(view)[1]!];
  // A real pool's toolstacks restart for a while; each wait ends at the first good answer.
  const wait = 120_000;
  // Naming the current coordinator changes nothing.
  await expectCall(d, 'pool.designate_new_master', [d.session, a.ref], succeeds());
  const moveTo = async (to: typeof a, from: typeof a, session: string, via = d.client): Promise<string> => {
    const o = await d.uncheckedOn(via, 'pool.designate_new_master', [session, to.ref]);
    if (!o.ok) d.violation('pool.designate_new_master failed', 'success', `${o.code} ${o.params.join(' ')}`);
    const next = d.clientAt(to.address);
    const up = await eventually(async () => {
      const l = await next
        .attempt('session.login_with_password', [d.user, d.password])
        .catch(() => undefined);
      if (l?.ok !== true || typeof l.value !== 'string') return false;
      await next.attempt('session.logout', [l.value]).catch(() => undefined);
      return true;
    }, wait);
    expectState(d, up, `login at the new coordinator ${to.address}`, 'a session', 'refused');
    // The session the case goes on with comes from a call of the driver's, so that a differential run makes
    // it on side B's new coordinator too (issue 15); the probes above only wait for the toolstack.
    const l = await d.uncheckedOn(next, 'session.login_with_password', [d.user, d.password]);
    const fresh = l.ok && typeof l.value === 'string' ? l.value : '';
    expectState(
      d,
      fresh !== '',
      `login at the new coordinator ${to.address}`,
      'a session',
      observedToString(l),
    );
    const old = d.clientAt(from.address);
    await eventually(async () => {
      const l = await old.attempt('session.login_with_password', [d.user, d.password]).catch(() => undefined);
      return l !== undefined && !l.ok && l.code === 'HOST_IS_SLAVE';
    }, wait);
    await expectCall(
      d,
      'session.login_with_password',
      [d.user, d.password],
      fails('HOST_IS_SLAVE', [to.address]),
      old,
    );
    return fresh;
  };
  const atB = await moveTo(b, a, d.session);
  view = await poolAt(d, b.address, atB);
  expectState(d, view.master === b.ref, 'pool.master names the new coordinator', b.ref, view.master);
  // Sessions do not survive the toolstack restarts (not persisted, §10).
  await expectCall(
    d,
    'pool.get_all',
    [d.session],
    oneOf(fails('SESSION_INVALID', [d.session]), fails('HOST_IS_SLAVE', [b.address])),
  );
  const atA = await moveTo(a, b, atB, d.clientAt(b.address));
  d.session = atA;
}

async function poolAt(d: Driver, address: string, session: string): Promise<PoolView> {
  const saved = d.session;
  const client = d.clientAt(address);
  const o = await d.uncheckedOn(client, 'pool.get_all_records', [session]);
  d.session = saved;
  const pools = Object.entries(valueMap(o));
  const rec = (pools[0]?.[1] ?? {}) as Record<string, unknown>;
  return {
    pool: pools[0]?.[0] ?? '',
    master: String(rec['master']),
    hosts: new Map(),
    vms: new Map(),
    sharedSrs: new Set(),
  };
}

// Each case is a fixed scenario (no generated input): one run says all it can.
const POOL = { area: 'pool', feature: 'pool', numRuns: 1 } as const;
const poolOf = (n: number) => () => ({ hosts: n });
/** A property that needs a pool: on the emulator, each case on a pool of POOL_HOSTS hosts of its own. */
const ON_A_POOL = { ...POOL, minHosts: 2, dedicated: poolOf(POOL_HOSTS) } as const;

export const POOL_PROPERTIES: readonly PropertyDef[] = [
  {
    ...ON_A_POOL,
    id: 'pool/VM/pool_migrate/random-walk',
    name: 'random VMs on shared or local disks, started, started on, migrated and halted across the pool',
    story: 'VM.pool_migrate',
    // Generated sequences: a few runs, each on a pool of its own.
    numRuns: 5,
    cases: () =>
      commandCases(
        [
          poolVmCommand,
          poolVmCommand,
          poolStartCommand,
          poolStartCommand,
          poolMigrateCommand,
          poolMigrateCommand,
          poolHaltCommand,
        ],
        10,
      ),
  },
  {
    ...POOL,
    id: 'pool/host/allowed_operations/single-and-pool',
    name: 'host.allowed_operations, evacuation blockers and a localhost migration follow xapi (one host or a pool)',
    story: 'host.get_vms_which_prevent_evacuation',
    transitions: () => POOL_TRANSITIONS.hostOperations,
    cases: () => singleCase('host operations', hostOperationsCase),
  },
  {
    ...ON_A_POOL,
    id: 'pool/VM/start/placement',
    name: 'VM.start places by disks, affinity and free memory; start_on and pool_migrate follow the boot checks',
    story: 'VM.start',
    transitions: () => POOL_TRANSITIONS.placement,
    cases: () => singleCase('placement', placementCase),
  },
  {
    ...ON_A_POOL,
    id: 'pool/session/login_with_password/member-redirect',
    name: 'a member answers HOST_IS_SLAVE with the coordinator address; local sessions work on it',
    story: 'session.login_with_password',
    transitions: () => POOL_TRANSITIONS.redirect,
    cases: () => singleCase('redirect', redirectCase),
  },
  {
    ...ON_A_POOL,
    id: 'pool/host/disable/start-on-disabled',
    name: 'a disabled host takes no new VM (HOST_DISABLED, placement elsewhere) until enabled',
    story: 'host.disable',
    disruptive: true,
    transitions: () => POOL_TRANSITIONS.disable,
    cases: () => singleCase('disable', disableCase),
  },
  {
    ...ON_A_POOL,
    id: 'pool/host/evacuate/local-disk-blocks',
    name: 'a VM with a local disk prevents evacuation (VM_REQUIRES_SR), and host.evacuate fails with it',
    story: 'host.evacuate',
    disruptive: true,
    transitions: () => POOL_TRANSITIONS.evacuateLocal,
    cases: () => singleCase('evacuate local', (d) => evacuateCase(d, true)),
  },
  {
    ...ON_A_POOL,
    id: 'pool/host/evacuate/empties-host',
    name: 'host.evacuate moves every VM on shared storage off the host',
    story: 'host.evacuate',
    disruptive: true,
    transitions: () => POOL_TRANSITIONS.evacuateShared,
    cases: () => singleCase('evacuate shared', (d) => evacuateCase(d, false)),
  },
  {
    ...ON_A_POOL,
    id: 'pool/pool/designate_new_master/coordinator-moves',
    name: 'pool.designate_new_master moves the coordinator; the old one redirects to it',
    story: 'pool.designate_new_master',
    disruptive: true,
    transitions: () => POOL_TRANSITIONS.coordinator,
    cases: () => singleCase('designate', coordinatorCase),
  },
];
