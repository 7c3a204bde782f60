// Calls naming an object that does not exist: HANDLE_INVALID [class; ref] (exnHelper.ml).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { command } from '../command.ts';

const CALLS = [
  ['VM.get_record', []],
  ['VM.start', [false, false]],
  ['VM.destroy', []],
  ['VM.clone', ['x']],
  ['task.get_status', []],
  ['task.cancel', []],
] as const;

export const invalidRefCommand = fc
  .tuple(fc.constantFrom(...CALLS), fc.boolean())
  .map(([[method, rest], nullRef]) =>
    command(
      `${method} on ${nullRef ? 'OpaqueRef:NULL' : 'a made-up ref'}`,
      () => true,
      async (d) => {
        const ref = nullRef ? 'OpaqueRef:NULL' : `OpaqueRef:${randomUUID()}`;
        await d.call(method, [d.session, ref, ...rest]);
      },
    ),
  );
