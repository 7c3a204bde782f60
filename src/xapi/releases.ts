// Release awareness (SEMANTICS.md §1 lifecycle, §10): which release a target runs, read from
// host.software_version, and which classes, fields and messages that release serves, from the datamodel's
// lifecycle data (xen-api ocaml/idl/datamodel_lifecycle.ml, datamodel_types.ml release order; published in
// xapi-project.github.io _data/release_info.json and releases.yml).
import type { LifecycleState, Schema, TransitionJson } from './schema-types.ts';
import { SCHEMA, findMessage } from './schema.ts';

/** A release of xapi as the harness resolves it. */
export interface ReleaseMatch {
  /** Code name as used in the datamodel's lifecycles ("stockholm", "24.19.1", "26.17.0"). */
  readonly code: string;
  /** Position in the release order (oldest first); compare these, never the strings. */
  readonly index: number;
  /** xapi version [major, minor, patch] for numbered releases; undefined for code-named ones (before 1.250). */
  readonly xapi?: readonly [number, number, number];
  /**
   * The xapi version the target states (padded with zeros: "24.29" → [24, 29, 0]), or the release's own when
   * the target states none. Version rules compare this, not `code`: a 24.29 host is past the 24.29.0 rule even
   * though the datamodel's newest entry before it is 24.28.0.
   */
  readonly version?: readonly [number, number, number];
  /** The version text asked for (software_version "xapi", or a release name). */
  readonly asked: string;
  /**
   * The asked version is newer than every release this harness knows: it is treated as the newest one, and
   * reports should say so (issue 11: a release newer than any known is treated as the newest).
   */
  readonly beyondKnown: boolean;
  /** The asked text was not a version at all (empty, a build tag): the newest release was assumed. */
  readonly unknown: boolean;
}

export type ServedKind = 'class' | 'message' | 'field';

