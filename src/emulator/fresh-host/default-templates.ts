// Default templates of a fresh host (SEMANTICS.md §7): the 49 templates of
// xenserver/guest-templates-json (json/*.json at 5ee6322: name_label, reference_label, the base they
// derive from, minimum memory, VCPUs, first disk), plus the SDK guide's "Debian Etch 4.0".
// Only facts are kept (names, sizes, families), never the description texts.

/** linux-pv: PV bootloader templates (base-pvlinux, domain_type pv_in_pvh); the others are HVM. */
export type TemplateFamily = 'linux-hvm' | 'linux-uefi' | 'linux-pv' | 'windows' | 'windows-uefi' | 'other';

export interface TemplateSpec {
  readonly name: string;
  /** VM.reference_label (guest-templates-json sets it from the template file). */
  readonly reference: string;
  readonly family: TemplateFamily;
  /** Minimum memory in MiB. */
  readonly memoryMiB: number;
  readonly vcpus: number;
  /** Size of the first disk the provision XML declares, in GiB. */
  readonly diskGiB: number;
  /** The disk's `bootable` attribute (false for the Windows templates in guest-templates-json). */
  readonly bootable: boolean;
}

function t(
  name: string,
  reference: string,
  family: TemplateFamily,
  memoryMiB: number,
  vcpus: number,
  diskGiB: number,
  bootable = true,
): TemplateSpec {
  return { name, reference, family, memoryMiB, vcpus, diskGiB, bootable };
}

export const DEFAULT_TEMPLATES: readonly TemplateSpec[] = [
  t('AlmaLinux 10', 'alma-10', 'linux-uefi', 2048, 1, 10),
  t('AlmaLinux 8', 'alma-8', 'linux-uefi', 2048, 1, 10),
  t('AlmaLinux 9', 'alma-9', 'linux-uefi', 2048, 1, 10),
  t('CentOS 6 (32-bit)', 'centos-6-32bit', 'linux-pv', 512, 1, 8),
  t('CentOS 6 (64-bit)', 'centos-6-64bit', 'linux-pv', 512, 1, 8),
  t('CentOS Stream 10', 'centos-10', 'linux-uefi', 2048, 1, 10),
  t('CentOS Stream 9', 'centos-9', 'linux-hvm', 2048, 1, 10),
  t('Debian Bookworm 12', 'debian-12', 'linux-uefi', 1024, 1, 10),
  t('Debian Bullseye 11', 'debian-11', 'linux-hvm', 512, 1, 10),
  t('Gooroom Platform 2.0', 'gooroom-2', 'linux-hvm', 1024, 1, 10),
  t('NeoKylin Linux Server 6 (64-bit)', 'kylin-server-6-64bit', 'linux-pv', 512, 1, 8),
  t('Oracle Enterprise Linux 5 (32-bit)', 'oel-5-32bit', 'linux-pv', 512, 1, 8),
  t('Oracle Enterprise Linux 5 (64-bit)', 'oel-5-64bit', 'linux-pv', 512, 1, 8),
  t('Oracle Enterprise Linux 6 (32-bit)', 'oel-6-32bit', 'linux-pv', 512, 1, 8),
  t('Oracle Enterprise Linux 6 (64-bit)', 'oel-6-64bit', 'linux-pv', 512, 1, 8),
  t('Oracle Linux 8', 'oel-8', 'linux-uefi', 2048, 2, 10),
  t('Other install media', 'other-install-media', 'other', 128, 1, 8),
  t('Red Hat Enterprise Linux 10', 'rhel-10', 'linux-uefi', 2048, 1, 10),
  t('Red Hat Enterprise Linux 5 (32-bit)', 'rhel-5-32bit', 'linux-pv', 512, 1, 8),
  t('Red Hat Enterprise Linux 5 (64-bit)', 'rhel-5-64bit', 'linux-pv', 512, 1, 8),
  t('Red Hat Enterprise Linux 6 (32-bit)', 'rhel-6-32bit', 'linux-pv', 512, 1, 8),
  t('Red Hat Enterprise Linux 6 (64-bit)', 'rhel-6-64bit', 'linux-pv', 512, 1, 8),
  t('Red Hat Enterprise Linux 8', 'rhel-8', 'linux-uefi', 2048, 1, 10),
  t('Red Hat Enterprise Linux 9', 'rhel-9', 'linux-uefi', 2048, 1, 10),
  t('Rocky Linux 8', 'rocky-8', 'linux-uefi', 2048, 1, 10),
  t('Rocky Linux 9', 'rocky-9', 'linux-uefi', 2048, 1, 15),
  t('SUSE Linux Enterprise 15 (64-bit)', 'sle-15-64bit', 'linux-uefi', 1024, 1, 8),
  t('SUSE Linux Enterprise Desktop 11 SP3 (64-bit)', 'sled-11-sp3-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Desktop 12 (64-bit)', 'sled-12-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Desktop 12 SP1 (64-bit)', 'sled-12-sp1-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Desktop 12 SP2 (64-bit)', 'sled-12-sp2-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 11 SP3 (32-bit)', 'sles-11-sp3-32bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 11 SP3 (64-bit)', 'sles-11-sp3-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 11 SP4 (32-bit)', 'sles-11-sp4-32bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 11 SP4 (64-bit)', 'sles-11-sp4-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 12 (64-bit)', 'sles-12-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 12 SP1 (64-bit)', 'sles-12-sp1-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 12 SP2 (64-bit)', 'sles-12-sp2-64bit', 'linux-pv', 512, 1, 8),
  t('SUSE Linux Enterprise Server 12 SP5 (64-bit)', 'sles-12-sp5-64bit', 'linux-hvm', 1024, 1, 8),
  t('Scientific Linux 6 (32-bit)', 'sl-6-32bit', 'linux-pv', 512, 1, 8),
  t('Scientific Linux 6 (64-bit)', 'sl-6-64bit', 'linux-pv', 512, 1, 8),
  t('Ubuntu Jammy Jellyfish 22.04', 'ubuntu-22.04', 'linux-uefi', 1024, 1, 10),
  t('Ubuntu Noble Numbat 24.04', 'ubuntu-24.04', 'linux-uefi', 1024, 1, 10),
  t('Windows 10 (64-bit)', 'windows-10-64bit', 'windows-uefi', 2048, 2, 32, false),
  t('Windows 11', 'windows-11', 'windows-uefi', 4096, 2, 64, false),
  t('Windows Server 2016 (64-bit)', 'windows-server-2016-64bit', 'windows-uefi', 1024, 2, 32, false),
  t('Windows Server 2019 (64-bit)', 'windows-server-2019-64bit', 'windows-uefi', 1024, 2, 32, false),
  t('Windows Server 2022 (64-bit)', 'windows-server-2022-64bit', 'windows-uefi', 1024, 2, 32, false),
  t('Windows Server 2025', 'windows-server-2025', 'windows-uefi', 2048, 2, 64, false),
  // The SDK guide's example template (a PV template of its time); not in guest-templates-json any more.
  t('Debian Etch 4.0', 'debian-etch-4', 'linux-pv', 256, 1, 8),
];
