// Session limits and eviction under the target's policy (SEMANTICS.md §3; ARCHITECTURE.md "Two session
// policies"): a storm past the limit, then uses of the oldest and newest sessions.
import {
  coverEvictionCommand,
  evictionBatchCommand,
  gcWaitCommand,
  loginCommand,
  loginStormCommand,
  logoutCommand,
  useSessionCommand,
} from '../../generators/index.ts';
import { gcWaitMs } from '../../generators/commands/gc-wait.ts';
import type { PropertyContext, PropertyDef } from '../../src/harness/index.ts';
import { commandCases, evictionTransitions } from '../../src/harness/index.ts';
import { sdkGuidePolicy, xapiPolicy } from '../../src/model/index.ts';

/**
 * The time a storm case needs under xapi's policy: up to two storms past the largest group limit (500) at the
 * measured latency (a login costs a few cheap calls), plus one GC wait; the default under the SDK guide's.
 */
export function stormBudgetMs(ctx: PropertyContext, cases: number): number | undefined {
  if (ctx.config.policy.name !== 'xapi') return undefined;
  const calls = 2 * (500 + 10) * 2;
  // The latency is measured once, at preflight, often in a quiet moment: on a loaded 2-core CI machine a storm
  // with a GC wait overran a budget built on a 0.25 ms floor (53.6 s against 50 s), and later one built on a
  // 2 ms floor (over 59.4 s, the same property over HTTP, 2026-12-05), so each call counts for at least 4 ms
  // here. A budget is a cap, not a wait: a fast target still finishes as fast (4.5 s alone, same property).
  const stormMs = calls * Math.max(4, ctx.preflight.latencyMs) * 4 + 1_000;
  const perCase = stormMs + gcWaitMs(ctx.config) + 2_000;
  return Math.max(ctx.options.timeLimitMs, Math.ceil(cases * perCase + 5_000));
}

/** The xapi policy with small limits and a short GC period, on a dedicated emulator. */
const SMALL_LIMIT = 8;
const GC_MS = 200;

/** The dedicated emulator for SMALL_LIMIT and GC_MS. */
function smallXapiEmulator() {
  return {
    sessionPolicy: 'xapi',
    gcIntervalMs: GC_MS,
    maxSessions: { maxSessions: SMALL_LIMIT, maxPerOriginator: SMALL_LIMIT, maxPerUserName: SMALL_LIMIT },
  } as const;
}

/** The model's view of that emulator. */
function smallXapiConfig() {
  return {
    policy: xapiPolicy({
      externalLimit: SMALL_LIMIT,
      perOriginatorLimit: SMALL_LIMIT,
      perUserLimit: SMALL_LIMIT,
      gcPeriodMs: GC_MS,
    }),
    gcMarginMs: 300,
    // In-process and sequential: the emulator's last_active order is the call order; equal ms are ties.
    tieWindowMs: 0,
  };
}

/**
 * A small SDK-guide limit on a dedicated emulator: the same rule (the oldest goes at the first login past
 * the limit, whatever the limit), and a counterexample of a few calls: the logins that fill the table past the
 * limit, then the use of the evicted one (issue 17 item 5; with 6 it took 7 calls after the case's login).
 */
const SMALL_SDK_LIMIT = 3;

/** Every eviction property checks session.login_with_password; none needs VMs, so none reads them first. */
const EVICTION = {
  area: 'eviction',
  feature: 'session',
  story: 'session.login_with_password',
  setup: async () => {},
} as const;

