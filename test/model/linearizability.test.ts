import { describe, expect, it } from 'vitest';
import type { HistoryEntry, LinearizabilityModel, ModelCall, Observed } from '../../src/model/index.ts';
import { checkLinearizable, referenceLinearizabilityModel } from '../../src/model/index.ts';
import { S, ok, err, putVm, vm, withSession } from './helpers.ts';

// A read/write register: the textbook specification.
type RegCall = { op: 'w'; v: number } | { op: 'r' };
const register: LinearizabilityModel<number, RegCall, number | null> = {
  init: 0,
  step: (s, c, o) => (c.op === 'w' ? [c.v] : o === s ? [s] : []),
  key: (s) => String(s),
};

const e = <C, O>(
  client: number,
  call: C,
  invokeAt: number,
  returnAt: number,
  observed: O,
): HistoryEntry<C, O> => ({
  client,
  call,
  invokeAt,
  returnAt,
  observed,
});

describe('checkLinearizable (WGL)', () => {
  it('accepts a history where overlapping calls can be ordered', () => {
    const h = [e(1, { op: 'w', v: 1 }, 0, 10, null), e(2, { op: 'r' }, 5, 6, 1), e(3, { op: 'r' }, 1, 2, 0)];
    expect(checkLinearizable(h, register).ok).toBe(true);
  });

  it('rejects a stale read after a completed write, and names the witnesses', () => {
    const h = [e(1, { op: 'w', v: 1 }, 0, 10, null), e(2, { op: 'r' }, 11, 12, 0)];
    const r = checkLinearizable(h, register);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.pending.map((p) => p.client)).toContain(2);
  });

  it('rejects reads that go back in time (new then old, both after the write started)', () => {
    const h = [
      e(1, { op: 'w', v: 1 }, 0, 100, null),
      e(2, { op: 'r' }, 10, 20, 1),
      e(3, { op: 'r' }, 30, 40, 0),
    ];
    expect(checkLinearizable(h, register).ok).toBe(false);
  });

  it('handles 8 clients × 200 ops in well under the budget', () => {
    // Each client owns one register (P-compositionality by client) and the search stays linear.
    const h: HistoryEntry<RegCall & { reg: number }, number | null>[] = [];
    for (let c = 0; c < 8; c += 1) {
      let value = 0;
      for (let i = 0; i < 200; i += 1) {
        const t = i * 10 + c;
        if (i % 3 === 0) {
          value = i;
          h.push(e(c, { op: 'w', v: i, reg: c }, t, t + 15, null));
        } else h.push(e(c, { op: 'r', reg: c }, t, t + 15, value));
      }
    }
    const model: LinearizabilityModel<number, RegCall & { reg: number }, number | null> = {
      ...register,
      partition: (call) => String(call.reg),
    };
    const started = Date.now();
    const r = checkLinearizable(h, model, { timeoutMs: 5_000 });
    expect(r.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('explores interleavings of one shared register with 8 concurrent clients', () => {
    // 8 clients, 25 rounds each, overlapping windows: a write then reads that see it.
    const h: HistoryEntry<RegCall, number | null>[] = [];
    for (let round = 0; round < 25; round += 1) {
      const base = round * 100;
      h.push(e(0, { op: 'w', v: round + 1 }, base, base + 50, null));
      for (let c = 1; c < 8; c += 1)
        h.push(e(c, { op: 'r' }, base + c, base + 60 + c, c % 2 === 0 ? round : round + 1));
    }
    const r = checkLinearizable(h, register, { timeoutMs: 5_000 });
    expect(r.ok).toBe(true);
  });
});

describe('the reference model as a linearizability specification', () => {
  const V = 'OpaqueRef:v';
  const W = 'OpaqueRef:w';
  const init = putVm(putVm(withSession(), vm(V)), vm(W));
  const model = referenceLinearizabilityModel(init);
  const c = (method: string, ...args: unknown[]): ModelCall => ({ method, args: [S, ...args] });

  it('accepts two concurrent starts where one wins and one sees VM_BAD_POWER_STATE', () => {
    const h: HistoryEntry<ModelCall, Observed>[] = [
      e(1, c('VM.start', V, false, false), 0, 10, ok('')),
      e(2, c('VM.start', V, false, false), 1, 9, err('VM_BAD_POWER_STATE', V, 'halted', 'running')),
      e(3, c('VM.get_power_state', V), 11, 12, ok('Running')),
    ];
    expect(checkLinearizable(h, model).ok).toBe(true);
  });

  it('rejects two successful starts of one VM (a lost update)', () => {
    const h: HistoryEntry<ModelCall, Observed>[] = [
      e(1, c('VM.start', V, false, false), 0, 10, ok('')),
      e(2, c('VM.start', V, false, false), 1, 9, ok('')),
    ];
    expect(checkLinearizable(h, model).ok).toBe(false);
  });

  it('checks VMs independently (P-compositionality) and finds the bad part', () => {
    const h: HistoryEntry<ModelCall, Observed>[] = [
      e(1, c('VM.start', V, false, false), 0, 10, ok('')),
      e(2, c('VM.start', W, false, false), 0, 10, ok('')),
      e(3, c('VM.get_power_state', W), 20, 21, ok('Halted')),
    ];
    const r = checkLinearizable(h, model);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.partition).toBe(W);
  });
});
