// A call under a session that is gone (logged out, evicted) or never existed: SESSION_INVALID [ref].
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export const staleSessionCommand = fc.tuple(fc.nat(), fc.boolean()).map(([i, forged]) =>
  command(
    forged ? 'call with a forged session ref' : `call with dead session #${i}`,
    () => true,
    async (d) => {
      const dead = d.deadSessions();
      const ref = forged || dead.length === 0 ? `OpaqueRef:${randomUUID()}` : (pick(dead, i) as string);
      await d.call('VM.get_all', [ref]);
    },
  ),
);
