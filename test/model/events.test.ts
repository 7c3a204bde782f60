import { describe, it } from 'vitest';
import type { ModelState } from '../../src/model/index.ts';
import { REF_COUNTS, S, accept, call, ok, putVm, reject, vm, withSession } from './helpers.ts';

const A = 'OpaqueRef:a';
const B = 'OpaqueRef:b';
const TOKEN1 = '00000000000000000010,00000000000000000000';

const NAMES: Record<string, string> = { [A]: A, [B]: 'b' };

function ev(operation: string, ref: string, snapshot: Record<string, unknown> = {}) {
  const full = { name_label: NAMES[ref], power_state: 'Halted', is_a_template: false, ...snapshot };
  return {
    id: '1',
    timestamp: '0.0',
    class: 'vm',
    operation,
    ref,
    snapshot: operation === 'del' ? {} : full,
  };
}

const batch = (events: unknown[], token = '00000000000000000020,00000000000000000000') => ({
  events,
  token,
  valid_ref_counts: REF_COUNTS,
});

function afterToken(): ModelState {
  // Existing VM A; the watcher takes a token; then A is modified, B is cloned from A.
  let s = putVm(withSession(), vm(A));
  s = accept(s, call('event.from', [S, ['vm'], '', 0.1]), ok(batch([ev('add', A)], TOKEN1)));
  s = accept(s, call('VM.set_name_label', [S, A, 'renamed']), ok(''));
  s = accept(s, call('VM.clone', [S, A, 'b']), ok(B));
  return s;
}

describe('event.from', () => {
  it('from "" reports every object as add', () => {
    const s = putVm(withSession(), vm(A));
    reject(s, call('event.from', [S, ['vm'], '', 0.1]), ok(batch([])));
    reject(s, call('event.from', [S, ['vm'], '', 0.1]), ok(batch([ev('mod', A, { name_label: 'renamed' })])));
    accept(s, call('event.from', [S, ['*'], '', 0.1]), ok(batch([ev('add', A)])));
  });

  it('reports mod for a change, add for a creation, with current snapshots', () => {
    const s = afterToken();
    const good = [ev('mod', A, { name_label: 'renamed' }), ev('add', B, { name_label: 'b' })];
    accept(s, call('event.from', [S, ['vm'], TOKEN1, 0.1]), ok(batch(good)));
    reject(s, call('event.from', [S, ['vm'], TOKEN1, 0.1]), ok(batch([good[1]]))); // the missing mod
    reject(
      s,
      call('event.from', [S, ['vm'], TOKEN1, 0.1]),
      ok(batch([ev('mod', A, { name_label: 'x' }), good[1]])),
    );
    reject(s, call('event.from', [S, ['vm'], TOKEN1, 0.1]), ok(batch([...good, ev('mod', B)]))); // add coalesces
    // A subscription to another class sees none of it and must not be asked for it.
    accept(s, call('event.from', [S, ['pool'], TOKEN1, 0.1]), ok(batch([])));
    // A per-object subscription.
    accept(s, call('event.from', [S, [`vm/${A}`], TOKEN1, 0.1]), ok(batch([good[0]])));
  });

  it('reports del for an object that existed at the token, nothing for one created and destroyed since', () => {
    let s = afterToken();
    s = accept(s, call('VM.destroy', [S, B]), ok(''));
    s = accept(s, call('VM.destroy', [S, A]), ok(''));
    accept(s, call('event.from', [S, ['vm'], TOKEN1, 0.1]), ok(batch([ev('del', A)])));
    reject(s, call('event.from', [S, ['vm'], TOKEN1, 0.1]), ok(batch([ev('del', A), ev('del', B)])));
    reject(s, call('event.from', [S, ['vm'], TOKEN1, 0.1]), ok(batch([])));
  });

  it('binds returned tokens and rejects malformed ones', () => {
    let s = afterToken();
    const T2 = '00000000000000000030,00000000000000000000';
    s = accept(
      s,
      call('event.from', [S, ['vm'], TOKEN1, 0.1]),
      ok(batch([ev('mod', A, { name_label: 'renamed' }), ev('add', B)], T2)),
    );
    // Nothing changed since T2.
    accept(s, call('event.from', [S, ['vm'], T2, 0.1]), ok(batch([], T2)));
    reject(s, call('event.from', [S, ['vm'], T2, 0.1]), ok(batch([ev('add', B)], T2)));
    accept(s, call('event.from', [S, ['vm'], 'garbage', 0.1]), {
      ok: false,
      code: 'EVENT_FROM_TOKEN_PARSE_FAILURE',
      params: ['garbage'],
    });
  });
});
