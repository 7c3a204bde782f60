// Too few or too many parameters: MESSAGE_PARAMETER_COUNT_MISMATCH [method; expected; received], counted
// without the session (gen_server.ml). Sent raw so the client does not interfere.
import fc from 'fast-check';
import { command } from '../command.ts';

const CALLS = [
  ['VM.start', 2],
  ['VM.clean_shutdown', 1],
  ['VM.clone', 2],
  ['VM.get_record', 1],
  ['task.cancel', 1],
  ['VM.set_name_label', 2],
] as const;

export const wrongArityCommand = fc
  .tuple(
    fc.constantFrom(...CALLS),
    fc.integer({ min: -2, max: 2 }).filter((n) => n !== 0),
  )
  .map(([[method, count], delta]) =>
    command(
      `${method} with ${count + delta} params instead of ${count}`,
      () => true,
      async (d) => {
        const n = Math.max(0, count + delta);
        const params = Array.from({ length: n }, (_, k) => (k === 0 ? 'OpaqueRef:NULL' : 'x'));
        await d.call(method, [d.session, ...params], { raw: true });
      },
    ),
  );
