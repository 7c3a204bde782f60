// Default templates of a fresh host (SEMANTICS.md §7): names as shipped by
// xenserver/guest-templates-json (json/*.json; e.g. "Other install media", used by xapi's quicktest,
// qt.ml:119) plus the SDK guide's "Debian Etch 4.0". Only facts are kept: name, guest family, sizes.

export type TemplateFamily = 'linux-hvm' | 'linux-pv' | 'windows' | 'windows-uefi' | 'other';

export interface TemplateSpec {
  readonly name: string;
  readonly family: TemplateFamily;
  /** Minimum / recommended memory in MiB. */
  readonly memoryMiB: number;
  readonly vcpus: number;
  /** Size of the system disk the provision XML declares, in GiB. */
  readonly diskGiB: number;
}

function t(
  name: string,
  family: TemplateFamily,
  memoryMiB: number,
  vcpus: number,
  diskGiB: number,
): TemplateSpec {
  return { name, family, memoryMiB, vcpus, diskGiB };
}

export const DEFAULT_TEMPLATES: readonly TemplateSpec[] = [
  t('Other install media', 'other', 1024, 1, 8),
  t('Debian Etch 4.0', 'linux-pv', 256, 1, 8),
  t('Debian Buster 10', 'linux-hvm', 1024, 1, 10),
  t('Debian Bullseye 11', 'linux-hvm', 1024, 1, 10),
  t('Debian Bookworm 12', 'linux-hvm', 1024, 1, 10),
  t('Ubuntu Focal Fossa 20.04', 'linux-hvm', 1024, 1, 10),
  t('Ubuntu Jammy Jellyfish 22.04', 'linux-hvm', 1024, 1, 10),
  t('Ubuntu Noble Numbat 24.04', 'linux-hvm', 1024, 1, 10),
  t('CentOS 7', 'linux-hvm', 2048, 1, 10),
  t('CentOS Stream 8', 'linux-hvm', 2048, 1, 10),
  t('CentOS Stream 9', 'linux-hvm', 2048, 1, 10),
  t('Red Hat Enterprise Linux 7', 'linux-hvm', 2048, 1, 10),
  t('Red Hat Enterprise Linux 8', 'linux-hvm', 2048, 1, 10),
  t('Red Hat Enterprise Linux 9', 'linux-hvm', 2048, 1, 10),
  t('Red Hat Enterprise Linux 10', 'linux-hvm', 2048, 1, 10),
  t('Rocky Linux 8', 'linux-hvm', 2048, 1, 10),
  t('Rocky Linux 9', 'linux-hvm', 2048, 1, 10),
  t('AlmaLinux 8', 'linux-hvm', 2048, 1, 10),
  t('AlmaLinux 9', 'linux-hvm', 2048, 1, 10),
  t('Oracle Linux 7', 'linux-hvm', 2048, 1, 10),
  t('Oracle Linux 8', 'linux-hvm', 2048, 1, 10),
  t('Oracle Linux 9', 'linux-hvm', 2048, 1, 10),
  t('Scientific Linux 7', 'linux-hvm', 2048, 1, 10),
  t('SUSE Linux Enterprise Server 12 SP5 (64-bit)', 'linux-hvm', 1024, 1, 10),
  t('SUSE Linux Enterprise Server 15 (64-bit)', 'linux-hvm', 1024, 1, 10),
  t('SUSE Linux Enterprise Desktop 15 (64-bit)', 'linux-hvm', 1024, 1, 10),
  t('NeoKylin Linux Server 7', 'linux-hvm', 1024, 1, 10),
  t('Gooroom Platform 2.0', 'linux-hvm', 1024, 1, 10),
  t('Linx Linux 9', 'linux-hvm', 1024, 1, 10),
  t('Yinhe Kylin 4', 'linux-hvm', 1024, 1, 10),
  t('Generic Linux BIOS', 'linux-hvm', 1024, 1, 10),
  t('Generic Linux UEFI', 'linux-hvm', 1024, 1, 10),
  t('Windows 10 (64-bit)', 'windows', 2048, 2, 32),
  t('Windows 11', 'windows-uefi', 4096, 2, 64),
  t('Windows Server 2016 (64-bit)', 'windows', 2048, 2, 32),
  t('Windows Server 2019 (64-bit)', 'windows', 2048, 2, 32),
  t('Windows Server 2022 (64-bit)', 'windows-uefi', 2048, 2, 32),
  t('Windows Server 2025', 'windows-uefi', 2048, 2, 64),
];
