// Before any property: can we log in, what is the target (API version, product brand), and which session
// policy does it follow (ARCHITECTURE.md "Two session policies")? Unchecked calls: this is setup.
import { performance } from 'node:perf_hooks';
import type { XapiClient } from '../client/index.ts';
import { isTransportError } from '../client/index.ts';
import type { ReleaseMatch } from '../xapi/index.ts';
import { parseXapiVersion, releaseOf } from '../xapi/index.ts';
import type { SessionPolicyName } from '../model/index.ts';
import { SetupError } from '../results/index.ts';
import type { ProfileChoice } from './run-options.ts';
import type { Target } from './target.ts';

export interface Preflight {
  readonly apiVersion: string;
  readonly productBrand: string;
  readonly productVersion: string;
  /**
   * The session policy the target announces: the built-in emulator's build_number "xapi-harness" announces
   * the SDK guide's; anything else follows xapi's (ARCHITECTURE.md: the only thing a target may announce).
   */
  readonly announcedPolicy: SessionPolicyName | undefined;
  readonly profile: SessionPolicyName;
  readonly hostname: string;
  /** software_version "xapi" (e.g. "25.6"): decides which datamodel fields the target must have. */
  readonly xapiVersion: string;
  /** software_version "xapi_build" (e.g. "24.19.2", xen-api create_misc.ml), "" when absent. */
  readonly xapiBuild: string;
  /**
   * The release the target states (SEMANTICS.md §10): from xapi_build when it parses, else "xapi". A version
   * newer than every known release is the newest, flagged `beyondKnown` so the report can say so.
   */
  readonly release: ReleaseMatch;
  /** pool.other_config allow_clone_suspended_vm is "true" (helpers.ml clone_suspended_vm_enabled). */
  readonly allowCloneSuspended: boolean;
  /** Median round trip of a cheap call (session.get_this_host), ms: the target's pace. */
  readonly latencyMs: number;
  /** Hosts in the pool (host.get_all_records): the pool suite needs more than one (docs/SEMANTICS.md §11). */
  readonly hostCount: number;
}

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';
}

/** The pool setting that lets clone/copy take a Suspended VM (SEMANTICS.md §4), read, not assumed. */
async function poolAllowsCloneSuspended(client: XapiClient, session: string): Promise<boolean> {
  const pools = await client.attempt('pool.get_all_records', [session]);
  if (!pools.ok || !isStruct(pools.value)) return false;
  const pool = Object.values(pools.value)[0];
  const oc = isStruct(pool) && isStruct(pool['other_config']) ? pool['other_config'] : {};
  return oc['allow_clone_suspended_vm'] === 'true';
}

/** The median of a few round trips of a call every xapi serves cheaply (session.get_this_host). */
async function medianLatency(client: XapiClient, session: string, samples = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const t0 = performance.now();
    await client.attempt('session.get_this_host', [session, session]);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export async function preflight(target: Target, choice: ProfileChoice): Promise<Preflight> {
  const client = target.client();
  let session: string;
  try {
    const o = await client.attempt('session.login_with_password', [target.user, target.password]);
    if (!o.ok) {
      // A pool member answers every login with HOST_IS_SLAVE [coordinator address] (SEMANTICS.md §10).
      const hint =
        o.code === 'HOST_IS_SLAVE'
          ? `: this host is a pool member; run against the pool coordinator${o.params[0] !== undefined ? ` (--target https://${o.params[0]})` : ''}`
          : '';
      throw new SetupError(`login to ${target.url} refused: ${o.code} ${o.params.join(' ')}${hint}`);
    }
    session = typeof o.value === 'string' ? o.value : '';
  } catch (e) {
    if (isTransportError(e)) throw new SetupError(`cannot reach ${target.url}: ${e.message}`);
    throw e;
  }
  try {
    const hosts = await client.attempt('host.get_all_records', [session]);
    if (!hosts.ok || !isStruct(hosts.value))
      throw new SetupError(`host.get_all_records failed on ${target.url}`);
    const first = Object.values(hosts.value)[0];
    const host = isStruct(first) ? first : {};
    const sv = isStruct(host['software_version']) ? host['software_version'] : {};
    const announcedPolicy: SessionPolicyName | undefined =
      text(sv['build_number']) === 'xapi-harness' ? 'sdk-guide' : undefined;
    // Not announced: xapi's policy, whoever the target is (the emulator presented as a real host plays it).
    const profile: SessionPolicyName = choice !== 'auto' ? choice : (announcedPolicy ?? 'xapi');
    const xapiVersion = text(sv['xapi']);
    const xapiBuild = text(sv['xapi_build']);
    const release = parseXapiVersion(xapiBuild) !== undefined ? releaseOf(xapiBuild) : releaseOf(xapiVersion);
    return {
      apiVersion: `${text(host['API_version_major'])}.${text(host['API_version_minor'])}`,
      productBrand: text(sv['product_brand']),
      productVersion: text(sv['product_version']),
      announcedPolicy,
      profile,
      hostname: text(host['hostname']),
      xapiVersion,
      xapiBuild,
      release,
      allowCloneSuspended: await poolAllowsCloneSuspended(client, session),
      latencyMs: await medianLatency(client, session),
      hostCount: Object.keys(hosts.value).length,
    };
  } finally {
    await client.attempt('session.logout', [session]).catch(() => undefined);
  }
}
