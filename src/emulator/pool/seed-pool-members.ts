// Turns the seeded host into a pool of N hosts (docs/SEMANTICS.md §11), as `pool.join` would leave it:
// each member is a copy of the coordinator's own objects (host + metrics + CPUs, its control domain with
// metrics and console, the management PIF, its non-shared SRs: "Local storage", "DVD drives", "Removable
// storage" with their PBDs), shared SRs get a PBD on every host, and one shared SR ("Shared storage", NFS)
// becomes the pool's default SR so that VMs made from templates can move between hosts.
// Copying the coordinator (rather than repeating the fresh-host literals) keeps members in step with
// whatever the fresh host is seeded with (release, SR size, ...).
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import type { XapiJs } from '../../xapi/types.ts';
import { randomUUID } from 'node:crypto';
import type { DbRecord } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { mapOf, refsOf, str } from '../lifecycle/record-values.ts';
import type { HostRefs } from '../registry/message-context.ts';

export interface PoolSeedOptions {
  /** Name of member k (1-based among members: 2, 3, ...). */
  readonly nameOf: (k: number) => string;
  /** Management address of member k (listeners may rewrite it once bound). */
  readonly addressOf: (k: number) => string;
  readonly completeRecord: (cls: string, partial: Readonly<Record<string, unknown>>) => DbRecord;
}

const GiB = 1024 * 1024 * 1024;
const SHARED_SR_NAME = 'Shared storage';
const META_KEY = 'pool_host_refs';

/** The pool's hosts in seeding order (coordinator first), as stored; undefined for a one-host database. */
export function restoredPoolHosts(db: ObjectDb): HostRefs[] | undefined {
  const raw = db.getMeta(META_KEY);
  return raw === undefined ? undefined : (JSON.parse(raw) as HostRefs[]);
}

/** A copy with every ref-set field emptied (the database fills those sides from the new objects). */
function fresh(rec: DbRecord, patch: Readonly<Record<string, XapiJs>>): Record<string, XapiJs> {
  const out: Record<string, XapiJs> = {};
  for (const [k, v] of Object.entries(rec)) {
    const refSet = Array.isArray(v) && v.some((x) => typeof x === 'string' && x.startsWith('OpaqueRef:'));
    out[k] = refSet ? [] : v;
  }
  return { ...out, uuid: randomUUID(), ...patch };
}

function macOf(host: number, i: number): string {
  return `02:16:3e:00:${host.toString(16).padStart(2, '0')}:${i.toString(16).padStart(2, '0')}`;
}

/** Adds a shared NFS SR with a PBD on each given host, and makes it the pool's default SR. */
function seedSharedSr(db: ObjectDb, o: PoolSeedOptions, pool: string, hosts: readonly string[]): void {
  const sr = newRef<'SR'>();
  db.insert(
    'SR',
    sr,
    o.completeRecord('SR', {
      uuid: randomUUID(),
      name_label: SHARED_SR_NAME,
      name_description: 'NFS SR shared by every host of the pool',
      type: 'nfs',
      content_type: 'user',
      shared: true,
      physical_size: 2048 * GiB,
      physical_utilisation: 0,
      virtual_allocation: 0,
      other_config: {},
      sm_config: {},
      local_cache_enabled: false,
    }),
  );
  for (const host of hosts) {
    db.insert(
      'PBD',
      newRef(),
      o.completeRecord('PBD', {
        uuid: randomUUID(),
        host,
        SR: sr,
        device_config: { server: '192.0.2.10', serverpath: '/export/xapi-harness' },
        currently_attached: true,
        other_config: {},
      }),
    );
  }
  db.update('pool', pool, { default_SR: sr, suspend_image_SR: sr, crash_dump_SR: sr });
}

