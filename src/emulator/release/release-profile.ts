// The release the emulator plays (issue 11, `--release`): which classes and messages it serves (the
// datamodel's lifecycle, src/xapi/releases.ts), what host.software_version says, and the version rules
// of SEMANTICS.md §10 that changed between the releases users run.
import {
  findRelease,
  latestRelease,
  releaseAtLeast,
  servedIn,
  type ReleaseMatch,
} from '../../xapi/releases.ts';
import { SCHEMA } from '../../xapi/schema.ts';

const LATEST = latestRelease();

/**
 * A class the datamodel marks Removed (VMPP, VBD_metrics, VIF_metrics) keeps the answers it had before
 * release awareness: the datamodel's lifecycle cannot say which release dropped its wire stubs.
 */
function removedClass(cls: string): boolean {
  return SCHEMA.classes.get(cls)?.state === 'Removed';
}

/** How the emulator introduces itself: as itself (build_number "xapi-harness") or as a real host. */
export type PresentAs = 'emulator' | 'real-host';

/** The emulator's own mark in software_version (the harness's preflight reads it). */
const EMULATOR_BUILD_NUMBER = 'xapi-harness';

/** Release names the CLI documents; any version or code name of the datamodel is accepted too. */
export const KNOWN_RELEASES = ['24.19', '25.6', '26.1', 'latest'] as const;

export interface ReleaseProfile {
  /** The name asked for ("24.19", "latest"). */
  readonly name: string;
  readonly release: ReleaseMatch;
  /** host.software_version, as xapi builds it (create_misc.ml make_software_version). */
  readonly softwareVersion: Readonly<Record<string, string>>;
  /**
   * session_check.ml: before xapi 24.29.0 every session check rewrote last_active; from 24.29.0 only a
   * value older than 600 s is rewritten (SEMANTICS.md §3, §10).
   */
  readonly refreshLastActiveOnEveryCheck: boolean;
  /**
   * OTHER_OPERATION_IN_PROGRESS: ["VM.<op>"; ref] before xapi 25.27.0, ["VM"; ref; op; task] from it
   * (xapi_vm_lifecycle.ml report_concurrent_operations_error; SEMANTICS.md §10).
   */
  readonly otherOperationInProgressParams: 2 | 4;
  /** Whether the release serves a class ("VM"), a message ("VM.start") or a field ("VM.groups"). */
  serves(this: void, kind: 'class' | 'message' | 'field', name: string): boolean;
}

/**
 * What a host of each release states, for the fields that follow the release. The xapi build is the one a
 * product shipped (XCP-ng 8.3 went out with xapi 24.19.2); db_schema is Datamodel_common's
 * schema_major_vsn.schema_minor_vsn at that tag of xen-api; the product fields are XenServer 8's (the
 * fresh host is a XenServer one: its tools SR is "XenServer Tools"), which follows the same xapi line.
 */
interface BuildFacts {
  readonly xapiBuild: string;
  readonly dbSchema: string;
  readonly xen: string;
  readonly date: string;
}

const BUILDS: readonly (readonly [string, BuildFacts])[] = [
  ['24.19', { xapiBuild: '24.19.2', dbSchema: '5.779', xen: '4.17.4-3', date: '2024-09-12' }],
  ['25.6', { xapiBuild: '25.6.0', dbSchema: '5.786', xen: '4.17.5-7', date: '2025-03-04' }],
  ['26.1', { xapiBuild: '26.1.3', dbSchema: '5.793', xen: '4.17.5-15', date: '2026-01-20' }],
  ['26.17', { xapiBuild: '26.17.0', dbSchema: '5.909', xen: '4.17.5-20', date: '2026-08-11' }],
];

function buildFacts(release: ReleaseMatch): BuildFacts {
  const v = release.version ?? release.xapi ?? [0, 0, 0];
  const key = `${v[0]}.${v[1]}`;
  const known = BUILDS.find(([k]) => k === key)?.[1];
  if (known !== undefined) return known;
  return {
    xapiBuild: `${v[0]}.${v[1]}.${v[2]}`,
    dbSchema: '5.800',
    xen: '4.17.5-10',
    date: '2025-06-01',
  };
}

function softwareVersion(
  release: ReleaseMatch,
  presentAs: PresentAs,
  hostName: string,
): Record<string, string> {
  const b = buildFacts(release);
  const [major, minor] = b.xapiBuild.split('.');
  // xapi_globs.ml software_version, then create_misc.ml make_software_version's additions, in order.
  return {
    product_version: '8.4.0',
    product_version_text: '8',
    product_version_text_short: '8',
    platform_name: 'XCP',
    platform_version: '3.4.0',
    product_brand: 'XenServer',
    xapi: `${major}.${minor}`,
    // The one field that tells the emulator apart, unless it plays a real host.
    // Otherwise a build tag of the product's form (illustrative: real builds differ per update).
    build_number: presentAs === 'emulator' ? EMULATOR_BUILD_NUMBER : 'release/nile/master/58',
    git_id: '0',
    hostname: presentAs === 'emulator' ? hostName : 'localhost',
    date: b.date,
    xapi_build: b.xapiBuild,
    xen: b.xen,
    linux: '4.19.0+1',
    xencenter_min: '2.21',
    xencenter_max: '2.21',
    network_backend: 'openvswitch',
    db_schema: b.dbSchema,
  };
}

/** The profile of a release name ("24.19", "25.6.0", "latest"); throws for a name that is no release. */
export function releaseProfile(
  name = 'latest',
  presentAs: PresentAs = 'emulator',
  hostName = 'xenserver-emu',
): ReleaseProfile {
  const release = findRelease(name);
  if (release === undefined || release.unknown)
    throw new Error(
      `unknown release '${name}' (expected a xapi version such as ${KNOWN_RELEASES.join(', ')})`,
    );
  const served = new Map<string, boolean>();
  return {
    name,
    release,
    softwareVersion: softwareVersion(release, presentAs, hostName),
    refreshLastActiveOnEveryCheck: !releaseAtLeast(release, '24.29.0'),
    otherOperationInProgressParams: releaseAtLeast(release, '25.27.0') ? 4 : 2,
    serves(kind, what) {
      const key = `${kind}:${what}`;
      let v = served.get(key);
      if (v === undefined) {
        const cls = kind === 'class' ? what : (what.split('.')[0] ?? '');
        // Only what arrived after the release is taken away: a field or message the newest release no
        // longer serves (host_metrics.memory_free, removed in favour of RRDs) keeps its old behaviour.
        v = removedClass(cls) || servedIn(release, kind, what) || !servedIn(LATEST, kind, what);
        served.set(key, v);
      }
      return v;
    },
  };
}
