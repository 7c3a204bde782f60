// A wrong password: SESSION_AUTHENTICATION_FAILED [uname; msg] (xapi_session.ml). xapi delays this answer
// by 5 s, so properties use it on the emulator (which the harness starts without the delay) only.
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
