// Before any property: can we log in, what is the target (API version, product brand), and which session
// policy does it follow (ARCHITECTURE.md "Two session policies")? Unchecked calls: this is setup.
import { isTransportError } from '../client/index.ts';
import type { SessionPolicyName } from '../model/index.ts';
import { SetupError } from './contract-violation.ts';
import type { ProfileChoice } from './run-options.ts';
import type { Target } from './target.ts';

export interface Preflight {
  readonly apiVersion: string;
  readonly productBrand: string;
  readonly productVersion: string;
  /** The emulator reports build_number "xapi-harness" in software_version. */
  readonly isEmulator: boolean;
  readonly profile: SessionPolicyName;
  readonly hostname: string;
  /** software_version "xapi" (e.g. "25.6"): decides which datamodel fields the target must have. */
  readonly xapiVersion: string;
}

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';
}

export async function preflight(target: Target, choice: ProfileChoice): Promise<Preflight> {
  const client = target.client();
  let session: string;
  try {
    const o = await client.attempt('session.login_with_password', [target.user, target.password]);
    if (!o.ok) throw new SetupError(`login to ${target.url} refused: ${o.code} ${o.params.join(' ')}`);
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
    const isEmulator = text(sv['build_number']) === 'xapi-harness';
    const profile: SessionPolicyName =
      choice !== 'auto' ? choice : isEmulator || target.kind === 'emulator' ? 'sdk-guide' : 'xapi';
    return {
      apiVersion: `${text(host['API_version_major'])}.${text(host['API_version_minor'])}`,
      productBrand: text(sv['product_brand']),
      productVersion: text(sv['product_version']),
      isEmulator,
      profile,
      hostname: text(host['hostname']),
      xapiVersion: text(sv['xapi']),
    };
  } finally {
    await client.attempt('session.logout', [session]).catch(() => undefined);
  }
}
