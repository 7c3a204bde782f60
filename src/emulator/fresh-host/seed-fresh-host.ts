// What a freshly installed host holds before any client touches it (SEMANTICS.md §7): created by xapi
// itself (pool, root user, host + metrics + CPUs, the control domain with its metrics and console,
// the internal management network, the tools ISO SR, static roles), by the installer (physical
// network and PIF, local SRs and their PBDs, SM drivers) and by guest-templates-json (templates).
// Every record is completed from the schema so that every field is present with the right type.
import { newRef, NULL_REF } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import type { DbRecord } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import type { HostRefs } from '../registry/message-context.ts';
import { DEFAULT_TEMPLATES, type TemplateSpec } from './default-templates.ts';

export interface FreshHostOptions {
  readonly hostName: string;
  readonly address: string;
  readonly now: Date;
  readonly completeRecord: (cls: string, partial: Readonly<Record<string, unknown>>) => DbRecord;
}

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
const PRODUCT_BRAND = 'XenServer';
const CPU_COUNT = 4;

/** xen-api ocaml/idl/datamodel_roles.ml: the static roles, most privileged first. */
const STATIC_ROLES = [
  'pool-admin',
  'pool-operator',
  'vm-power-admin',
  'vm-admin',
  'vm-operator',
  'read-only',
  'client-cert',
] as const;

const META_KEY = 'host_refs';

/** The capabilities of the disk-backed SM drivers of a default host (one list for LVM, EXT, NFS, iSCSI). */
const VHD_CAPABILITIES = [
  'SR_PROBE',
  'SR_UPDATE',
  'VDI_CREATE',
  'VDI_DELETE',
  'VDI_ATTACH',
  'VDI_DETACH',
  'VDI_RESIZE',
  'VDI_CLONE',
  'VDI_SNAPSHOT',
] as const;

/** The refs of a seeded host, stored in the database so a restart finds them again. */
export function restoredHostRefs(db: ObjectDb): HostRefs | undefined {
  const raw = db.getMeta(META_KEY);
  return raw === undefined ? undefined : (JSON.parse(raw) as HostRefs);
}

function macOf(i: number): string {
  return `02:16:3e:00:00:${i.toString(16).padStart(2, '0')}`;
}

/** The provision XML of a default template (xapi_vm.ml provision reads other_config "disks"). */
function provisionXml(spec: TemplateSpec): string {
  return `<provision><disk device="0" size="${spec.diskGiB * GiB}" sr="" bootable="${spec.bootable}" type="system"/></provision>`;
}

