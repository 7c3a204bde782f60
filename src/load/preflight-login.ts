// Before a load run against a real target: one login (and logout) with the run's credentials, so a wrong
// password, a missing one or an unreachable target stops the run at once with its reason (exit 2) instead
// of running the whole duration with every VU's login failing (issue 12 §1). The conformance runner does
// the same in src/harness/preflight.ts.
import { httpTransport } from '../client/http-transport.ts';
import { isTransportError } from '../xapi/harness-errors.ts';
import type { Protocol } from '../client/rpc-codec.ts';
import { XapiClient } from '../client/xapi-client.ts';
import type { RunParams } from './definition.ts';
import { DEFAULT_USER } from './xapi-vu.ts';

/** Bounds the preflight on a target that accepts connections but never answers. */
const PREFLIGHT_TIMEOUT_MS = 20_000;

/** Returns undefined when the login worked, else the reason, one line, never the password. */
export async function preflightLogin(
  params: RunParams,
  protocol: Protocol = 'xmlrpc',
): Promise<string | undefined> {
  const url = params.url;
  if (url === undefined) return undefined;
  const user = params.user ?? DEFAULT_USER;
  const client = new XapiClient({
    transport: httpTransport(url, {
      insecure: params.insecure ?? false,
      connections: 1,
      timeoutMs: PREFLIGHT_TIMEOUT_MS,
      ...(params.ca === undefined ? {} : { ca: params.ca }),
    }),
    protocol,
  });
  try {
    const o = await client.attempt('session.login_with_password', [user, params.password ?? '']);
    if (!o.ok) {
      const why =
        o.code === 'SESSION_AUTHENTICATION_FAILED' ? ' (wrong user or password)' : ` ${o.params.join(' ')}`;
      return `login to ${url} as ${user} refused: ${o.code}${why.trimEnd()}`;
    }
    if (typeof o.value === 'string') await client.attempt('session.logout', [o.value]).catch(() => undefined);
    return undefined;
  } catch (err) {
    if (!isTransportError(err)) throw err;
    const hint =
      err.code === 'TLS' && params.insecure !== true
        ? ' (a self-signed certificate? pass --insecure or --ca FILE)'
        : '';
    return `cannot reach ${url}: ${err.message}${hint}`;
  } finally {
    await client.close();
  }
}
