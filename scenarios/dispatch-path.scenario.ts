// dispatch-path: the performance-critical read path of an XAPI endpoint — host.get_servertime (the cheapest
// call: session check + dispatch), VM.get_record (one DB row) and VM.get_all_records (the whole table) —
// first at the maximum rate the closed model reaches, then at a fixed open-model rate whose latency is
// measured from each request's intended start (free of coordinated omission).
// xapi's own figures for this path are in SEMANTICS.md §9 (e.g. PR #5986 get_servertime, PR #6462
// get_all_records); no published calls/s figure for full dispatch exists, which is what this measures.
import { defineLoad } from '../src/load/definition.ts';
import type { IterationContext, VuInitContext } from '../src/load/definition.ts';
import { xapiCall, xapiSetupVu, xapiTeardownVu } from '../src/load/xapi-vu.ts';
import type { XapiCallResult, XapiVuState } from '../src/load/xapi-vu.ts';

interface DispatchState extends XapiVuState {
  vms: readonly string[];
  host: string;
}

const ok = { 'answered Success': (r: XapiCallResult) => r.ok };

async function setupVu(ctx: VuInitContext): Promise<DispatchState> {
  const base = await xapiSetupVu()(ctx);
  const vms = await xapiCall(base, ctx, 'VM.get_all');
  const hosts = await xapiCall(base, ctx, 'host.get_all');
  if (!vms.ok || !hosts.ok) throw new Error(`VU set-up: VM.get_all/host.get_all failed`);
  const host = (hosts.value as readonly string[])[0];
  if (host === undefined) throw new Error('VU set-up: the target has no host');
  return Object.assign(base, { vms: vms.value as readonly string[], host });
}

function servertime(s: DispatchState, ctx: IterationContext): Promise<void> {
  return xapiCall(s, ctx, 'host.get_servertime', [s.host]).then((r) => void ctx.check(r, ok));
}

function getRecord(s: DispatchState, ctx: IterationContext): Promise<void> {
  // Walk the VM list deterministically per VU, so every run reads the same rows in the same order.
  const vm = s.vms[(ctx.vu.idInTest * 7919 + ctx.iterationInVu) % s.vms.length] ?? '';
  return xapiCall(s, ctx, 'VM.get_record', [vm]).then((r) => void ctx.check(r, ok));
}

function getAllRecords(s: DispatchState, ctx: IterationContext): Promise<void> {
  return xapiCall(s, ctx, 'VM.get_all_records').then((r) => void ctx.check(r, ok));
}

/** The open-model mix: 45% get_servertime, 45% get_record, 10% get_all_records. */
function mix(s: DispatchState, ctx: IterationContext): Promise<void> {
  const k = ctx.iterationInTest % 20;
  return k < 9 ? servertime(s, ctx) : k < 18 ? getRecord(s, ctx) : getAllRecords(s, ctx);
}

export const scenario = defineLoad<DispatchState>({
  name: 'dispatch-path',
  description:
    'host.get_servertime, VM.get_record, VM.get_all_records at max rate (closed), then paced (open)',
  options: {
    scenarios: {
      servertime: {
        executor: 'constant-vus',
        vus: 4,
        duration: '20s',
        exec: 'servertime',
        gracefulStop: '5s',
      },
      get_record: {
        executor: 'constant-vus',
        vus: 4,
        duration: '20s',
        exec: 'getRecord',
        gracefulStop: '5s',
      },
      get_all_records: {
        executor: 'constant-vus',
        vus: 1,
        duration: '20s',
        exec: 'getAllRecords',
        gracefulStop: '5s',
      },
      paced: {
        executor: 'constant-arrival-rate',
        rate: 200,
        duration: '10s',
        startTime: '20s',
        preAllocatedVUs: 10,
        maxVUs: 100,
        exec: 'mix',
        gracefulStop: '5s',
      },
    },
    // At maximum rate (closed model) latency is set by the concurrency (Little's law): those scenarios
    // report throughput and must not fail calls. Latency is judged where the load is paced (open model,
    // measured from each request's intended start).
    thresholds: {
      xapi_req_failed: ['rate<0.01'],
      checks: ['rate>0.99'],
      'xapi_req_latency{scenario:paced,method:host.get_servertime}': ['p(99)<100'],
      'xapi_req_latency{scenario:paced,method:VM.get_record}': ['p(99)<100'],
      'xapi_req_latency{scenario:paced,method:VM.get_all_records}': ['p(99)<1000'],
    },
  },
  setupVu,
  teardownVu: xapiTeardownVu,
  functions: { servertime, getRecord, getAllRecords, mix, default: mix },
});
