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
          // xapi answers a wrong password after 5 s: only where the harness controls that delay.
          ...(ctx.target.kind === 'emulator' ? [badLoginCommand] : []),
        ],
        12,
      ),
  },
];
