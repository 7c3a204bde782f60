// pool-scale: what a large pool's clients do to xapi (issue 16). "clients" connect as Xen Orchestra does
// (xen-orchestra packages/xen-api/index.mjs `_watchEvents`): log in, take an event token with
// event.inject(pool) *before* the initial fetch so no change is lost, fetch `<class>.get_all_records` of
// every class it caches, then loop on event.from(classes, token, timeout); EVENTS_LOST or SESSION_INVALID
// start the whole connect again. "writers" each own one tagged VM (cloned at set-up, destroyed at tear-down:
// the run touches only what it created) and stamp the wall-clock time into its name_description, so every
// client's event loop wakes; `event_wake_latency` is receive time − write time (SEMANTICS.md §6; xen-api
// ocaml/xapi/xapi_event.ml `from`). "logins" is a login storm beside them: login_with_password then logout,
// so the session count stays bounded (SEMANTICS.md §3).
// Figures: the wake latency, the bytes each client received (`data_received`, and per class
// `get_all_records_bytes`), each class's get_all_records latency (`xapi_req_duration{method:VM.get_all_records}`),
// the whole connect (`connect_duration`) and the storm's login latency.
// Against the built-in emulator the CLI builds `emulatorInventory` (or `load --inventory`); against a URL the
// target must hold a pool of at least POOL_SCALE_MIN_VMS VMs (default 100), or the clients say what they need.
import type { Transport } from '../src/client/transport.ts';
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, MetricsApi, VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiLogin, xapiLogout, xapiSetupVu } from '../src/load/xapi-vu.ts';
import type { XapiVuState } from '../src/load/xapi-vu.ts';
import { isTransportError } from '../src/xapi/harness-errors.ts';
import { cloneWriterVm, teardownWriterVu } from './writer-vm.ts';

const STAMP = 'xh-ts:';

/**
 * The classes a client caches: those Xen Orchestra's console reads for a pool's pages (VMs and their
 * metrics, hosts, storage, networks, tasks, messages). POOL_SCALE_CLASSES (comma-separated) replaces them.
 */
export const CLIENT_CLASSES: readonly string[] = [
  'pool',
  'host',
  'host_metrics',
  'host_cpu',
  'VM',
  'VM_metrics',
  'VM_guest_metrics',
  'SR',
  'SM',
  'PBD',
  'VDI',
  'VBD',
  'VIF',
  'network',
  'PIF',
  'PIF_metrics',
  'task',
  'message',
];

interface PoolScaleState extends XapiVuState {
  /** Clients: the event token; '' until connected (and again after EVENTS_LOST or SESSION_INVALID). */
  token: string;
  /** Writers: the VM they own. */
  vm: string | undefined;
  /** What the VU's transport received last (bytes of the last response body). */
  readonly received: { last: number };
}

function classesOf(ctx: VuInitContext): readonly string[] {
  const v = ctx.env['POOL_SCALE_CLASSES'];
  return v === undefined || v.trim() === '' ? CLIENT_CLASSES : v.split(',').map((c) => c.trim());
}

function positiveEnv(ctx: VuInitContext, name: string, fallback: number): number {
  const v = Number(ctx.env[name] ?? String(fallback));
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** Counts what crosses the VU's connection (k6's data_sent / data_received, in bytes). */
function counting(t: Transport, metrics: MetricsApi, received: { last: number }): Transport {
  return {
    target: t.target,
    ...(t.timeoutMs === undefined ? {} : { timeoutMs: t.timeoutMs }),
    request: async (req, signal) => {
      metrics.counter('data_sent', req.body.byteLength);
      const res = await t.request(req, signal);
      received.last = res.body.byteLength;
      metrics.counter('data_received', res.body.byteLength);
      return res;
    },
    close: () => t.close(),
  };
}

async function setupVu(ctx: VuInitContext): Promise<PoolScaleState> {
  const received = { last: 0 };
  // Clients log in inside their connect (timed with it, and again after SESSION_INVALID); the storm logs
  // in inside its iterations.
  const base = await xapiSetupVu({
    login: ctx.scenario === 'writers',
    wrapTransport: (t) => counting(t, ctx.metrics, received),
  })(ctx);
  const state: PoolScaleState = Object.assign(base, {
    token: '',
    vm: undefined as string | undefined,
    received,
  });
  if (ctx.scenario !== 'writers') return state;
  state.vm = await cloneWriterVm(base, ctx, 'xh-scale');
  return state;
}

/** Guest VMs in a VM.get_all_records answer: not templates, not control domains (dom0). */
function guestCount(records: unknown): number {
  if (records === null || typeof records !== 'object') return 0;
  let n = 0;
  for (const r of Object.values(
    records as Record<string, { is_a_template?: unknown; is_control_domain?: unknown }>,
  ))
    if (r.is_a_template !== true && r.is_control_domain !== true) n++;
  return n;
}

/** A connect that could not start waits a second before the next try, as Xen Orchestra's poll delay. */
const RETRY_MS = 1000;

