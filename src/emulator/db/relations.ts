// Relations the xapi database maintains itself: setting the "ref" side (VBD.VM) updates the "set" side
// (VM.VBDs), which clients can only read. Facts from xen-api ocaml/idl/datamodel.ml `all_relations`
// (self-relations such as subject.roles / role.subroles are not relations and are left out).

export interface Relation {
  /** The side a client writes: a `ref` field (one-to-many) or a `ref set` field (many-to-many). */
  readonly cls: string;
  readonly field: string;
  /** The side the database keeps in step: always a `ref set` field. */
  readonly otherCls: string;
  readonly otherField: string;
}

function rel(cls: string, field: string, otherCls: string, otherField: string): Relation {
  return { cls, field, otherCls, otherField };
}

export const RELATIONS: readonly Relation[] = [
  rel('VM', 'snapshot_of', 'VM', 'snapshots'),
  rel('VDI', 'snapshot_of', 'VDI', 'snapshots'),
  rel('VM', 'parent', 'VM', 'children'),
  rel('task', 'subtask_of', 'task', 'subtasks'),
  rel('task', 'session', 'session', 'tasks'),
  rel('PIF', 'bond_slave_of', 'Bond', 'slaves'),
  rel('Bond', 'master', 'PIF', 'bond_master_of'),
  rel('VLAN', 'tagged_PIF', 'PIF', 'VLAN_slave_of'),
  rel('tunnel', 'access_PIF', 'PIF', 'tunnel_access_PIF_of'),
  rel('tunnel', 'transport_PIF', 'PIF', 'tunnel_transport_PIF_of'),
  rel('PBD', 'host', 'host', 'PBDs'),
  rel('PBD', 'SR', 'SR', 'PBDs'),
  rel('VBD', 'VDI', 'VDI', 'VBDs'),
  rel('crashdump', 'VDI', 'VDI', 'crash_dumps'),
  rel('VBD', 'VM', 'VM', 'VBDs'),
  rel('crashdump', 'VM', 'VM', 'crash_dumps'),
  rel('VIF', 'VM', 'VM', 'VIFs'),
  rel('VIF', 'network', 'network', 'VIFs'),
  rel('Cluster_host', 'cluster', 'Cluster', 'cluster_hosts'),
  rel('PIF', 'host', 'host', 'PIFs'),
  rel('PIF', 'network', 'network', 'PIFs'),
  rel('VDI', 'SR', 'SR', 'VDIs'),
  rel('VTPM', 'VM', 'VM', 'VTPMs'),
  rel('console', 'VM', 'VM', 'consoles'),
  rel('VM', 'resident_on', 'host', 'resident_VMs'),
  rel('host_cpu', 'host', 'host', 'host_CPUs'),
  rel('host_crashdump', 'host', 'host', 'crashdumps'),
  rel('host_patch', 'host', 'host', 'patches'),
  rel('host_patch', 'pool_patch', 'pool_patch', 'host_patches'),
  rel('host', 'updates', 'pool_update', 'hosts'),
  rel('VM', 'protection_policy', 'VMPP', 'VMs'),
  rel('VM', 'snapshot_schedule', 'VMSS', 'VMs'),
  rel('VM', 'appliance', 'VM_appliance', 'VMs'),
  rel('PGPU', 'GPU_group', 'GPU_group', 'PGPUs'),
  rel('VGPU', 'GPU_group', 'GPU_group', 'VGPUs'),
  rel('VGPU', 'type', 'VGPU_type', 'VGPUs'),
  rel('VGPU', 'VM', 'VM', 'VGPUs'),
  rel('VGPU', 'resident_on', 'PGPU', 'resident_VGPUs'),
  rel('PGPU', 'supported_VGPU_types', 'VGPU_type', 'supported_on_PGPUs'),
  rel('PGPU', 'enabled_VGPU_types', 'VGPU_type', 'enabled_on_PGPUs'),
  rel('GPU_group', 'supported_VGPU_types', 'VGPU_type', 'supported_on_GPU_groups'),
  rel('GPU_group', 'enabled_VGPU_types', 'VGPU_type', 'enabled_on_GPU_groups'),
  rel('PCI', 'host', 'host', 'PCIs'),
  rel('PGPU', 'host', 'host', 'PGPUs'),
  rel('PCI', 'attached_VMs', 'VM', 'attached_PCIs'),
  rel('PCI', 'physical_function', 'PCI', 'virtual_functions'),
  rel('VDI', 'metadata_of_pool', 'pool', 'metadata_VDIs'),
  rel('SR', 'introduced_by', 'DR_task', 'introduced_SRs'),
  rel('PVS_server', 'site', 'PVS_site', 'servers'),
  rel('PVS_proxy', 'site', 'PVS_site', 'proxies'),
  rel('PVS_cache_storage', 'site', 'PVS_site', 'cache_storage'),
  rel('PUSB', 'host', 'host', 'PUSBs'),
  rel('PUSB', 'USB_group', 'USB_group', 'PUSBs'),
  rel('VUSB', 'USB_group', 'USB_group', 'VUSBs'),
  rel('VUSB', 'VM', 'VM', 'VUSBs'),
  rel('Feature', 'host', 'host', 'features'),
  rel('network_sriov', 'physical_PIF', 'PIF', 'sriov_physical_PIF_of'),
  rel('network_sriov', 'logical_PIF', 'PIF', 'sriov_logical_PIF_of'),
  rel('Certificate', 'host', 'host', 'certificates'),
  rel('VM', 'groups', 'VM_group', 'VMs'),
  rel('Driver_variant', 'driver', 'Host_driver', 'variants'),
  rel('Caller', 'rate_limit', 'Rate_limit', 'callers'),
];