export function seedFreshHost(db: ObjectDb, o: FreshHostOptions): HostRefs {
  const rec = o.completeRecord;
  const put = (cls: string, partial: Readonly<Record<string, unknown>>, ref: string = newRef()): string => {
    db.insert(cls, ref, rec(cls, { uuid: randomUUID(), ...partial }));
    return ref;
  };
  const pool = newRef<'pool'>();
  const host = newRef<'host'>();
  const dom0 = newRef<'VM'>();
  const localSr = newRef<'SR'>();
  const now = o.now;

  // Static roles (datamodel_roles.ml). DEVIATION: xapi also lists every permission as a role record
  // and links them through subroles; the emulator keeps the seven roles with empty subroles.
  for (const name of STATIC_ROLES) {
    put('role', { name_label: name, name_description: `The ${name} role`, subroles: [], is_internal: false });
  }

  // create_misc.ml create_root_user.
  put('user', { short_name: 'root', fullname: 'superuser', other_config: {} });

  // SM drivers installed on a default host; the disk-backed ones (LVM, EXT, NFS, iSCSI) share one set.
  const sms: readonly [string, string, readonly string[]][] = [
    ['lvm', 'Local LVM', VHD_CAPABILITIES],
    ['ext', 'Local EXT3 VHD', VHD_CAPABILITIES],
    ['nfs', 'NFS VHD', VHD_CAPABILITIES],
    ['lvmoiscsi', 'LVM over iSCSI', VHD_CAPABILITIES],
    ['iso', 'ISO', ['VDI_INTRODUCE', 'VDI_DELETE', 'VDI_UPDATE', 'SR_SCAN', 'SR_ATTACH', 'SR_DETACH']],
    ['udev', 'Local Devices', ['SR_SCAN', 'SR_UPDATE', 'VDI_ATTACH', 'VDI_DETACH', 'VDI_UPDATE']],
  ];
  for (const [type, label, caps] of sms) {
    put('SM', {
      name_label: label,
      name_description: `SR plugin for ${label}`,
      type,
      vendor: 'Citrix Systems Inc',
      copyright: '(C) 2008 Citrix Systems Inc',
      version: '1.0',
      required_api_version: '1.0',
      capabilities: caps,
      features: Object.fromEntries(caps.map((c) => [c, 1])),
      driver_filename: `/opt/xensource/sm/${type}`,
      supported_image_formats: type === 'iso' || type === 'udev' ? [] : ['vhd'],
    });
  }

  // dbsync_slave.ml create_localhost: host_metrics, host, one host_cpu per CPU.
  const hostMetrics = put('host_metrics', {
    memory_total: 32 * GiB,
    memory_free: 28 * GiB,
    live: true,
    last_updated: now,
  });
  db.insert(
    'host',
    host,
    rec('host', {
      uuid: randomUUID(),
      name_label: o.hostName,
      name_description: 'Default install',
      hostname: o.hostName,
      address: o.address,
      enabled: true,
      API_version_major: 2,
      API_version_minor: 21,
      API_version_vendor: 'XenSource',
      // Written by apply-environment.ts at every start, from the release played (--release).
      software_version: {},
      cpu_info: {
        cpu_count: String(CPU_COUNT),
        socket_count: '1',
        vendor: 'GenuineIntel',
        speed: '2992.968',
        modelname: 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz',
        family: '6',
        model: '85',
        stepping: '7',
        flags: 'fpu de tsc msr pae cx8 apic sep cmov pat clflush mmx fxsr sse sse2 ht syscall nx lm',
      },
      capabilities: ['xen-3.0-x86_64', 'hvm-3.0-x86_32', 'hvm-3.0-x86_32p', 'hvm-3.0-x86_64'],
      sched_policy: 'credit',
      memory_overhead: 0,
      metrics: hostMetrics,
      control_domain: dom0,
      bios_strings: { 'bios-vendor': 'Xen', 'system-manufacturer': 'Xen', 'system-product-name': 'HVM domU' },
      edition: 'xcp-ng',
      license_params: {},
      external_auth_type: '',
      ssl_legacy: false,
      https_only: false,
      iscsi_iqn: `iqn.2026-01.com.xcp-ng:${o.hostName}`,
      other_config: {
        iscsi_iqn: `iqn.2026-01.com.xcp-ng:${o.hostName}`,
        agent_start_time: String(now.getTime() / 1000),
      },
      suspend_image_sr: localSr,
      crash_dump_sr: localSr,
    }),
  );
  for (let i = 0; i < CPU_COUNT; i++) {
    put('host_cpu', {
      host,
      number: i,
      vendor: 'GenuineIntel',
      speed: 2992,
      modelname: 'Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz',
      family: 6,
      model: 85,
      stepping: '7',
      flags: 'fpu de tsc msr pae cx8 apic sep cmov pat clflush mmx fxsr sse sse2 ht syscall nx lm',
      features: '',
      utilisation: 0.01,
    });
  }

  // dbsync_master.ml create_pool_record: one pool, master = host, empty name.
  db.insert(
    'pool',
    pool,
    rec('pool', {
      uuid: randomUUID(),
      name_label: '',
      name_description: '',
      master: host,
      default_SR: localSr,
      suspend_image_SR: localSr,
      crash_dump_SR: localSr,
      other_config: {},
    }),
  );

  // create_misc.ml create_domain_zero_record: the control domain, Running, domid 0, on the host.
  const dom0Metrics = put('VM_metrics', {
    memory_actual: 4 * GiB,
    VCPUs_number: CPU_COUNT,
    VCPUs_utilisation: {},
    state: [],
    start_time: now,
    install_time: now,
    last_updated: now,
    current_domain_type: 'pv',
  });
  db.insert(
    'VM',
    dom0,
    rec('VM', {
      uuid: randomUUID(),
      name_label: `Control domain on host: ${o.hostName}`,
      name_description: 'The domain which manages physical devices and manages other domains',
      power_state: 'Running',
      user_version: 1,
      is_a_template: false,
      is_control_domain: true,
      resident_on: host,
      affinity: host,
      domid: 0,
      domarch: 'x64',
      memory_overhead: 0,
      memory_target: 4 * GiB,
      memory_static_max: 4 * GiB,
      memory_dynamic_max: 4 * GiB,
      memory_dynamic_min: 4 * GiB,
      memory_static_min: 4 * GiB,
      VCPUs_max: CPU_COUNT,
      VCPUs_at_startup: CPU_COUNT,
      actions_after_shutdown: 'destroy',
      actions_after_reboot: 'destroy',
      actions_after_crash: 'destroy',
      metrics: dom0Metrics,
      domain_type: 'pv',
      other_config: { storage_driver_domain: dom0 },
    }),
  );
  put('console', {
    protocol: 'rfb',
    location: `https://${o.address}/console?ref=${dom0}`,
    VM: dom0,
    other_config: {},
  });

  // create_networks.ml: the internal management network; the installer adds the physical one.
  put('network', {
    name_label: 'Host internal management network',
    name_description:
      'Network on which guests will be assigned a private link-local IP address which can be used to talk XenAPI',
    bridge: 'xenapi',
    MTU: 1500,
    managed: true,
    other_config: {
      is_guest_installer_network: 'true',
      is_host_internal_management_network: 'true',
      ip_begin: '169.254.0.1',
      ip_end: '169.254.255.254',
      netmask: '255.255.0.0',
    },
  });
  const net0 = put('network', {
    name_label: 'Pool-wide network associated with eth0',
    name_description: '',
    bridge: 'xenbr0',
    MTU: 1500,
    managed: true,
    other_config: {},
  });
  const pifMetrics = put('PIF_metrics', {
    carrier: true,
    vendor_name: 'Intel Corporation',
    device_name: 'Ethernet Controller',
    speed: 1000,
    duplex: true,
    pci_bus_path: '0000:00:03.0',
    last_updated: now,
  });
  put('PIF', {
    device: 'eth0',
    network: net0,
    host,
    MAC: macOf(1),
    MTU: 1500,
    VLAN: -1,
    metrics: pifMetrics,
    physical: true,
    currently_attached: true,
    ip_configuration_mode: 'DHCP',
    IP: o.address,
    netmask: '255.255.255.0',
    gateway: '',
    DNS: '',
    management: true,
    primary_address_type: 'IPv4',
    managed: true,
    other_config: {},
  });

  // SRs with their PBDs (xenserver-firstboot; dbsync_master.ml create_tools_sr).
  const srs: readonly [string, string, string, string, boolean, Readonly<Record<string, string>>, number][] =
    [
      [localSr, 'Local storage', 'lvm', 'user', false, { device: '/dev/sda3' }, 500 * GiB],
      [newRef(), 'DVD drives', 'udev', 'iso', false, { location: '/dev/xapi/cd' }, 0],
      [newRef(), 'Removable storage', 'udev', 'disk', false, { location: '/dev/xapi/block' }, 0],
      [
        newRef(),
        `${PRODUCT_BRAND} Tools`,
        'iso',
        'iso',
        true,
        { location: '/opt/xensource/packages/iso', legacy_mode: 'true' },
        0,
      ],
    ];
  for (const [ref, name, type, content, isTools, deviceConfig, size] of srs) {
    put(
      'SR',
      {
        name_label: name,
        name_description: isTools ? `${PRODUCT_BRAND} Tools ISOs` : '',
        type,
        content_type: content,
        shared: isTools,
        is_tools_sr: isTools,
        physical_size: size,
        physical_utilisation: size === 0 ? 0 : 4 * GiB,
        virtual_allocation: 0,
        other_config: isTools ? { xenserver_tools_sr: 'true', i18n_key: 'xenserver-tools' } : {},
        sm_config:
          type === 'lvm'
            ? { allocation: 'thick', use_vhd: 'true', devserial: 'scsi-3600508b1001c4a6f5e2b0d5e0c8f3a21' }
            : {},
        local_cache_enabled: false,
      },
      ref,
    );
    put('PBD', { host, SR: ref, device_config: deviceConfig, currently_attached: true, other_config: {} });
  }

  for (const spec of DEFAULT_TEMPLATES) seedTemplate(put, spec);

  const refs: HostRefs = { pool, host, controlDomain: dom0, localSr };
  db.setMeta(META_KEY, JSON.stringify(refs));
  return refs;
}

