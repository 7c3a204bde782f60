// session-storm: logins well past the session limit while long-lived sessions keep working. The SDK guide's
// policy evicts the oldest session at the 201st login; current xapi evicts the least recently active beyond
// 400/500 per group in a GC pass every 30 s (SEMANTICS.md §3, xen-api ocaml/xapi/db_gc_util.ml
// timeout_sessions). Measured: the login latency and failure rate under the storm, the fraction of held
// sessions found evicted (`session_evicted`), SESSION_INVALID answers and the re-logins they cause
// (`xapi_session_relogins`) among the long-lived "holders".
// Disruptive: on a real host the storm evicts other clients' sessions too, hence `disruptive: true`.
import type { Session } from '../src/client/session.ts';
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiLogin, xapiLogout, xapiSetupVu, xapiTeardownVu } from '../src/load/xapi-vu.ts';
import type { XapiVuState } from '../src/load/xapi-vu.ts';

/** Sessions one storm VU keeps open at most; beyond it, it logs the oldest out. */
const MAX_HELD_PER_VU = 500;

interface StormState extends XapiVuState {
  /** Storm VUs: sessions logged in and still believed valid, oldest first. */
  readonly held: Session[];
}

async function setupVu(ctx: VuInitContext): Promise<StormState> {
  // Holders log in once at set-up (and again after an eviction); storm VUs log in inside their iterations.
  const base = await xapiSetupVu({ login: ctx.scenario === 'holders', originator: 'xapi-harness-storm' })(
    ctx,
  );
  return Object.assign(base, { held: [] as Session[] });
}

/** A long-lived client: a cheap call every 100 ms on its one session, re-login after SESSION_INVALID. */
async function hold(s: StormState, ctx: IterationContext): Promise<void> {
  const r = await xapiCall(s, ctx, 'pool.get_all');
  ctx.check(r, { 'holder call answered': (x) => x.ok });
  await ctx.sleep(100);
}

/** One new login; then probe the oldest session this VU holds: still valid, or evicted? */
async function storm(s: StormState, ctx: IterationContext): Promise<void> {
  const login = await xapiLogin(s, ctx, { originator: 'xapi-harness-storm' });
  ctx.check(login, { 'login succeeded': (x) => x.ok });
  if (login.ok && s.session !== undefined) s.held.push(s.session);
  s.session = undefined;
  const oldest = s.held[0];
  if (oldest === undefined) return;
  // (Under xapi's LRU policy the probe also refreshes last_active, but only every 600 s: SEMANTICS.md §3.)
  const probe = await xapiCall({ client: s.client, session: oldest }, ctx, 'pool.get_all', [], {
    relogin: false,
  });
  const evicted = !probe.ok && probe.code === 'SESSION_INVALID';
  ctx.metrics.rate('session_evicted', evicted);
  if (evicted) s.held.shift();
  if (s.held.length > MAX_HELD_PER_VU) {
    const old = s.held.shift();
    if (old !== undefined) await xapiLogout({ client: s.client, session: old }, ctx);
  }
  ctx.metrics.gauge('sessions_held', s.held.length, { vu: String(ctx.vu.idInTest) });
}

async function teardownVu(s: StormState, ctx: VuInitContext): Promise<void> {
  for (const held of s.held.splice(0)) {
    await held.logout().catch(() => undefined);
  }
  await xapiTeardownVu(s, ctx);
}

export const scenario = defineLoad<StormState>({
  name: 'session-storm',
  description: 'logins past the session limit; eviction, SESSION_INVALID and re-login rates',
  disruptive: true,
  options: {
    scenarios: {
      holders: { executor: 'constant-vus', vus: 10, duration: '20s', exec: 'hold', gracefulStop: '2s' },
      storm: {
        executor: 'ramping-arrival-rate',
        startRate: 10,
        stages: [
          { duration: '5s', target: 100 },
          { duration: '15s', target: 100 },
        ],
        preAllocatedVUs: 20,
        maxVUs: 50,
        exec: 'storm',
        gracefulStop: '2s',
      },
    },
    thresholds: {
      // Past the limit a login evicts an older session; it must never be refused.
      'xapi_req_failed{method:session.login_with_password}': ['rate<0.01'],
      'xapi_req_duration{method:session.login_with_password}': ['p(95)<500'],
    },
  },
  setupVu,
  teardownVu,
  functions: { hold, storm, default: storm },
});
