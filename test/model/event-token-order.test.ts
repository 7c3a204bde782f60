// event.from tokens never go backwards (xapi_event.ml from_inner; src/model/event-token-order.ts). The
// emulator fault event-token-backwards breaks it; the fault grid shows the events area catching that.
import { describe, expect, it } from 'vitest';
import { tokenOrderProblem } from '../../src/model/event-token-order.ts';
import { REF_COUNTS, S, accept, call, ok, putVm, reject, vm, withSession } from './helpers.ts';

const A = 'OpaqueRef:a';
const T10 = '00000000000000000010,00000000000000000000';
const T9 = '00000000000000000009,00000000000000000000';
const T12 = '00000000000000000012,00000000000000000003';
/** The event that adds VM A, as event.from reports it (both describes' batches carry it). */
const add = {
  id: '1',
  timestamp: '0.0',
  class: 'vm',
  operation: 'add',
  ref: A,
  snapshot: { name_label: A, power_state: 'Halted', is_a_template: false },
};

describe('event.from token order', () => {
  it('accepts a token at or after the one given, refuses one before it or malformed', () => {
    expect(tokenOrderProblem(T10, T10)).toBeUndefined();
    expect(tokenOrderProblem(T10, T12)).toBeUndefined();
    expect(tokenOrderProblem('', T9)).toBeUndefined();
    expect(tokenOrderProblem(T10, T9)).toMatch(/went backwards/);
    expect(tokenOrderProblem(T10, '9,0')).toMatch(/%020Ld/);
  });

  it('the model rejects a batch whose token is before the token given', () => {
    let s = putVm(withSession(), vm(A));
    const batch = (token: string) => ({ events: [], token, valid_ref_counts: REF_COUNTS });
    s = accept(s, call('event.from', [S, ['vm'], '', 0.1]), ok({ ...batch(T10), events: [add] }));
    expect(reject(s, call('event.from', [S, ['vm'], T10, 0.1]), ok(batch(T9)))).toMatch(/went backwards/);
    accept(s, call('event.from', [S, ['vm'], T10, 0.1]), ok(batch(T10)));
  });
});

describe('event.from valid_ref_counts (xapi_event.ml from_inner: every table, whatever the subscription)', () => {
  const batch = (counts: unknown) => ({ events: [add], token: T10, valid_ref_counts: counts });
  const from = call('event.from', [S, ['vm'], '', 0.1]);
  const s = putVm(withSession(), vm(A));

  it('accepts every table counted, and more rows than the harness has', () => {
    accept(s, from, ok(batch(REF_COUNTS)));
  });

  it('refuses a table left out because it was not subscribed to', () => {
    const { session: _s, ...onlySome } = REF_COUNTS;
    expect(reject(s, from, ok(batch(onlySome)))).toMatch(/no count for table "session"/);
  });

  it('refuses fewer VMs than the harness owns, fewer sessions than it holds, and a count that is no count', () => {
    expect(reject(s, from, ok(batch({ ...REF_COUNTS, vm: 0 })))).toMatch(/"vm": 0 rows, but 1 of ours/);
    expect(reject(s, from, ok(batch({ ...REF_COUNTS, session: 0 })))).toMatch(/"session": 0 rows/);
    expect(reject(s, from, ok(batch({ ...REF_COUNTS, host: '1.5' })))).toMatch(/not a 32-bit count/);
  });
});
