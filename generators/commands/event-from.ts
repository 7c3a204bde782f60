// event.from on the VM class from a token the model issued (the latest one, or an older one by index; ""
// the first time): every change since then must be there, coalesced per object (add / mod / del;
// SEMANTICS.md §6).
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { command, pick } from '../command.ts';

/** The newest token the model knows (tokens map in insertion order), or "" before the first batch. */
export function latestToken(d: Driver): string {
  const tokens = [...d.state.tokens.keys()];
  return tokens[tokens.length - 1] ?? '';
}

export const eventFromCommand = fc
  .tuple(fc.option(fc.nat(), { freq: 3 }), fc.constantFrom(['vm'], ['VM'], ['*']))
  .map(([i, classes]) =>
    command(
      `event.from ${JSON.stringify(classes)} from ${i === null ? 'the latest token' : `token #${i}`}`,
      () => true,
      async (d) => {
        const token = i === null ? latestToken(d) : (pick([...d.state.tokens.keys()], i) ?? '');
        // "*" from the beginning would return every object of every class: on a real pool, megabytes.
        await d.call('event.from', [d.session, token === '' ? ['vm'] : classes, token, 0.05]);
      },
    ),
  );
