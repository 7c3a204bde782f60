import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../src/model/index.ts';
import { initialState, modelConfig, predict, sdkGuidePolicy, xapiPolicy } from '../../src/model/index.ts';
import { S, accept, call, err, ok, putVm, reject, vm, withSession } from './helpers.ts';

const ref = (i: number): string => `OpaqueRef:0000000${i}-0000-0000-0000-000000000000`;

function loginN(state: ModelState, n: number, at = (i: number) => i * 10, first = 1): ModelState {
  let s = state;
  for (let i = first; i < first + n; i += 1) {
    s = accept(s, call('session.login_with_password', ['root', 'xapi'], at(i)), ok(ref(i)));
  }
  return s;
}

const use = (session: string, at?: number) => call('VM.get_all', [session], at);

describe('sessions', () => {
  it('rejects a wrong password with SESSION_AUTHENTICATION_FAILED [uname; msg]', () => {
    const s = initialState();
    const c = call('session.login_with_password', ['root', 'nope']);
    accept(s, c, err('SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure'));
    reject(s, c, ok(S));
    reject(s, c, err('SESSION_AUTHENTICATION_FAILED'));
  });

  it('expects a fresh session ref and SESSION_INVALID after logout', () => {
    let s = withSession();
    reject(s, call('session.login_with_password', ['root', 'xapi']), ok(S));
    s = accept(s, call('session.logout', [S]), ok(''));
    expect(predict(s, use(S)).expected).toEqual({ kind: 'failure', code: 'SESSION_INVALID', params: [S] });
    reject(s, use(S), ok([]));
    accept(s, call('session.logout', [S]), err('SESSION_INVALID', S));
  });

  it('treats a never-issued session ref as invalid', () => {
    const s = withSession();
    accept(s, use('OpaqueRef:bogus'), err('SESSION_INVALID', 'OpaqueRef:bogus'));
  });

  it('sdk-guide: a login past the limit evicts the oldest session at once', () => {
    let s = initialState(modelConfig({ policy: sdkGuidePolicy({ limit: 3 }) }));
    s = loginN(s, 3);
    accept(s, use(ref(1)), ok([]));
    s = loginN(s, 1, undefined, 4);
    accept(s, use(ref(1)), err('SESSION_INVALID', ref(1)));
    reject(s, use(ref(1)), ok([]));
    accept(s, use(ref(2)), ok([]));
    reject(s, use(ref(4)), err('SESSION_INVALID', ref(4)));
    // Logging out frees a slot: the next login evicts nobody.
    s = accept(s, call('session.logout', [ref(2)]), ok(''));
    s = loginN(s, 1, undefined, 5);
    accept(s, use(ref(3)), ok([]));
  });

  describe('xapi policy', () => {
    const config = modelConfig({
      policy: xapiPolicy({ externalLimit: 3, gcPeriodMs: 30_000 }),
      tieWindowMs: 2_000,
      gcMarginMs: 5_000,
    });

    it('keeps sessions within the limit certain', () => {
      const s = loginN(initialState(config), 3, (i) => i * 10_000);
      reject(s, use(ref(1), 40_000), err('SESSION_INVALID', ref(1)));
    });

    it('accepts both outcomes for the least recently active until a GC pass is known to have run', () => {
      let s = loginN(initialState(config), 4, (i) => i * 10_000);
      // ref(1) is the least recently active: it may or may not be gone yet.
      accept(s, use(ref(1), 45_000), ok([]));
      accept(s, use(ref(1), 45_000), err('SESSION_INVALID', ref(1)));
      // The most recent ones are safe.
      reject(s, use(ref(4), 45_000), err('SESSION_INVALID', ref(4)));
      // Once a GC period plus margin has passed since it became doomed, it must be gone.
      reject(s, use(ref(1), 40_000 + 36_000), ok([]));
      s = accept(s, use(ref(1), 40_000 + 36_000), err('SESSION_INVALID', ref(1)));
      reject(s, use(ref(1), 90_000), ok([]));
    });

    it('treats sessions tied in last_active with the boundary as possibly evicted', () => {
      const s = loginN(initialState(config), 4, (i) => (i === 1 ? 0 : 10_000 + i));
      // ref(1) is strictly older than the three tied ones: it is the victim, the tied ones are safe.
      reject(s, use(ref(2), 60_000), err('SESSION_INVALID', ref(2)));
      // Four logins inside one tie window: xapi's 1 s last_active cannot order them, any may go.
      const tied = loginN(initialState(config), 4, (i) => 10_000 + i);
      accept(tied, use(ref(3), 60_000), err('SESSION_INVALID', ref(3)));
      accept(tied, use(ref(3), 60_000), ok([]));
    });

    it('never evicts a session whose task is still running (only unused sessions go)', () => {
      let s = loginN(initialState(config), 1, () => 0);
      s = putVm(s, vm('OpaqueRef:v'));
      s = accept(s, call('Async.VM.start', [ref(1), 'OpaqueRef:v', false, false], 1), ok('OpaqueRef:task'));
      s = loginN(s, 3, (i) => 10_000 * i, 2);
      // ref(1) is the least recently active but busy: it must stay valid even after a GC period.
      reject(s, use(ref(1), 100_000), err('SESSION_INVALID', ref(1)));
    });

    it('groups sessions by originator and by user', () => {
      let s = initialState(modelConfig({ ...config, users: { root: 'xapi', alice: 'pw' } }));
      for (let i = 1; i <= 4; i += 1) {
        s = accept(
          s,
          call('session.login_with_password', ['root', 'xapi', '1.0', `orig${i}`], i),
          ok(ref(i)),
        );
      }
      // Four originators, one session each: nobody is at risk.
      reject(s, use(ref(1), 100_000), err('SESSION_INVALID', ref(1)));
    });
  });
});
