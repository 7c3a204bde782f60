// Async. of a message that has no async mode (getters, setters): Failure ["Fault"; "No async mode for this
// operation (rpc: …)"] (server_helpers.ml do_dispatch), after the session check.
import fc from 'fast-check';
import { command } from '../command.ts';

export const noAsyncModeCommand = fc
  .tuple(fc.constantFrom('VM.get_name_label', 'VM.get_power_state', 'task.get_status'), fc.boolean())
  .map(([method, deadSession]) =>
    command(
      `Async.${method}${deadSession ? ' under a forged session' : ''}`,
      () => true,
      async (d) => {
        const session = deadSession ? 'OpaqueRef:00000000-0000-0000-0000-00000000dead' : d.session;
        await d.call(`Async.${method}`, [session, 'OpaqueRef:NULL'], { raw: true });
      },
    ),
  );
