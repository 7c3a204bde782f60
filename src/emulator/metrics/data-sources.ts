// The data sources the emulator reports through /rrd_updates, named as xcp-rrdd names them
// (xen-api ocaml/xcp-rrdd: host "cpu<N>", "cpu_avg", "memory_total_kib", "memory_free_kib",
// "loadavg"; VM "cpu<N>", "memory", "memory_target", "memory_internal_free"). Values are derived from
// the database (memory) and from a smooth deterministic signal (CPU load), so the same request
// answers the same numbers and a chart of them looks like a lightly loaded host.
import type { DbRecord } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { HostRefs } from '../registry/message-context.ts';
import { num, str } from '../lifecycle/record-values.ts';

export interface DataSourceSet {
  /** Legend prefix without CF: "host:<uuid>:" or "vm:<uuid>:". */
  readonly prefix: string;
  readonly names: readonly string[];
  /** Value of source `i` at time `t` (seconds). */
  value(i: number, t: number): number;
}

function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return (h % 10_000) / 10_000;
}

/** A CPU load in [0.01, 0.25], varying over minutes. */
function load(seed: number, t: number): number {
  return 0.01 + 0.12 * (1 + Math.sin(t / 317 + seed * 6.283)) * (0.6 + 0.4 * Math.sin(t / 53 + seed * 11));
}

/**
 * Sources `cpu0`..`cpu<cpus-1>` (each its own load signal, seeded from the object's uuid), then the named
 * ones, in order.
 */
function cpusAndNamed(
  prefix: string,
  uuid: string,
  cpus: number,
  named: Readonly<Record<string, (t: number) => number>>,
): DataSourceSet {
  const values = Object.values(named);
  return {
    prefix,
    names: [...Array.from({ length: cpus }, (_, i) => `cpu${i}`), ...Object.keys(named)],
    value: (i, t) => (i < cpus ? load(seedOf(uuid + i), t) : values[i - cpus]!(t)),
  };
}

export function hostSources(db: ObjectDb, host: HostRefs): DataSourceSet | undefined {
  const h = db.get('host', host.host)?.record;
  if (h === undefined) return undefined;
  const cpus = Math.max(1, [...db.all('host_cpu')].filter((c) => c.record['host'] === host.host).length);
  const metrics = db.get('host_metrics', str(h['metrics']))?.record;
  const total = num(metrics?.['memory_total']) / 1024;
  const free = num(metrics?.['memory_free']) / 1024;
  const uuid = str(h['uuid']);
  return cpusAndNamed(`host:${uuid}:`, uuid, cpus, {
    cpu_avg: (t) => {
      let s = 0;
      for (let c = 0; c < cpus; c++) s += load(seedOf(uuid + c), t);
      return s / cpus;
    },
    memory_total_kib: () => total,
    memory_free_kib: () => free,
    loadavg: (t) => 4 * load(seedOf(uuid + 'load'), t),
  });
}

export function vmSources(vm: DbRecord, metrics: DbRecord | undefined): DataSourceSet {
  const uuid = str(vm['uuid']);
  const vcpus = Math.max(1, num(metrics?.['VCPUs_number']) || num(vm['VCPUs_at_startup']));
  const memory = num(metrics?.['memory_actual']) || num(vm['memory_dynamic_max']);
  const target = num(vm['memory_target']) || memory;
  return cpusAndNamed(`vm:${uuid}:`, uuid, vcpus, {
    memory: () => memory,
    memory_target: () => target,
    // KiB free inside the guest: 30-60 % of its memory.
    memory_internal_free: (t) =>
      ((memory / 1024) * (0.3 + 0.3 * (1 + Math.sin(t / 600 + seedOf(uuid) * 6.283)))) / 2,
  });
}