function seedTemplate(
  put: (cls: string, partial: Readonly<Record<string, unknown>>) => string,
  spec: TemplateSpec,
): void {
  const hvm = spec.family !== 'linux-pv';
  const windows = spec.family === 'windows' || spec.family === 'windows-uefi';
  const uefi = spec.family === 'windows-uefi' || spec.family === 'linux-uefi';
  const memory = spec.memoryMiB * MiB;
  const bootOrder = windows || spec.family === 'other' ? 'cd' : 'cdn';
  put('VM', {
    name_label: spec.name,
    name_description: windows
      ? 'Clones of this template will automatically provision their storage when first booted and then reconfigure themselves with the optimal settings for the guest OS.'
      : 'Template which allows VM installation from install media',
    reference_label: spec.reference,
    power_state: 'Halted',
    user_version: 1,
    is_a_template: true,
    is_default_template: true,
    memory_static_max: memory,
    memory_dynamic_max: memory,
    memory_dynamic_min: memory,
    memory_static_min: Math.min(memory, 128 * MiB),
    memory_target: 0,
    VCPUs_max: spec.vcpus,
    VCPUs_at_startup: spec.vcpus,
    actions_after_shutdown: 'destroy',
    actions_after_reboot: 'restart',
    actions_after_crash: 'restart',
    PV_bootloader: hvm ? '' : 'eliloader',
    PV_args: hvm ? '' : 'graphical utf8',
    HVM_boot_policy: hvm ? 'BIOS order' : '',
    HVM_boot_params: hvm ? { order: bootOrder, firmware: uefi ? 'uefi' : 'bios' } : {},
    HVM_shadow_multiplier: 1,
    platform: hvm
      ? {
          viridian: windows || spec.family === 'other' ? 'true' : 'false',
          'device-model': 'qemu-upstream-compat',
          secureboot: uefi ? 'auto' : 'false',
          ...(windows
            ? { 'cores-per-socket': '2', device_id: '0002' }
            : { vga: 'std', videoram: '8', device_id: '0001' }),
        }
      : {},
    other_config: {
      default_template: 'true',
      disks: provisionXml(spec),
      'install-methods': windows || spec.family === 'other' ? 'cdrom' : 'cdrom,nfs,http,ftp',
      ...(windows || spec.family === 'other' ? {} : { linux_template: 'true' }),
    },
    recommendations:
      `<restrictions><restriction field="memory-static-max" max="${1536 * GiB}"/><restriction field="vcpus-max" max="64"/>` +
      `<restriction property="number-of-vbds" max="255"/><restriction property="number-of-vifs" max="7"/></restrictions>`,
    domain_type: hvm ? 'hvm' : 'pv_in_pvh',
    has_vendor_device: windows,
    affinity: NULL_REF,
    resident_on: NULL_REF,
    domid: -1,
  });
}