/** Xen Orchestra's connect: login, token, every class's records. Throws when the pool is too small. */
async function connect(s: PoolScaleState, ctx: IterationContext): Promise<void> {
  const t0 = performance.now();
  if (s.session === undefined) {
    const r = await xapiLogin(s, ctx);
    if (!r.ok) return ctx.sleep(RETRY_MS);
  }
  const pools = await xapiCall(s, ctx, 'pool.get_all');
  const pool = pools.ok ? (pools.value as readonly string[])[0] : undefined;
  if (pool === undefined) return ctx.sleep(RETRY_MS);
  // The token first, so that a change made during the fetch still reaches the event loop.
  const inject = await xapiCall(s, ctx, 'event.inject', ['pool', pool]);
  if (!inject.ok) return ctx.sleep(RETRY_MS);
  // A class the target does not serve is left out, as Xen Orchestra does (it warns and goes on).
  let complete = true;
  for (const cls of classesOf(ctx)) {
    // Cut by the end of the test: neither a failed fetch nor a connect time.
    if (ctx.signal.aborted) return;
    const r = await xapiCall(s, ctx, `${cls}.get_all_records`);
    if (!r.ok) {
      complete = false;
      continue;
    }
    ctx.metrics.trend('get_all_records_bytes', s.received.last, { class: cls });
    ctx.metrics.counter('records_fetched', Object.keys(r.value as object).length, { class: cls });
    if (cls === 'VM') {
      const guests = guestCount(r.value);
      const min = positiveEnv(ctx, 'POOL_SCALE_MIN_VMS', 100);
      ctx.metrics.gauge('pool_guest_vms', guests);
      if (guests < min) {
        s.token = 'unusable';
        throw new Error(
          `pool-scale needs a scaled pool: the target has ${guests} guest VMs, fewer than ${min} ` +
            `(start it with \`xapi-harness emulator --inventory hosts=64,vms=50000\`, run against the ` +
            `built-in emulator, which builds one, or set POOL_SCALE_MIN_VMS)`,
        );
      }
    }
  }
  if (ctx.signal.aborted) return;
  ctx.check(complete, { 'every class fetched': (c) => c });
  ctx.metrics.trend('connect_duration', performance.now() - t0);
  s.token = inject.value as string;
}

/** One long-poll of the event loop; each stamped change it brings is one wake-latency sample. */
async function waitEvents(s: PoolScaleState, ctx: IterationContext): Promise<void> {
  const session = s.session;
  if (session === undefined) {
    s.token = '';
    return;
  }
  const timeout = positiveEnv(ctx, 'EVENT_TIMEOUT_S', 5) || 5;
  let received = 0;
  await ctx.request('xapi_req', 'event.from', async () => {
    try {
      const batch = await session.eventFrom(classesOf(ctx), s.token, timeout, { signal: ctx.signal });
      const now = Date.now();
      s.token = batch.token;
      for (const ev of batch.events) {
        received++;
        const desc = (ev.snapshot as { name_description?: unknown } | undefined)?.name_description;
        if (typeof desc === 'string' && desc.startsWith(STAMP))
          ctx.metrics.trend('event_wake_latency', Math.max(0, now - Number(desc.slice(STAMP.length))));
      }
      return 'ok';
    } catch (err) {
      if (isTransportError(err)) return `transport:${err.code}`;
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string') throw err;
      // Xen Orchestra starts the whole connect again on these two (a full refetch: counted).
      if (code === 'SESSION_INVALID' || code === 'EVENTS_LOST') {
        ctx.metrics.counter('reconnects', 1, { reason: code });
        if (code === 'SESSION_INVALID') s.session = undefined;
        s.token = '';
      }
      return code;
    }
  });
  ctx.metrics.counter('events_received', received);
}

async function client(s: PoolScaleState, ctx: IterationContext): Promise<void> {
  if (s.token === 'unusable') {
    // The pool is too small (said once at connect): wait out the test rather than refetch in a loop.
    await ctx.sleep(60_000);
    return;
  }
  if (s.token === '') await connect(s, ctx);
  else await waitEvents(s, ctx);
}

async function write(s: PoolScaleState, ctx: IterationContext): Promise<void> {
  if (s.vm === undefined) return;
  const r = await xapiCall(s, ctx, 'VM.set_name_description', [s.vm, `${STAMP}${Date.now()}`]);
  ctx.check(r, { 'write succeeded': (x) => x.ok });
}

async function login(s: PoolScaleState, ctx: IterationContext): Promise<void> {
  const r = await xapiLogin(s, ctx, { originator: 'xapi-harness-pool-scale' });
  ctx.check(r, { 'storm login succeeded': (x) => x.ok });
  if (r.ok) await xapiLogout(s, ctx);
}

export const scenario = defineLoad<PoolScaleState>({
  name: 'pool-scale',
  description:
    'Xen Orchestra-style clients (get_all_records of every class, then an event.from loop) on a scaled pool, with writers and a login storm',
  emulatorInventory: 'hosts=8,vms=500',
  options: {
    // The clients connect first (all at once, as Xen Orchestra servers restarted together); the writers
    // and the storm start once a connect has had time to finish on a busy 2-core machine, so the wake
    // latency measures the event loop rather than the fetch still under way.
    scenarios: {
      clients: { executor: 'constant-vus', vus: 5, duration: '40s', exec: 'client', gracefulStop: '1s' },
      writers: {
        executor: 'constant-arrival-rate',
        rate: 2,
        duration: '30s',
        startTime: '10s',
        preAllocatedVUs: 2,
        maxVUs: 4,
        exec: 'write',
        gracefulStop: '2s',
      },
      logins: {
        executor: 'constant-arrival-rate',
        rate: 20,
        duration: '30s',
        startTime: '10s',
        preAllocatedVUs: 10,
        maxVUs: 40,
        exec: 'login',
        gracefulStop: '2s',
      },
    },
    thresholds: {
      event_wake_latency: ['p(95)<2000'],
      connect_duration: ['p(95)<30000'],
      'xapi_req_duration{method:VM.get_all_records}': ['p(95)<10000'],
      'xapi_req_duration{scenario:logins,method:session.login_with_password}': ['p(95)<1000'],
      'xapi_req_failed{scenario:clients}': ['rate<0.01'],
      'xapi_req_failed{scenario:logins}': ['rate<0.01'],
      checks: ['rate>0.99'],
    },
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  },
  setupVu,
  teardownVu: teardownWriterVu,
  functions: { client, write, login, default: client },
});