/** "24.19.1" → [24, 19, 1]; undefined for code names ("stockholm") and markers ("26.16.1-next"). */
export function parseXapiVersion(text: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) return undefined;
  return [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

interface ReleaseTable {
  readonly schema: Schema;
  readonly codes: readonly string[];
  readonly versions: readonly ([number, number, number] | undefined)[];
}

function table(schema: Schema): ReleaseTable {
  return { schema, codes: schema.releases, versions: schema.releases.map(parseXapiVersion) };
}

const DEFAULT_TABLE = table(SCHEMA);

function match(
  t: ReleaseTable,
  index: number,
  asked: string,
  beyondKnown: boolean,
  unknown: boolean,
  stated?: readonly number[],
): ReleaseMatch {
  const code = t.codes[index] ?? '';
  const v = t.versions[index];
  const base = { code, index, asked, beyondKnown, unknown };
  const version: [number, number, number] | undefined =
    stated === undefined ? v : [stated[0] ?? 0, stated[1] ?? 0, stated[2] ?? 0];
  const withVersion = version === undefined ? base : { ...base, version };
  return v === undefined ? withVersion : { ...withVersion, xapi: v };
}

/** The newest release the harness knows (the datamodel's last). */
export function latestRelease(schema: Schema = SCHEMA): ReleaseMatch {
  const t = schema === SCHEMA ? DEFAULT_TABLE : table(schema);
  return match(t, t.codes.length - 1, 'latest', false, false);
}

/**
 * The release a target runs, from host.software_version's "xapi" ("major.minor", xen-api
 * ocaml/xapi/xapi_globs.ml software_version) or "xapi_build" ("24.19.2", create_misc.ml): the newest known
 * release not after it. Only major.minor are compared when the patch is not given ("24.19" → 24.19.1).
 * A version newer than every known release is the newest, flagged `beyondKnown`; text that is not a version
 * gives the newest, flagged `unknown`. A version older than every numbered release gives the last
 * code-named one (xapi 1.x before 1.250 shipped under code names).
 */
export function releaseOf(softwareVersionXapi: string, schema: Schema = SCHEMA): ReleaseMatch {
  const t = schema === SCHEMA ? DEFAULT_TABLE : table(schema);
  const asked = softwareVersionXapi.trim();
  const want = /^\d+\.\d+$/.test(asked) ? parseXapiVersion(asked)?.slice(0, 2) : parseXapiVersion(asked);
  const last = t.codes.length - 1;
  if (want === undefined) return match(t, last, asked, false, true);
  let best = -1;
  let lastNamed = -1;
  let newest: readonly number[] | undefined;
  t.versions.forEach((v, i) => {
    if (v === undefined) {
      if (best < 0) lastNamed = i;
      return;
    }
    newest = v;
    if (compareVersions(v.slice(0, want.length), want) <= 0) best = i;
  });
  if (best < 0) return match(t, lastNamed < 0 ? last : lastNamed, asked, false, false, want);
  const beyond = newest !== undefined && compareVersions(want, newest.slice(0, want.length)) > 0;
  return match(t, best, asked, beyond, false, want);
}

/**
 * A release by name: "latest", a code name ("stockholm"), or a version ("24.19", "25.6.0"). Undefined for
 * a name that is neither a known code name nor a version.
 */
export function findRelease(name: string, schema: Schema = SCHEMA): ReleaseMatch | undefined {
  const t = schema === SCHEMA ? DEFAULT_TABLE : table(schema);
  const n = name.trim();
  if (n === 'latest') return latestRelease(schema);
  const exact = t.codes.indexOf(n);
  if (exact >= 0) return match(t, exact, n, false, false);
  if (parseXapiVersion(n) === undefined) return undefined;
  return releaseOf(n, schema);
}

/**
 * Where a lifecycle release stands in the order. A marker "X-next" (a change after X not yet stamped with
 * a release, e.g. VDI.resize_online's "26.16.1-next") stands just after X; an unknown release after all.
 */
function rank(t: ReleaseTable, release: string): number {
  const i = t.codes.indexOf(release);
  if (i >= 0) return i;
  const next = /^(.*)-next$/.exec(release);
  if (next?.[1] !== undefined) {
    const j = t.codes.indexOf(next[1]);
    if (j >= 0) return j + 0.5;
  }
  return t.codes.length;
}

/**
 * Whether an item with this lifecycle exists at the release: walking the transitions in order, published
 * and prototyped make it served, removed takes it away; deprecated, changed and extended keep it served.
 * An empty lifecycle is served always; one without any transition at or before the release is not.
 */
export function lifecycleServes(
  lifecycle: readonly TransitionJson[],
  state: LifecycleState,
  release: ReleaseMatch,
  schema: Schema = SCHEMA,
): boolean {
  if (lifecycle.length === 0) return state !== 'Removed';
  const t = schema === SCHEMA ? DEFAULT_TABLE : table(schema);
  let served = false;
  let seen = false;
  for (const [transition, at] of lifecycle) {
    if (rank(t, at) > release.index) continue;
    seen = true;
    const tr = transition.toLowerCase();
    if (tr === 'published' || tr === 'prototyped') served = true;
    else if (tr === 'removed') served = false;
  }
  return seen && served;
}

/**
 * Whether the release serves a class ("VM"), a message ("VM.start", or an alias "VM_start") or a field
 * ("VM.domain_type"). A message or field is served only if its class is. Unknown names are not served.
 */
export function servedIn(
  release: ReleaseMatch,
  kind: ServedKind,
  name: string,
  schema: Schema = SCHEMA,
): boolean {
  if (kind === 'class') {
    const c = schema.classes.get(name);
    return c !== undefined && lifecycleServes(c.lifecycle, c.state, release, schema);
  }
  if (kind === 'message') {
    const m =
      schema === SCHEMA
        ? findMessage(name)
        : schema.classes.get(name.split('.')[0] ?? '')?.messages.get(name.split('.')[1] ?? '');
    if (m === undefined) return false;
    return (
      servedIn(release, 'class', m.cls, schema) && lifecycleServes(m.lifecycle, m.state, release, schema)
    );
  }
  const dot = name.indexOf('.');
  const cls = schema.classes.get(name.slice(0, dot));
  const f = dot < 0 ? undefined : cls?.fieldByName.get(name.slice(dot + 1));
  if (cls === undefined || f === undefined) return false;
  return (
    lifecycleServes(cls.lifecycle, cls.state, release, schema) &&
    lifecycleServes(f.lifecycle, f.state, release, schema)
  );
}

/**
 * Whether the target's xapi is at or after a version ("24.29.0"): for the version rules of SEMANTICS.md §10.
 * Compares the version the target stated (see `version`); a code-named release (no version) is older than
 * every numbered one.
 */
export function releaseAtLeast(release: ReleaseMatch, version: string): boolean {
  const v = parseXapiVersion(version);
  if (v === undefined) throw new Error(`not a xapi version: ${version}`);
  if (release.version === undefined) return false;
  return compareVersions(release.version, v) >= 0;
}
