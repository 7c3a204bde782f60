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
  login_with_password: async (ctx, args) =>
    ctx.sessions.login(text(args['uname']), text(args['pwd']), text(args['originator'])),

  logout: (ctx) => {
    if (ctx.session !== undefined) ctx.sessions.logout(ctx.session.ref);
    return '';
  },

  // DEVIATION: xapi's local_logout destroys a slave-local session (Xapi_local_session); the emulator is
  // a single master, so it behaves as logout.
  local_logout: (ctx) => {
    if (ctx.session !== undefined) ctx.sessions.logout(ctx.session.ref);
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
