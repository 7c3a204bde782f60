// pool-login-redirect: clients that are given a pool member's address, as after a coordinator change or a
// stale configuration (docs/SEMANTICS.md §11). Each iteration logs in at a member, gets
// HOST_IS_SLAVE [coordinator address], follows it the way clients do (the host part of the URL replaced),
// logs in at the coordinator, reads one record and logs out. `redirect_followed` is the whole path.
import { XapiClient, httpTransport, isTransportError, urlForHostAddress } from '../src/client/index.ts';
import type { Outcome } from '../src/client/index.ts';
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiSetupVu, xapiTeardownVu } from '../src/load/xapi-vu.ts';
import type { XapiVuState } from '../src/load/xapi-vu.ts';

interface RedirectState extends XapiVuState {
  /** One client per pool host URL this VU has reached (a member first, then the coordinator). */
  readonly clients: Map<string, XapiClient>;
  readonly memberUrl: string;
}

function clientFor(s: RedirectState, ctx: VuInitContext, url: string): XapiClient {
  let c = s.clients.get(url);
  if (c === undefined) {
    c = new XapiClient({ transport: httpTransport(url, { insecure: ctx.params.insecure ?? false }) });
    s.clients.set(url, c);
  }
  return c;
}

/**
 * One measured call on `client` (logins need no session); `expected` is a failure code that is the right
 * answer here (HOST_IS_SLAVE from a member), counted as ok. Transport failures come back as values.
 */
async function timed(
  ctx: IterationContext,
  client: XapiClient,
  method: string,
  args: readonly unknown[],
  expected?: string,
): Promise<Outcome | undefined> {
  let out: Outcome | undefined;
  await ctx.request('xapi_req', method, async () => {
    try {
      out = await client.attempt(method, args, { signal: ctx.signal });
      return out.ok || out.code === expected ? 'ok' : out.code;
    } catch (err) {
      if (isTransportError(err)) return `transport:${err.code}`;
      throw err;
    }
  });
  return out;
}

async function setupVu(ctx: VuInitContext): Promise<RedirectState> {
  const base = await xapiSetupVu()(ctx);
  const url = ctx.params.url;
  if (url === undefined)
    throw new Error('pool-login-redirect needs a target URL (members are other addresses)');
  const hosts = await xapiCall(base, ctx, 'host.get_all_records');
  const pools = await xapiCall(base, ctx, 'pool.get_all_records');
  if (!hosts.ok || !pools.ok) throw new Error('VU set-up: host/pool records unreadable');
  const master = (Object.values(pools.value as Record<string, { master: string }>)[0] ?? { master: '' })
    .master;
  const members = Object.entries(hosts.value as Record<string, { address: string }>)
    .filter(([ref]) => ref !== master)
    .map(([, h]) => h.address)
    .sort();
  const address = members[ctx.vu.idInTest % Math.max(1, members.length)];
  if (address === undefined)
    throw new Error('pool-login-redirect needs a pool with members (host.get_all lists one host)');
  return Object.assign(base, {
    clients: new Map<string, XapiClient>(),
    memberUrl: urlForHostAddress(url, address),
  });
}

async function redirect(s: RedirectState, ctx: IterationContext): Promise<void> {
  const user = ctx.params.user ?? 'root';
  const password = ctx.params.password ?? '';
  const t0 = performance.now();
  const first = await timed(
    ctx,
    clientFor(s, ctx, s.memberUrl),
    'session.login_with_password',
    [user, password],
    'HOST_IS_SLAVE',
  );
  const redirected =
    first !== undefined && !first.ok && first.code === 'HOST_IS_SLAVE' && first.params[0] !== undefined;
  ctx.check(first, { 'a member answers HOST_IS_SLAVE [address]': () => redirected });
  if (!redirected) return;
  const coordinator = clientFor(s, ctx, urlForHostAddress(s.memberUrl, first.params[0]!));
  const login = await timed(ctx, coordinator, 'session.login_with_password', [user, password]);
  if (!ctx.check(login, { 'login at the coordinator': (o) => o?.ok === true }) || login?.ok !== true) return;
  const session = typeof login.value === 'string' ? login.value : '';
  const read = await timed(ctx, coordinator, 'pool.get_all', [session]);
  ctx.check(read, { 'a call with that session': (o) => o?.ok === true });
  await timed(ctx, coordinator, 'session.logout', [session]);
  ctx.metrics.trend('redirect_followed_duration', performance.now() - t0);
}

async function teardownVu(s: RedirectState, ctx: VuInitContext): Promise<void> {
  await Promise.all([...s.clients.values()].map((c) => c.close()));
  await xapiTeardownVu(s, ctx);
}

export const scenario = defineLoad<RedirectState>({
  name: 'pool-login-redirect',
  description: 'log in at a pool member, follow HOST_IS_SLAVE to the coordinator, read, log out',
  emulatorHosts: 3,
  options: {
    scenarios: {
      redirect: { executor: 'constant-vus', vus: 4, duration: '15s', gracefulStop: '5s' },
    },
    thresholds: {
      checks: ['rate>0.99'],
      iteration_errors: ['count==0'],
      redirect_followed_duration: ['p(99)<1000'],
    },
  },
  setupVu,
  teardownVu,
  functions: { default: redirect },
});
