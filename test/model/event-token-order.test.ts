// event.from tokens never go backwards (xapi_event.ml from_inner; src/model/event-token-order.ts). The
// emulator fault event-token-backwards breaks it; the fault grid shows the events area catching that.
import { describe, expect, it } from 'vitest';
import { tokenOrderProblem } from '../../src/model/event-token-order.ts';
import { S, accept, call, ok, putVm, reject, vm, withSession } from './helpers.ts';

const A = 'OpaqueRef:a';
const T10 = '00000000000000000010,00000000000000000000';
const T9 = '00000000000000000009,00000000000000000000';
const T12 = '00000000000000000012,00000000000000000003';

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
    const batch = (token: string) => ({ events: [], token, valid_ref_counts: {} });
    const add = {
      id: '1',
      timestamp: '0.0',
      class: 'vm',
      operation: 'add',
      ref: A,
      snapshot: { name_label: A, power_state: 'Halted', is_a_template: false },
    };
    s = accept(s, call('event.from', [S, ['vm'], '', 0.1]), ok({ ...batch(T10), events: [add] }));
    expect(reject(s, call('event.from', [S, ['vm'], T10, 0.1]), ok(batch(T9)))).toMatch(/went backwards/);
    accept(s, call('event.from', [S, ['vm'], T10, 0.1]), ok(batch(T10)));
  });
});
