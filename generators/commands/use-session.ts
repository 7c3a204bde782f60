// A harmless call under a session picked by index: checks the model's view of who is still logged in
// (after logouts, evictions, and under the xapi policy with its GC tolerance).
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export const useSessionCommand = fc.nat().map((i) =>
  command(
    `use session #${i}`,
    (d) => d.state.sessions.size > 0,
    async (d) => {
      const all = [...d.state.sessions.values()].sort((a, b) => a.loginSeq - b.loginSeq).map((s) => s.ref);
      const s = pick(all, i);
      if (s !== undefined) await d.call('session.get_uuid', [s, s]);
    },
  ),
);
