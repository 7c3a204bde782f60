// Sessions (SEMANTICS.md §3): login, logout, stale and forged sessions, wrong passwords.
import {
  badLoginCommand,
  loginCommand,
  logoutCommand,
  staleSessionCommand,
  useSessionCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases } from '../../src/harness/index.ts';

export const SESSION_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'sessions/session/logout/lifecycle',
    name: 'login, logout, stale and forged sessions follow the session model',
    area: 'sessions',
    feature: 'session',
    story: 'session.logout',
    setup: async () => {},
    cases: (ctx) =>
      commandCases(
        [
          loginCommand,
          logoutCommand(true),
          logoutCommand(false),
          staleSessionCommand,
          useSessionCommand,
          // xapi answers a wrong root password at once; only a user name other than root waits 5 s
          // (xapi_session.ml; SEMANTICS.md §2 "Bad login"). So it is tried whenever the harness logs in as root.
          ...(ctx.target.user === 'root' ? [badLoginCommand] : []),
        ],
        12,
      ),
  },
];
