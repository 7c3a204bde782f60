// session.* messages (SEMANTICS.md §3; xen-api ocaml/xapi/xapi_session.ml).
import { anyParam, fails, oneOf, refShape, succeeds, voidShape } from './expected.ts';
import type { ModelState } from './model-state.ts';
import { mapSet } from './model-state.ts';
import type { Observed } from './observed.ts';
import type { Handler } from './prediction.ts';
import { unchanged } from './prediction.ts';
import { markSessionDead, settleSessions } from './session-check.ts';
import { sdkGuideEvict } from './session-eviction.ts';

/**
 * login_with_password(uname, pwd, version?, originator?). A wrong password gives
 * SESSION_AUTHENTICATION_FAILED [uname; msg] (xapi_session.ml ~l.1025: two params at runtime although the
 * datamodel declares none). `version` is ignored (xapi_session.ml:956).
 */
export const login: Handler = (ctx) => {
  const [uname, pwd, , originator] = ctx.params as readonly [string, string, string?, string?];
  const known = ctx.state.config.users[uname];
  if (known === undefined || known !== pwd) {
    return unchanged(fails('SESSION_AUTHENTICATION_FAILED', [uname, anyParam]));
  }
  const existing = [...ctx.state.sessions.keys()];
  return {
    expected: succeeds(refShape('session', existing)),
    effect: (state: ModelState, observed: Observed): ModelState => {
      if (!observed.ok) return state;
      const ref = String(observed.value);
      const policy = state.config.policy;
      const base = policy.name === 'sdk-guide' ? sdkGuideEvict(state, policy.limit) : state;
      const seq = base.seq + 1;
      const added: ModelState = {
        ...base,
        seq,
        sessions: mapSet(base.sessions, ref, {
          ref,
          user: uname,
          originator: originator ?? '',
          loginSeq: seq,
          loginAt: ctx.now,
          lastActive: ctx.now,
          alive: true,
          atRisk: false,
        }),
      };
      return settleSessions(added, ctx.now);
    },
  };
};

/** logout: the session is destroyed; later use gives SESSION_INVALID. */
export const logout: Handler = (ctx) => ({
  expected: succeeds(voidShape),
  effect: (state) => markSessionDead(state, ctx.session, ctx.now, 'logout'),
});

/** session.get_uuid(s, self): a string for a live session; HANDLE_INVALID otherwise (exnHelper.ml). */
export const getUuid: Handler = (ctx) => {
  const self = ctx.params[0];
  const s = typeof self === 'string' ? ctx.state.sessions.get(self) : undefined;
  if (s === undefined || !s.alive) return unchanged(fails('HANDLE_INVALID', ['session', String(self)]));
  if (s.atRisk || s.doomedSince !== undefined) {
    return unchanged(oneOf(succeeds({ kind: 'string' }), fails('HANDLE_INVALID', ['session', s.ref])));
  }
  return unchanged(succeeds({ kind: 'string' }));
};
