// The model's picture of a pool, built from the records a target returns (host, host_metrics, pool, VM,
// VBD, VDI, PBD, SR get_all_records). Pure data: the pool rules (pool-rules.ts) read it, never the target.
// SEMANTICS.md §11 (docs/SEMANTICS.md): what each field stands for in xapi.

export interface PoolHost {
  readonly ref: string;
  readonly address: string;
  readonly enabled: boolean;
  /** host_metrics.live (xapi_vm_helpers.ml is_host_live). */
  readonly live: boolean;
  /** host_metrics.memory_free, bytes. */
  readonly memoryFree: number;
  /** SRs with a currently attached PBD on this host (which_specified_SRs_not_available_on_host). */
  readonly srs: ReadonlySet<string>;
  /** host.current_operations values (e.g. "evacuate"). */
  readonly currentOps: readonly string[];
  readonly residentVms: readonly string[];
}

export interface PoolVm {
  readonly ref: string;
  readonly powerState: 'Halted' | 'Paused' | 'Running' | 'Suspended';
  readonly residentOn: string;
  readonly affinity: string;
  /** What a boot needs (the harness's VMs have all four memory limits equal, so every policy agrees). */
  readonly memory: number;
  /** SRs of the VM's non-empty VBDs, in VBD order, then the suspend VDI's SR when Suspended. */
  readonly srs: readonly string[];
  readonly isControlDomain: boolean;
  readonly isTemplate: boolean;
  readonly currentOps: readonly string[];
  /** VM.allowed_operations (strict: it leaves out what the guest cannot do, e.g. pool_migrate). */
  readonly allowedOps: readonly string[];
}

export interface PoolView {
  readonly pool: string;
  readonly master: string;
  readonly hosts: ReadonlyMap<string, PoolHost>;
  readonly vms: ReadonlyMap<string, PoolVm>;
  readonly sharedSrs: ReadonlySet<string>;
}

/** get_all_records answers by class ("host", "host_metrics", "pool", "VM", "VBD", "VDI", "PBD", "SR"). */
type PoolRecords = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export const POOL_VIEW_CLASSES = ['pool', 'host', 'host_metrics', 'VM', 'VBD', 'VDI', 'PBD', 'SR'] as const;

const NULL = 'OpaqueRef:NULL';

function struct(v: unknown): Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Ints arrive as numbers, bigints or decimal strings depending on the protocol and codec. */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return 0;
}

function refs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function powerState(v: unknown): PoolVm['powerState'] {
  const s = text(v).toLowerCase();
  if (s === 'running') return 'Running';
  if (s === 'paused') return 'Paused';
  if (s === 'suspended') return 'Suspended';
  return 'Halted';
}

/** The memory a boot of `vm` needs: memory_target when set, else dynamic max (the harness sets all equal). */
function vmMemory(rec: Readonly<Record<string, unknown>>): number {
  const target = numberOf(rec['memory_target']);
  return target > 0 ? target : numberOf(rec['memory_dynamic_max']);
}

export function poolViewFromRecords(r: PoolRecords): PoolView {
  const cls = (c: string): Readonly<Record<string, unknown>> => struct(r[c]);
  const pools = Object.entries(cls('pool'));
  const [poolRef, poolRec] = pools[0] ?? ['', {}];
  const attached = new Map<string, Set<string>>();
  for (const pbd of Object.values(cls('PBD'))) {
    const p = struct(pbd);
    if (p['currently_attached'] !== true) continue;
    const h = text(p['host']);
    let set = attached.get(h);
    if (set === undefined) attached.set(h, (set = new Set()));
    set.add(text(p['SR']));
  }
  const hosts = new Map<string, PoolHost>();
  for (const [ref, raw] of Object.entries(cls('host'))) {
    const h = struct(raw);
    const metrics = struct(cls('host_metrics')[text(h['metrics'])]);
    hosts.set(ref, {
      ref,
      address: text(h['address']),
      enabled: h['enabled'] === true,
      live: metrics['live'] === true,
      memoryFree: numberOf(metrics['memory_free']),
      srs: attached.get(ref) ?? new Set(),
      currentOps: Object.values(struct(h['current_operations'])).map(text),
      residentVms: refs(h['resident_VMs']),
    });
  }
  const vdiSr = (vdi: string): string => text(struct(cls('VDI')[vdi])['SR']);
  const vms = new Map<string, PoolVm>();
  for (const [ref, raw] of Object.entries(cls('VM'))) {
    const v = struct(raw);
    const srs: string[] = [];
    for (const vbd of refs(v['VBDs'])) {
      const b = struct(cls('VBD')[vbd]);
      if (b['empty'] === true) continue;
      const sr = vdiSr(text(b['VDI']));
      if (sr !== '') srs.push(sr);
    }
    const state = powerState(v['power_state']);
    const suspendVdi = text(v['suspend_VDI']);
    if (state === 'Suspended' && suspendVdi !== '' && suspendVdi !== NULL) srs.push(vdiSr(suspendVdi));
    vms.set(ref, {
      ref,
      powerState: state,
      residentOn: text(v['resident_on']) || NULL,
      affinity: text(v['affinity']) || NULL,
      memory: vmMemory(v),
      srs,
      isControlDomain: v['is_control_domain'] === true,
      isTemplate: v['is_a_template'] === true,
      currentOps: Object.values(struct(v['current_operations'])).map(text),
      allowedOps: Array.isArray(v['allowed_operations']) ? v['allowed_operations'].map(text) : [],
    });
  }
  const sharedSrs = new Set<string>();
  for (const [ref, raw] of Object.entries(cls('SR'))) if (struct(raw)['shared'] === true) sharedSrs.add(ref);
  return { pool: poolRef, master: text(struct(poolRec)['master']), hosts, vms, sharedSrs };
}

/** Hosts in a stable order: the coordinator first, then by address (for index-based picking). */
export function orderedHosts(view: PoolView): PoolHost[] {
  return [...view.hosts.values()].sort((a, b) =>
    a.ref === view.master ? -1 : b.ref === view.master ? 1 : a.address < b.address ? -1 : 1,
  );
}
