// session.login_with_password with the right credentials: a fresh session (SEMANTICS.md §3).
import fc from 'fast-check';
import { command } from '../command.ts';

export const loginCommand = fc.constant(null).map(() =>
  command(
    'login',
    () => true,
    async (d) => {
      await d.login();
    },
  ),
);
