// The harness under faults (issue 8 §4): the conformance runner (src/harness runProperty with the
// default vm-lifecycle and session properties) runs against an emulator through the fault proxy, as it
// would against a real host behind a flaky network. It must finish within its budget, report
// transport failures (broken, exit 2) apart from contract violations (failed, exit 1), and leave no
// object it created behind (checked on the emulator directly, not through the proxy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, inProcessTransport, XapiClient } from '../../src/client/index.ts';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { startFaultProxy, type FaultProxy, type FaultSpec } from '../../src/faultproxy/index.ts';
import {
  configFor,
  defaultOptions,
  findTagged,
  NO_EXPECTATIONS,
  preflight,
  runProperty,
  type PropertyDef,
  type Target,
} from '../../src/harness/index.ts';
import { exitCodeForStatuses, type PropertyResult } from '../../src/results/index.ts';
import { SESSION_PROPERTIES, VM_LIFECYCLE_PROPERTIES } from '../../suites/properties/index.ts';

const CALL_TIMEOUT_MS = 1_500;
/** Seeds of the proxy and the properties; FAULT_SEED (e.g. from `npm run soak`) moves them all. */
const BASE_SEED = Number(process.env['FAULT_SEED'] ?? 11);
const FAULTS: FaultSpec = {
  latency: { probability: 0.2, minMs: 5, maxMs: 40 },
  reset: 0.02,
  truncate: 0.02,
  errorStatus: { probability: 0.02 },
  stall: 0.005,
};
const PROPERTIES: readonly PropertyDef[] = [
  ...VM_LIFECYCLE_PROPERTIES.slice(0, 3),
  ...SESSION_PROPERTIES.filter((p) => !/evict|storm/i.test(p.id)).slice(0, 2),
];

