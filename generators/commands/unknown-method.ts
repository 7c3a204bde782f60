// A method that does not exist: MESSAGE_METHOD_UNKNOWN [name], after the session check of param 1
// (gen_server.ml, SEMANTICS.md §2).
import fc from 'fast-check';
import { command } from '../command.ts';

export const unknownMethodCommand = fc
  .tuple(fc.constantFrom('VM', 'host', 'pool', 'nosuchclass'), fc.stringMatching(/^[a-z_]{1,10}$/))
  .map(([cls, name]) =>
    command(
      `${cls}.no_such_${name}`,
      () => true,
      async (d) => {
        await d.call(`${cls}.no_such_${name}`, [d.session], { raw: true });
      },
    ),
  );
