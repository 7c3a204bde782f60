// Test helpers: drive the model with calls and hand-written answers.
import { expect } from 'vitest';
import type { ModelCall, ModelConfig, ModelState, Observed, VmModel } from '../../src/model/index.ts';
import { initialState, modelConfig, step } from '../../src/model/index.ts';
import { mapSet } from '../../src/model/model-state.ts';

export const S = 'OpaqueRef:11111111-1111-1111-1111-111111111111';

export function ok(value: unknown = ''): Observed {
  return { ok: true, value };
}

export function err(code: string, ...params: string[]): Observed {
  return { ok: false, code, params };
}

export function call(method: string, args: readonly unknown[], at?: number): ModelCall {
  return at === undefined ? { method, args } : { method, args, at };
}

/** Steps and asserts the model accepts the answer; returns the next state. */
export function accept(state: ModelState, c: ModelCall, o: Observed): ModelState {
  const r = step(state, c, o);
  if (!r.ok) throw new Error(`model rejected ${c.method}: ${r.reason}`);
  return r.next;
}

/** Steps and asserts the model rejects the answer; returns the reason. */
export function reject(state: ModelState, c: ModelCall, o: Observed): string {
  const r = step(state, c, o);
  expect(r.ok, `model accepted ${c.method} → ${JSON.stringify(o)}`).toBe(false);
  return r.ok ? '' : r.reason;
}

/** A state with one logged-in root session S. */
export function withSession(config: Partial<ModelConfig> = {}): ModelState {
  return accept(
    initialState(modelConfig(config)),
    call('session.login_with_password', ['root', 'xapi'], 0),
    ok(S),
  );
}

export function vm(ref: string, fields: Partial<VmModel> = {}): VmModel {
  return {
    ref,
    nameLabel: ref,
    powerState: 'Halted',
    isTemplate: false,
    isDefaultTemplate: false,
    isSnapshot: false,
    isControlDomain: false,
    otherConfig: {},
    currentOps: new Map(),
    adopted: false,
    owned: true,
    ...fields,
  };
}

export function putVm(state: ModelState, v: VmModel): ModelState {
  return { ...state, vms: mapSet(state.vms, v.ref, v), createdAt: mapSet(state.createdAt, v.ref, 0) };
}

/** An event.from valid_ref_counts a conformant host could give: every table, counts above any floor. */
export const REF_COUNTS = {
  vm: 50,
  vbd: 50,
  vdi: 50,
  vif: 50,
  sr: 3,
  network: 2,
  host: 1,
  pool: 1,
  session: 10,
  task: 0,
  pbd: 3,
} as const;