/** A remote-style target through the proxy, with a per-call limit so that a stall costs seconds. */
function proxiedTarget(url: string, emu: Emulator): Target {
  const clients: XapiClient[] = [];
  return {
    kind: 'remote',
    url,
    user: emu.user,
    password: emu.password,
    client() {
      const c = new XapiClient({
        transport: httpTransport(url, { timeoutMs: CALL_TIMEOUT_MS }),
        callTimeoutMs: CALL_TIMEOUT_MS,
      });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

interface RunReport {
  readonly results: PropertyResult[];
  readonly exitCode: number;
  readonly ms: number;
  readonly leftovers: number;
  /** Requests the proxy broke (reset, truncated, 5xx, stalled) while the properties ran. */
  readonly injected: number;
}

/** The faults that make a call fail (latency alone does not). */
const BREAKING = ['reset-before', 'reset-after', 'truncate', 'error-status', 'stall'] as const;

async function runThrough(
  emuFaults: readonly string[],
  proxyFaults: FaultSpec,
  seed: number,
): Promise<RunReport> {
  const emu = await createEmulator({ port: 0, authFailureDelayMs: 0, faults: emuFaults });
  const proxy: FaultProxy = await startFaultProxy({ target: emu.url, seed });
  const target = proxiedTarget(proxy.url, emu);
  const options = {
    ...defaultOptions(),
    target: proxy.url,
    user: emu.user,
    password: emu.password,
    runs: 4,
    timeLimitMs: 4_000,
    seed,
    runId: `faults-${seed}`,
  };
  const t0 = performance.now();
  try {
    const pre = await preflight(target, 'auto'); // clean: the proxy has no faults yet
    const ctx = { options, target, preflight: pre, config: configFor(target, pre) };
    proxy.setFaults(proxyFaults);
    const results: PropertyResult[] = [];
    for (const def of PROPERTIES)
      results.push(await runProperty(def, ctx, { expectations: NO_EXPECTATIONS }));
    const ms = performance.now() - t0;
    const byKind = proxy.stats().byKind;
    const injected = BREAKING.reduce((n, k) => n + byKind[k], 0);
    // Leftovers, read on the emulator itself.
    const direct = new XapiClient({ transport: inProcessTransport(emu.handle) });
    const s = await direct.login(emu.user, emu.password);
    const leftovers = (await findTagged(direct, s.ref, 'VM')).size;
    return {
      results,
      exitCode: exitCodeForStatuses(results.map((r) => r.status)),
      ms,
      leftovers,
      injected,
    };
  } finally {
    await target.close();
    await proxy.close();
    await emu.close();
  }
}

function describeResults(r: RunReport): string {
  return r.results
    .map((x) => `${x.id}: ${x.status}${x.kind === undefined ? '' : `/${x.kind}`} ${x.message ?? ''}`)
    .join('\n');
}

describe(`conformance through the fault proxy (FAULT_SEED=${BASE_SEED})`, () => {
  let clean: RunReport;
  beforeAll(async () => {
    clean = await runThrough([], {}, BASE_SEED + 0);
  }, 120_000);
  afterAll(() => undefined);

  it('without faults: conformant (exit 0), nothing left behind', () => {
    expect(clean.exitCode, describeResults(clean)).toBe(0);
    expect(clean.leftovers).toBe(0);
  });

  it('with transport faults: finishes in budget, transport problems are broken (exit 2), never violations', async () => {
    const r = await runThrough([], FAULTS, BASE_SEED + 1);
    // Budget: each property stops generating at its time limit; a faulted case costs at most a few call
    // timeouts more (the failing call, then cleanup through the same proxy).
    expect(r.ms).toBeLessThan(PROPERTIES.length * (4_000 + 10 * CALL_TIMEOUT_MS));
    const statuses = r.results.map((x) => `${x.status}/${x.kind ?? ''}`);
    expect(
      statuses.filter((s) => s.startsWith('failed')),
      describeResults(r),
    ).toEqual([]);
    for (const x of r.results) {
      if (x.status === 'broken') expect(x.kind, x.message).toBe('transport');
    }
    // The proxy did break calls, those breaks surfaced as broken properties, and the run says so: exit 2.
    expect(r.injected, 'the proxy injected no fault: this run proves nothing').toBeGreaterThan(0);
    expect(r.results.filter((x) => x.status === 'broken').length, describeResults(r)).toBeGreaterThan(0);
    expect(r.exitCode).toBe(2);
    expect(r.leftovers, 'tagged VMs left on the emulator').toBe(0);
  }, 180_000);

  it('faults that hit the cleanup itself (seed 1000) still leave nothing behind', async () => {
    // With this seed the proxy's 503s and resets land on the cleanup's own calls (VM.get_all_records,
    // VM.hard_shutdown, VM.destroy). A single-shot cleanup leaves the case's VMs on the target; the
    // harness must retry its cleanup on transport errors (or sweep the run's tag at the end).
    const r = await runThrough([], FAULTS, 1000);
    expect(r.results.filter((x) => x.status === 'failed')).toEqual([]);
    expect(r.leftovers, 'tagged VMs left on the emulator after a faulted cleanup').toBe(0);
  }, 180_000);

  it('contract violations stay violations (exit 1) with or without transport faults', async () => {
    const violating = await runThrough(['start-template'], {}, BASE_SEED + 2);
    expect(violating.exitCode, describeResults(violating)).toBe(1);
    for (const x of violating.results.filter((y) => y.status === 'failed')) {
      expect(x.kind).toBe('contract-violation');
    }
    // Transport faults on the session calls only (the sessions property's get_uuid and logout): the
    // vm-lifecycle property must still find its violation, the sessions property may break, and the
    // violation decides the exit code (exit 1, not 2).
    const both = await runThrough(
      ['start-template'],
      { ...FAULTS, reset: 0.2, include: /^session\.(get_uuid|logout)$/ },
      BASE_SEED + 3,
    );
    expect(both.injected, 'the proxy injected no fault: this run proves nothing').toBeGreaterThan(0);
    const lifecycle = both.results.find((x) => x.area === 'vm-lifecycle');
    expect(lifecycle?.status, describeResults(both)).toBe('failed');
    expect(lifecycle?.kind).toBe('contract-violation');
    for (const x of both.results) {
      if (x.status === 'failed') expect(x.kind).toBe('contract-violation');
      if (x.status === 'broken') expect(x.kind).toBe('transport');
    }
    expect(both.exitCode).toBe(1);
    expect(both.leftovers).toBe(0);
  }, 180_000);
});
