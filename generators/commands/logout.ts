// session.logout of a live session, picked by index; the main session only when `includeMain`.
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export function logoutCommand(includeMain: boolean) {
  return fc.nat().map((i) =>
    command(
      `logout session #${i}`,
      (d) => d.liveSessions().some((s) => includeMain || s !== d.session),
      async (d) => {
        const s = pick(
          d.liveSessions().filter((x) => includeMain || x !== d.session),
          i,
        );
        if (s !== undefined) await d.call('session.logout', [s]);
      },
    ),
  );
}
