// A scaled inventory built at start directly in the object database (issue 16): guest VMs with their
// VM_metrics, disks (VDI + VBD), an empty CD drive (VBD), network interfaces (VIF), a mix of power
// states with the resident ones spread over the pool's hosts, and user templates. What a large real
// pool holds after years of use, made in seconds rather than in hundreds of thousands of calls.
// Shapes follow what xapi leaves after VM.install + VM.start (SEMANTICS.md §7; xen-api
// ocaml/xapi/xapi_vm.ml, xapi_vbd_helpers.ml, xapi_vif_helpers.ml): a resident VM (Running or Paused)
// has resident_on its host, a domid, attached devices; a Halted one has resident_on NULL and domid -1.
// Everything is drawn from a seeded source, refs and uuids included: the same seed gives the same pool.
import type { XapiJs } from '../../xapi/types.ts';
import type { DbRecord } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { num, refsOf, str } from '../lifecycle/record-values.ts';
import type { HostRefs } from '../registry/message-context.ts';
import type { InventorySpec } from './inventory-spec.ts';
import { seededRandom } from './seeded-random.ts';

export interface InventorySeedOptions {
  readonly completeRecord: (cls: string, partial: Readonly<Record<string, unknown>>) => DbRecord;
  readonly now: Date;
}

export interface InventorySummary {
  readonly vms: number;
  readonly templates: number;
  readonly running: number;
  readonly objects: number;
}

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
const NULL = 'OpaqueRef:NULL';
const META_KEY = 'inventory';

const MEMORY_MIB: readonly number[] = [512, 1024, 2048, 2048, 4096, 4096, 8192, 16384];
const VCPUS: readonly number[] = [1, 2, 2, 4, 4, 8];
const OSES: readonly (readonly [string, boolean])[] = [
  ['Debian Bookworm 12', false],
  ['Ubuntu Noble Numbat 24.04', false],
  ['Rocky Linux 9', false],
  ['AlmaLinux 9', false],
  ['Windows Server 2022 (64-bit)', true],
  ['Windows 10 (64-bit)', true],
];

/** The inventory already built into this database (a restart does not build it twice). */
export function seededInventory(db: ObjectDb): InventorySpec | undefined {
  const raw = db.getMeta(META_KEY);
  return raw === undefined ? undefined : (JSON.parse(raw) as InventorySpec);
}

/**
 * Builds the inventory. Records of a class share their default values (maps, sets, dates): records are
 * replaced on change, never mutated (db-types.ts DbRecord), and sharing keeps 50,000 VMs in bounded RSS.
 */
