// The source states of transition coverage come from the model's state before the call (issue 17 item 1): a
// session used after its logout and one evicted by a login past the SDK guide's limit are told apart, a login
// finds the table below or at its limit, tasks have their status, event.from its token, and a task read that
// shows the task done for the first time is the task's own transition.
import { describe, expect, it } from 'vitest';
import type { ModelState, Observed } from '../../src/model/index.ts';
import { initialState, modelConfig, predict, sdkGuidePolicy } from '../../src/model/index.ts';
import {
  UNKNOWN_METHOD,
  sourceOf,
  taskCompletionOf,
  transitionOf,
} from '../../src/harness/transition-coverage.ts';

let clock = 0;
function call(state: ModelState, method: string, args: readonly unknown[], observed: Observed): ModelState {
  clock += 1;
  return predict(state, { method, args, at: clock }).next(observed);
}
const ok = (value: unknown): Observed => ({ ok: true, value });
const login = (s: ModelState, ref: string): ModelState =>
  call(s, 'session.login_with_password', ['root', 'xapi'], ok(ref));

describe('transition source states', () => {
  it('tells a logged-out session from an evicted one, and a login below the limit from one at it', () => {
    let s = initialState(modelConfig({ policy: sdkGuidePolicy({ limit: 2 }) }));
    expect(sourceOf(s, 'session.login_with_password', ['root', 'xapi'])).toBe('below limit');
    s = login(s, 'OpaqueRef:a');
    s = login(s, 'OpaqueRef:b');
    expect(sourceOf(s, 'session.login_with_password', ['root', 'xapi'])).toBe('at limit');
    s = login(s, 'OpaqueRef:c'); // evicts a, the oldest
    s = call(s, 'session.logout', ['OpaqueRef:b'], ok(''));
    expect(sourceOf(s, 'VM.get_all', ['OpaqueRef:a'])).toBe('session evicted');
    expect(sourceOf(s, 'VM.get_all', ['OpaqueRef:b'])).toBe('session logged out');
    expect(sourceOf(s, 'VM.get_all', ['OpaqueRef:nobody'])).toBe('session unknown');
    expect(sourceOf(s, 'session.get_uuid', ['OpaqueRef:c', 'OpaqueRef:b'])).toBe('logged out');
    expect(sourceOf(s, 'session.get_uuid', ['OpaqueRef:c', 'OpaqueRef:c'])).toBe('live');
    expect(
      transitionOf(s, 'VM.no_such_thing', ['OpaqueRef:c'], {
        ok: false,
        code: 'MESSAGE_METHOD_UNKNOWN',
        params: [],
      }),
    ).toEqual({ message: UNKNOWN_METHOD, source: '-', outcome: 'MESSAGE_METHOD_UNKNOWN' });
  });

  it('names a task by its status and counts its completion once, and event.from by its token', () => {
    let s = login(initialState(), 'OpaqueRef:s');
    s = call(s, 'Async.VM.clone', ['OpaqueRef:s', 'OpaqueRef:nope', 'x'], ok('OpaqueRef:t'));
    expect(sourceOf(s, 'task.get_record', ['OpaqueRef:s', 'OpaqueRef:t'])).toBe('pending');
    expect(sourceOf(s, 'task.get_status', ['OpaqueRef:s', 'OpaqueRef:none'])).toBe('invalid ref');
    const done = ok('failure');
    expect(taskCompletionOf(s, 'task.get_status', ['OpaqueRef:s', 'OpaqueRef:t'], done)).toEqual({
      message: 'task',
      source: 'pending',
      outcome: 'failure',
    });
    s = call(s, 'task.get_status', ['OpaqueRef:s', 'OpaqueRef:t'], done);
    expect(sourceOf(s, 'task.destroy', ['OpaqueRef:s', 'OpaqueRef:t'])).toBe('failure');
    expect(taskCompletionOf(s, 'task.get_status', ['OpaqueRef:s', 'OpaqueRef:t'], done)).toBeUndefined();

    expect(sourceOf(s, 'event.from', ['OpaqueRef:s', ['vm'], '', 0.1])).toBe('empty token on vm');
    expect(sourceOf(s, 'event.from', ['OpaqueRef:s', ['VM'], 'garbage', 0.1])).toBe('malformed token on vm');
    expect(sourceOf(s, 'event.from', ['OpaqueRef:s', ['*'], '00000000000000000001,0', 0.1])).toBe(
      'foreign token on *',
    );
  });
});