/** Copies the coordinator's per-host objects for one new member. */
function seedMember(db: ObjectDb, o: PoolSeedOptions, coordinator: HostRefs, k: number): HostRefs {
  const src = db.get('host', coordinator.host)!.record;
  const name = o.nameOf(k);
  const address = o.addressOf(k);
  const host = newRef<'host'>();
  const dom0 = newRef<'VM'>();
  const srcMetrics = db.get('host_metrics', str(src['metrics']))?.record;
  const metrics = newRef<'host_metrics'>();
  const dom0Rec = db.get('VM', coordinator.controlDomain)!.record;
  const dom0Memory = typeof dom0Rec['memory_target'] === 'number' ? dom0Rec['memory_target'] : 0;
  const total = typeof srcMetrics?.['memory_total'] === 'number' ? srcMetrics['memory_total'] : 32 * GiB;
  db.insert(
    'host_metrics',
    metrics,
    fresh(srcMetrics ?? o.completeRecord('host_metrics', {}), { memory_free: total - dom0Memory }),
  );

  // Non-shared SRs of the coordinator: one copy per member (its PBDs follow, once the host exists, so
  // that the database fills host.PBDs).
  const srMap = new Map<string, string>();
  const pbds: [DbRecord, string][] = [];
  for (const pbd of refsOf(src['PBDs'])) {
    const p = db.get('PBD', pbd)?.record;
    const sr = str(p?.['SR']);
    const srRec = db.get('SR', sr)?.record;
    if (p === undefined || srRec === undefined) continue;
    let target = sr;
    if (srRec['shared'] !== true) {
      target = newRef<'SR'>();
      db.insert('SR', target, fresh(srRec, { virtual_allocation: 0 }));
      srMap.set(sr, target);
    }
    pbds.push([p, target]);
  }
  const localSr = srMap.get(coordinator.localSr) ?? coordinator.localSr;

  const sv = mapOf(src['software_version']);
  db.insert(
    'host',
    host,
    fresh(src, {
      name_label: name,
      hostname: name,
      address,
      metrics,
      control_domain: dom0,
      suspend_image_sr: localSr,
      crash_dump_sr: localSr,
      software_version: { ...sv, hostname: name },
      iscsi_iqn: `iqn.2026-01.com.example:${name}`,
      other_config: { ...mapOf(src['other_config']), iscsi_iqn: `iqn.2026-01.com.example:${name}` },
      current_operations: {},
    }),
  );
  for (const [p, sr] of pbds) db.insert('PBD', newRef(), fresh(p, { host, SR: sr }));
  for (const cpu of [...db.all('host_cpu')]) {
    if (cpu.record['host'] === coordinator.host) db.insert('host_cpu', newRef(), fresh(cpu.record, { host }));
  }

  const dom0Metrics = newRef<'VM_metrics'>();
  const srcDom0Metrics = db.get('VM_metrics', str(dom0Rec['metrics']))?.record;
  db.insert('VM_metrics', dom0Metrics, fresh(srcDom0Metrics ?? o.completeRecord('VM_metrics', {}), {}));
  db.insert(
    'VM',
    dom0,
    fresh(dom0Rec, {
      name_label: `Control domain on host: ${name}`,
      resident_on: host,
      affinity: host,
      metrics: dom0Metrics,
      other_config: { ...mapOf(dom0Rec['other_config']), storage_driver_domain: dom0 },
      current_operations: {},
    }),
  );
  for (const c of [...db.all('console')]) {
    if (c.record['VM'] === coordinator.controlDomain) {
      db.insert(
        'console',
        newRef(),
        fresh(c.record, { VM: dom0, location: `https://${address}/console?ref=${dom0}` }),
      );
    }
  }
  let i = 1;
  for (const pif of refsOf(src['PIFs'])) {
    const p = db.get('PIF', pif)?.record;
    if (p === undefined) continue;
    const pm = db.get('PIF_metrics', str(p['metrics']))?.record;
    const pifMetrics = newRef<'PIF_metrics'>();
    if (pm !== undefined) db.insert('PIF_metrics', pifMetrics, fresh(pm, {}));
    db.insert(
      'PIF',
      newRef(),
      fresh(p, {
        host,
        MAC: macOf(k, i++),
        metrics: pm === undefined ? NULL_REF : pifMetrics,
        ...(p['management'] === true ? { IP: address } : {}),
      }),
    );
  }
  return { pool: coordinator.pool, host, controlDomain: dom0, localSr };
}

/**
 * Grows the pool to `count` hosts: members k = 2..count are added after the ones `existing` lists; a fresh
 * pool (only the coordinator) also gets the shared SR. Returns every host, coordinator first.
 */
export function seedPoolMembers(
  db: ObjectDb,
  existing: readonly HostRefs[],
  count: number,
  o: PoolSeedOptions,
): HostRefs[] {
  const hosts = [...existing];
  const coordinator = hosts[0]!;
  const first = hosts.length;
  for (let k = first + 1; k <= count; k++) hosts.push(seedMember(db, o, coordinator, k));
  // Members copy the coordinator's PBDs of shared SRs, so only a pool growing from one host needs the SR.
  if (![...db.all('SR')].some((sr) => sr.record['name_label'] === SHARED_SR_NAME)) {
    seedSharedSr(
      db,
      o,
      coordinator.pool,
      hosts.map((h) => h.host),
    );
  }
  db.setMeta(META_KEY, JSON.stringify(hosts));
  return hosts;
}
