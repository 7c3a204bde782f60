// session class (SEMANTICS.md §3; xen-api ocaml/xapi/xapi_session.ml). Field getters such as
// get_this_host / get_this_user and get_record come from the generic accessors.
import { fail } from '../dispatch/xapi-error.ts';
import { LOCAL_SUPERUSER } from '../sessions/session-manager.ts';
import type { MessageTable } from '../registry/message-context.ts';

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const SESSION_MESSAGES: MessageTable = {
  // `version` is ignored by xapi (xapi_session.ml:956); `originator` groups sessions for eviction.
  // On a member the redirect comes first, before the password is looked at (docs/SEMANTICS.md §11).
  // Synchronous unless a failure must wait (issue 16: no promise per login).
  login_with_password: (ctx, args) => {
    if (!ctx.pool.isMaster(ctx.host.host) && !ctx.faults.has('member-accepts-login'))
      fail('HOST_IS_SLAVE', ctx.pool.masterAddress());
    return ctx.sessions.login(text(args['uname']), text(args['pwd']), text(args['originator']));
  },

  // xapi_session.ml slave_local_login_with_password: the local superuser's password, then a session held
  // in this host's memory only (xapi_local_session.ml), usable on this host whatever its role.
  slave_local_login_with_password: (ctx, args) => {
    const uname = text(args['uname']);
    const account = ctx.sessions.credentials.verify(uname, text(args['pwd']));
    if (account?.name !== LOCAL_SUPERUSER)
      fail('SESSION_AUTHENTICATION_FAILED', uname, 'Authentication failure');
    return ctx.pool.createLocalSession(ctx.host.host, ctx.clock.now());
  },

  logout: (ctx) => {
    if (ctx.session !== undefined) ctx.sessions.logout(ctx.session.ref);
    return '';
  },

  // xapi_session.ml local_logout: ends a local session of this host (xapi_local_session.ml destroy).
  // DEVIATION: with a pool-database session it behaves as logout.
  local_logout: (ctx) => {
    if (ctx.session === undefined) return '';
    if (!ctx.pool.dropLocalSession(ctx.host.host, ctx.session.ref)) ctx.sessions.logout(ctx.session.ref);
    return '';
  },

  // xapi_session.ml change_password: only the local superuser may, and old_pwd is not checked (CA-13567).
  change_password: (ctx, args) => {
    if (ctx.session?.record['is_local_superuser'] !== true) {
      fail('USER_IS_NOT_LOCAL_SUPERUSER', `Failed to change password for user ${LOCAL_SUPERUSER}`);
    }
    ctx.sessions.credentials.setPassword(LOCAL_SUPERUSER, text(args['new_pwd']));
    return '';
  },

  get_all_subject_identifiers: (ctx) => {
    const out = new Set<string>();
    for (const s of ctx.db.all('session')) {
      const sid = s.record['auth_user_sid'];
      if (typeof sid === 'string' && sid !== '') out.add(sid);
    }
    return [...out];
  },

  logout_subject_identifier: (ctx, args) => {
    const sid = text(args['subject_identifier']);
    for (const s of [...ctx.db.all('session')]) {
      if (s.record['auth_user_sid'] === sid && s.ref !== ctx.session?.ref) ctx.sessions.destroy(s.ref);
    }
    return '';
  },
};