export function seedInventory(
  db: ObjectDb,
  hosts: readonly HostRefs[],
  spec: InventorySpec,
  o: InventorySeedOptions,
): InventorySummary {
  const rnd = seededRandom(spec.seed);
  const ref = (): string => `OpaqueRef:${rnd.uuid()}`;
  const base = new Map<string, DbRecord>();
  const make = (cls: string, fields: Record<string, XapiJs>): DbRecord => {
    let b = base.get(cls);
    if (b === undefined) {
      // A copy by spread: the completed record, built field by field, is in V8's dictionary mode, and
      // spreading a dictionary-mode record of ~90 fields costs ~20 µs against ~2 µs for a fast one (the
      // larger share of the inventory's build; the copies are fast objects either way).
      b = { ...o.completeRecord(cls, {}) };
      base.set(cls, b);
    }
    return { ...b, ...fields };
  };
  let objects = 0;
  const put = (cls: string, r: string, fields: Record<string, XapiJs>): void => {
    db.insertUnlinked(cls, r, make(cls, fields));
    objects++;
  };

  const [pool] = [...db.all('pool')];
  const sr = str(pool?.record['default_SR']);
  const network = [...db.all('network')].find((n) => n.record['bridge'] === 'xenbr0')?.ref ?? NULL;
  const srVdis: string[] = [];
  const netVifs: string[] = [];
  const resident = new Map<string, string[]>(hosts.map((h) => [h.host, []]));
  const used = new Map<string, number>(hosts.map((h) => [h.host, 0]));
  let allocated = 0;
  let domid = 1;
  let running = 0;
  const now = o.now;

  const templates = spec.vms === 0 ? 0 : Math.max(1, Math.floor(spec.vms / 500));
  const total = spec.vms + templates;
  for (let i = 0; i < total; i++) {
    const template = i >= spec.vms;
    const vm = ref();
    const [os, windows] = OSES[rnd.int(0, OSES.length - 1)]!;
    const memory = MEMORY_MIB[rnd.int(0, MEMORY_MIB.length - 1)]! * MiB;
    const vcpus = VCPUS[rnd.int(0, VCPUS.length - 1)]!;
    const p = rnd.next();
    const power = template ? 'Halted' : p < 0.62 ? 'Running' : p < 0.66 ? 'Paused' : 'Halted';
    const isResident = power !== 'Halted';
    const host = isResident ? hosts[rnd.int(0, hosts.length - 1)]!.host : NULL;
    if (isResident) {
      resident.get(host)!.push(vm);
      used.set(host, used.get(host)! + memory);
      running++;
    }
    const name = template ? `template-${i - spec.vms + 1} (${os})` : `vm-${String(i + 1).padStart(5, '0')}`;

    // Disks: a system disk, sometimes a data disk, and an empty CD drive.
    const vbds: string[] = [];
    const disks = rnd.next() < 0.3 ? 2 : 1;
    for (let d = 0; d < disks; d++) {
      const vdi = ref();
      const vbd = ref();
      const size = rnd.int(1, 20) * 8 * GiB;
      put('VDI', vdi, {
        uuid: rnd.uuid(),
        name_label: d === 0 ? `${name} system disk` : `${name} data disk`,
        name_description: d === 0 ? 'Created by template provisioner' : '',
        SR: sr,
        VBDs: [vbd],
        virtual_size: size,
        physical_utilisation: Math.floor(size / 4),
        type: d === 0 ? 'system' : 'user',
        sharable: false,
        read_only: false,
        managed: true,
        location: rnd.uuid(),
        storage_lock: false,
        sm_config: { vdi_type: 'vhd' },
        other_config: {},
      });
      srVdis.push(vdi);
      allocated += size;
      put('VBD', vbd, {
        uuid: rnd.uuid(),
        VM: vm,
        VDI: vdi,
        userdevice: String(d === 0 ? 0 : d + 1),
        device: isResident ? `xvd${String.fromCharCode(97 + (d === 0 ? 0 : d + 1))}` : '',
        bootable: d === 0,
        mode: 'RW',
        type: 'Disk',
        unpluggable: d !== 0,
        currently_attached: isResident,
        empty: false,
        other_config: { owner: 'true' },
        metrics: NULL,
      });
      vbds.push(vbd);
    }
    const cd = ref();
    put('VBD', cd, {
      uuid: rnd.uuid(),
      VM: vm,
      VDI: NULL,
      userdevice: '3',
      device: isResident ? 'xvdd' : '',
      bootable: false,
      mode: 'RO',
      type: 'CD',
      unpluggable: true,
      currently_attached: isResident,
      empty: true,
      other_config: {},
      metrics: NULL,
    });
    vbds.push(cd);

    const vifs: string[] = [];
    const nics = rnd.next() < 0.2 ? 2 : 1;
    for (let n = 0; n < nics; n++) {
      const vif = ref();
      put('VIF', vif, {
        uuid: rnd.uuid(),
        device: String(n),
        network,
        VM: vm,
        MAC: macOf(i, n),
        MTU: 1500,
        currently_attached: isResident,
        locking_mode: 'network_default',
        other_config: {},
        metrics: NULL,
      });
      vifs.push(vif);
      netVifs.push(vif);
    }

    const metrics = ref();
    put('VM_metrics', metrics, {
      uuid: rnd.uuid(),
      memory_actual: isResident ? memory : 0,
      VCPUs_number: isResident ? vcpus : 0,
      VCPUs_utilisation: {},
      state: [],
      start_time: isResident ? now : new Date(0),
      install_time: now,
      last_updated: now,
      current_domain_type: isResident ? 'hvm' : 'unspecified',
    });
    put('VM', vm, {
      uuid: rnd.uuid(),
      name_label: name,
      name_description: template ? 'User template' : os,
      power_state: power,
      user_version: 1,
      is_a_template: template,
      memory_static_max: memory,
      memory_dynamic_max: memory,
      memory_dynamic_min: memory,
      memory_static_min: Math.min(memory, 512 * MiB),
      memory_target: isResident ? memory : 0,
      VCPUs_max: vcpus,
      VCPUs_at_startup: vcpus,
      actions_after_shutdown: 'destroy',
      actions_after_reboot: 'restart',
      actions_after_crash: 'restart',
      HVM_boot_policy: 'BIOS order',
      HVM_boot_params: { order: windows ? 'dc' : 'cdn', firmware: 'bios' },
      HVM_shadow_multiplier: 1,
      platform: windows
        ? { viridian: 'true', 'device-model': 'qemu-upstream-compat', device_id: '0002' }
        : { viridian: 'false', 'device-model': 'qemu-upstream-compat', device_id: '0001' },
      other_config: template ? { instant: 'true' } : { base_template_name: os },
      domain_type: 'hvm',
      resident_on: host,
      affinity: host,
      domid: isResident ? domid++ : -1,
      metrics,
      VBDs: vbds,
      VIFs: vifs,
    });
  }

  // The set sides of the objects that existed before: once each, not once per inserted object.
  if (db.get('SR', sr) !== undefined) {
    const before = db.get('SR', sr)!.record;
    db.update('SR', sr, {
      VDIs: [...refsOf(before['VDIs']), ...srVdis],
      virtual_allocation: num(before['virtual_allocation']) + allocated,
      physical_utilisation: num(before['physical_utilisation']) + Math.floor(allocated / 4),
      physical_size: Math.max(num(before['physical_size']), allocated * 2),
    });
  }
  if (db.get('network', network) !== undefined) {
    db.update('network', network, {
      VIFs: [...refsOf(db.get('network', network)!.record['VIFs']), ...netVifs],
    });
  }
  for (const h of hosts) {
    const rec = db.get('host', h.host)!.record;
    db.update('host', h.host, { resident_VMs: [...refsOf(rec['resident_VMs']), ...resident.get(h.host)!] });
    // A host holds what runs on it: grow its memory so the pool is one a client could really have.
    const metricsRef = str(rec['metrics']);
    const m = db.get('host_metrics', metricsRef)?.record;
    if (m !== undefined) {
      const guest = used.get(h.host)!;
      const total = Math.max(num(m['memory_total']), Math.ceil((guest + 64 * GiB) / GiB) * GiB);
      db.update('host_metrics', metricsRef, {
        memory_total: total,
        memory_free: Math.max(0, num(m['memory_free']) + (total - num(m['memory_total'])) - guest),
      });
    }
  }
  db.setMeta(META_KEY, JSON.stringify(spec));
  return { vms: spec.vms, templates, running, objects };
}

function macOf(vm: number, nic: number): string {
  const b = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');
  return `c2:${b(nic)}:${b(vm >>> 24)}:${b(vm >>> 16)}:${b(vm >>> 8)}:${b(vm)}`;
}
