// event-fanout: many clients long-polling event.from while objects change (SEMANTICS.md §6, xen-api
// ocaml/xapi/xapi_event.ml `from`). "waiters" each hold a session and a token and loop on
// event.from(["vm"], token, timeout); "writers" each own one tagged VM (cloned from a template at set-up)
// and change its name_description at a fixed rate, writing the wall-clock time into it. A waiter that sees
// the change records `event_delivery_duration` = receive time − write time: the fan-out latency. Across
// machines (shards) that figure includes their clock skew.
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, VuInitContext } from '../src/load/definition.ts';
import { isTransportError } from '../src/xapi/harness-errors.ts';
import { xapiCall, xapiSetupVu } from '../src/load/xapi-vu.ts';
import type { XapiVuState } from '../src/load/xapi-vu.ts';
import { cloneWriterVm, teardownWriterVu } from './writer-vm.ts';

const STAMP = 'xh-ts:';

interface FanoutState extends XapiVuState {
  token: string;
  /** Writers: the VM they own. */
  vm: string | undefined;
}

function eventTimeoutSec(ctx: VuInitContext): number {
  const v = Number(ctx.env['EVENT_TIMEOUT_S'] ?? '5');
  return Number.isFinite(v) && v > 0 ? v : 5;
}

async function setupVu(ctx: VuInitContext): Promise<FanoutState> {
  const base = await xapiSetupVu()(ctx);
  const state: FanoutState = Object.assign(base, { token: '', vm: undefined as string | undefined });
  if (ctx.scenario !== 'writers') return state;
  state.vm = await cloneWriterVm(base, ctx, 'xh-fanout');
  return state;
}

/** One long-poll; the first call (empty token) only fetches the current token and is not judged. */
async function wait(s: FanoutState, ctx: IterationContext): Promise<void> {
  const session = s.session;
  if (session === undefined) {
    await xapiCall(s, ctx, 'pool.get_all');
    return;
  }
  const timeout = s.token === '' ? 0 : eventTimeoutSec(ctx);
  let received = 0;
  await ctx.request('xapi_req', 'event.from', async () => {
    try {
      const batch = await session.eventFrom(['vm'], s.token, timeout, { signal: ctx.signal });
      const now = Date.now();
      s.token = batch.token;
      for (const ev of batch.events) {
        received++;
        const desc = (ev.snapshot as { name_description?: unknown } | undefined)?.name_description;
        if (typeof desc === 'string' && desc.startsWith(STAMP)) {
          ctx.metrics.trend('event_delivery_duration', Math.max(0, now - Number(desc.slice(STAMP.length))));
        }
      }
      return 'ok';
    } catch (err) {
      if (isTransportError(err)) return `transport:${err.code}`;
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string') {
        // An evicted or expired session: log in again on the next iteration (counted).
        if (code === 'SESSION_INVALID') {
          ctx.metrics.counter('xapi_session_relogins');
          s.session = undefined;
          s.token = '';
        }
        return code;
      }
      throw err;
    }
  });
  ctx.metrics.counter('events_received', received);
}

async function write(s: FanoutState, ctx: IterationContext): Promise<void> {
  if (s.vm === undefined) return;
  const r = await xapiCall(s, ctx, 'VM.set_name_description', [s.vm, `${STAMP}${Date.now()}`]);
  ctx.check(r, { 'write succeeded': (x) => x.ok });
}

export const scenario = defineLoad<FanoutState>({
  name: 'event-fanout',
  description: 'many event.from waiters while tagged VMs change at a fixed rate',
  options: {
    scenarios: {
      waiters: { executor: 'constant-vus', vus: 50, duration: '20s', exec: 'wait', gracefulStop: '1s' },
      writers: {
        executor: 'constant-arrival-rate',
        rate: 20,
        duration: '20s',
        preAllocatedVUs: 4,
        maxVUs: 20,
        exec: 'write',
        gracefulStop: '2s',
      },
    },
    thresholds: {
      'xapi_req_failed{method:event.from}': ['rate<0.01'],
      event_delivery_duration: ['p(95)<1000'],
      checks: ['rate>0.99'],
    },
  },
  setupVu,
  teardownVu: teardownWriterVu,
  functions: { wait, write, default: wait },
});
