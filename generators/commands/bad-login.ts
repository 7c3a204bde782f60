// A wrong password: SESSION_AUTHENTICATION_FAILED [uname; msg] (xapi_session.ml). For root, xapi answers at
// once (do_local_auth raises it itself); only a user name other than root waits 5 s (SEMANTICS.md §2).
import fc from 'fast-check';
import { command } from '../command.ts';

export const badLoginCommand = fc.string({ maxLength: 8 }).map((suffix) =>
  command(
    `login with a wrong password (+${JSON.stringify(suffix)})`,
    () => true,
    async (d) => {
      await d.call('session.login_with_password', [d.user, `${d.password}-wrong${suffix}`]);
    },
  ),
);