export const EVICTION_PROPERTIES: readonly PropertyDef[] = [
  {
    ...EVICTION,
    id: 'eviction/session/login_with_password/sdk-guide-small-limit',
    name: 'SDK guide policy: a fresh login past the limit evicts the oldest session at once',
    emulatorOnly: true,
    dedicated: () => ({ sessionPolicy: 'sdk-guide', maxSessions: { sdkGuideMax: SMALL_SDK_LIMIT } }),
    config: () => ({ policy: sdkGuidePolicy({ limit: SMALL_SDK_LIMIT }) }),
    numRuns: 8,
    // Steered by coverEvictionCommand (issue 17 item 1).
    transitions: () => evictionTransitions('sdk-guide', { logout: true }),
    cases: () =>
      commandCases(
        [
          loginStormCommand,
          useSessionCommand,
          logoutCommand(false),
          loginCommand,
          coverEvictionCommand,
          coverEvictionCommand,
        ],
        5,
      ),
  },
  {
    ...EVICTION,
    id: 'eviction/session/login_with_password/storm-past-limit',
    name: "a login storm past the limit evicts per the target's policy",
    disruptive: true,
    // On the emulator each case gets its own emulator, so the session table holds this case's sessions only.
    dedicated: () => ({}),
    // Under xapi's policy a case is a storm of 400-500 logins and one 30 s GC pass: its budget is that, at the
    // target's measured pace, not the default 10 s (issue 11 item 5). Fewer cases: each costs half a minute.
    numRuns: (ctx) => (ctx.config.policy.name === 'xapi' ? Math.min(2, ctx.options.runs) : 4),
    timeLimitMs: (ctx) =>
      stormBudgetMs(ctx, ctx.config.policy.name === 'xapi' ? Math.min(2, ctx.options.runs) : 4),
    transitions: (ctx) => evictionTransitions(ctx.config.policy.name, { logout: false }),
    cases: () =>
      commandCases(
        [
          loginStormCommand,
          useSessionCommand,
          logoutCommand(false),
          gcWaitCommand,
          coverEvictionCommand,
          coverEvictionCommand,
        ],
        4,
      ),
  },
  {
    ...EVICTION,
    id: 'eviction/session/gc/xapi-least-recently-active',
    name: 'xapi policy: a GC pass keeps the most recently active sessions per group',
    emulatorOnly: true,
    dedicated: smallXapiEmulator,
    config: smallXapiConfig,
    numRuns: 4,
    transitions: () => evictionTransitions('xapi', { logout: true }),
    cases: () =>
      commandCases(
        [
          loginStormCommand,
          gcWaitCommand,
          useSessionCommand,
          logoutCommand(false),
          coverEvictionCommand,
          coverEvictionCommand,
        ],
        5,
      ),
  },
  {
    ...EVICTION,
    id: 'eviction/session/gc/xapi-batch-count',
    name: 'xapi policy: after one GC pass exactly the overflow of the older sessions is gone, the later batch all kept',
    // Our own GC group on a real host (the run's originator): other clients' sessions are not touched, but it
    // takes up to a group's limit of logins (500), so it is opt-in there like the storm.
    disruptive: true,
    dedicated: smallXapiEmulator,
    config: (ctx) => (ctx.target.kind === 'emulator' ? smallXapiConfig() : {}),
    // A real host's GC runs every 30 s: one case there, a few on the emulator's 200 ms period.
    numRuns: (ctx) => (ctx.target.kind === 'emulator' ? 3 : 1),
    // Up to a group's limit of logins and one GC pass per case, as a storm's: with one case there is no pilot
    // to fit the limit (run-property.ts), and the default 10 s interrupted the case in its 30 s GC wait on a
    // host that is not our emulator, so the property ended inconclusive, having checked nothing.
    timeLimitMs: (ctx) => stormBudgetMs(ctx, ctx.target.kind === 'emulator' ? 3 : 1),
    // One batch reaches all of them: the older sessions' logins below the limit, the later batch's at it, the
    // kept sessions' uses, and SESSION_INVALID for the older ones the GC pass took (evictable in the model). No
    // steering: the case is fixed.
    transitions: (ctx) =>
      ctx.config.policy.name === 'xapi' ? evictionTransitions('xapi', { logout: false }) : [],
    // (ctx.config here is the property's own: on the emulator the small xapi policy above.)
    // Every case runs the batch (an empty case would check nothing: 3 cases could all be empty).
    cases: () => commandCases([evictionBatchCommand], 1, 1),
  },
];
