// Sessions (SEMANTICS.md §3): login, logout, stale and forged sessions, wrong passwords.
import {
  badLoginCommand,
  coverSessionCommand,
  loginCommand,
  logoutCommand,
  staleSessionCommand,
  useSessionCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases, sessionTransitions } from '../../src/harness/index.ts';

export const SESSION_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'sessions/session/logout/lifecycle',
    name: 'login, logout, stale and forged sessions follow the session model',
    area: 'sessions',
    feature: 'session',
    story: 'session.logout',
    setup: async () => {},
    // Steered by coverSessionCommand (issue 17 item 1); a wrong password only as root (see below).
    transitions: (ctx) => sessionTransitions({ badPassword: ctx.target.user === 'root' }),
    cases: (ctx) =>
      commandCases(
        [
          loginCommand,
          logoutCommand(true),
          logoutCommand(false),
          staleSessionCommand,
          useSessionCommand,
          coverSessionCommand,
          coverSessionCommand,
          // xapi answers a wrong root password at once; only a user name other than root waits 5 s
          // (xapi_session.ml; SEMANTICS.md §2 "Bad login"). So it is tried whenever the harness logs in as root.
          ...(ctx.target.user === 'root' ? [badLoginCommand] : []),
        ],
        12,
      ),
  },
];
