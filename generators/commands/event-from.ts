// event.from on the VM class from a token the model issued earlier (or "" the first time): every change
// since then must be there, coalesced per object (add / mod / del; SEMANTICS.md §6).
import fc from 'fast-check';
import { command, pick } from '../command.ts';

export const eventFromCommand = fc
  .tuple(fc.nat(), fc.constantFrom(['vm'], ['VM'], ['*']))
  .map(([i, classes]) =>
    command(
      `event.from ${JSON.stringify(classes)} from token #${i}`,
      () => true,
      async (d) => {
        const tokens = [...d.state.tokens.keys()];
        const token = tokens.length === 0 ? '' : (pick(tokens, i) as string);
        await d.call('event.from', [d.session, classes, token, 0.05]);
      },
    ),
  );
