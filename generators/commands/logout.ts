// session.logout of a live session, picked by index; the main session only when `includeMain`.
import fc from 'fast-check';
import { commandOn } from '../command.ts';

export function logoutCommand(includeMain: boolean) {
  return fc.nat().map((i) =>
    commandOn(
      `logout session #${i}`,
      (d) => d.liveSessions().filter((s) => includeMain || s !== d.session),
      i,
      async (d, s) => {
        await d.call('session.logout', [s]);
      },
    ),
  );
}
