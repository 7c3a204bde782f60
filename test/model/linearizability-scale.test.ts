// Scale: 8 clients × 200 lifecycle calls on 4 shared VMs, checked against the reference model (issue 8 §3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expected, HistoryEntry, ModelCall, ModelState, Observed } from '../../src/model/index.ts';
import { checkLinearizable, predict, referenceLinearizabilityModel } from '../../src/model/index.ts';
import { S, putVm, vm, withSession } from './helpers.ts';

const VMS = ['OpaqueRef:v0', 'OpaqueRef:v1', 'OpaqueRef:v2', 'OpaqueRef:v3'];
const METHODS = [
  'VM.start',
  'VM.clean_shutdown',
  'VM.pause',
  'VM.unpause',
  'VM.suspend',
  'VM.resume',
  'VM.hard_shutdown',
  'VM.get_power_state',
];

function callFor(method: string, v: string): ModelCall {
  const extra = method === 'VM.start' || method === 'VM.resume' ? [false, false] : [];
  return { method, args: [S, v, ...extra] };
}

/** The concrete answer a deterministic expectation stands for. */
function answer(e: Expected): Observed {
  if (e.kind === 'failure')
    return { ok: false, code: e.code, params: (e.params ?? []).map((p) => (typeof p === 'string' ? p : '')) };
  if (e.kind === 'success' && e.shape.kind === 'equals') return { ok: true, value: e.shape.value };
  return { ok: true, value: '' };
}

/** A linearizable history: a sequential run whose calls get intervals around their linearization points. */
function history(
  seed: number,
  clients: number,
  perClient: number,
): { init: ModelState; h: HistoryEntry<ModelCall, Observed>[] } {
  const init = VMS.reduce((s, r) => putVm(s, vm(r)), withSession());
  const rnd = fc.sample(
    fc.tuple(fc.nat(METHODS.length - 1), fc.nat(VMS.length - 1), fc.nat(39), fc.nat(39)),
    {
      seed,
      numRuns: clients * perClient,
    },
  );
  let state = init;
  const h: HistoryEntry<ModelCall, Observed>[] = [];
  rnd.forEach(([m, v, before, after], k) => {
    const call = callFor(METHODS[m] as string, VMS[v] as string);
    const p = predict(state, call);
    const observed = answer(p.expected);
    state = p.next(observed);
    const t = k * 10;
    h.push({ client: k % clients, call, invokeAt: t - before, returnAt: t + after, observed });
  });
  return { init, h };
}

describe('linearizability at scale', () => {
  it('verifies 8 clients × 200 calls within seconds, and catches one corrupted answer', () => {
    const { init, h } = history(42, 8, 200);
    const model = referenceLinearizabilityModel(init);
    let started = Date.now();
    const good = checkLinearizable(h, model, { timeoutMs: 20_000 });
    const goodMs = Date.now() - started;
    expect(good.ok).toBe(true);
    expect(goodMs).toBeLessThan(5_000);

    // Corrupt a late power-state read: claim a state no interleaving can explain.
    const idx = h.findLastIndex((e) => e.call.method === 'VM.get_power_state');
    const target = h[idx] as HistoryEntry<ModelCall, Observed>;
    const seen = target.observed.ok ? String(target.observed.value) : '';
    const wrong = ['Halted', 'Running', 'Paused', 'Suspended'].find((s) => s !== seen) as string;
    // Only corrupt into a value impossible in the window: make every other call on that VM far away first.
    const bad = h.map((e, i) =>
      i === idx ? { ...e, observed: { ok: true as const, value: `${wrong}-nonsense` } } : e,
    );
    started = Date.now();
    const r = checkLinearizable(bad, model, { timeoutMs: 20_000 });
    expect(r.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    if (r.ok === false) expect(r.pending.some((p) => p === bad[idx])).toBe(true);
  });
});
