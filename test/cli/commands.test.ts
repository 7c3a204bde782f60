// The subcommand table of src/cli/main.ts: every name loads its commands/<name>.ts module (the import path is
// derived from the name), and a name that is not in the table, even one every object has, is an unknown command.
import { describe, expect, it } from 'vitest';
import { COMMANDS, loadCommand, main } from '../../src/cli/main.ts';

describe('the subcommand table', () => {
  it.each(Object.keys(COMMANDS))('%s loads a module exporting run(argv)', async (name) => {
    const mod = await loadCommand(name);
    expect(typeof mod.run).toBe('function');
  });

  it.each(['constructor', 'toString', 'nope'])('%s is an unknown command (exit 2)', async (name) => {
    expect(await main([name])).toBe(2);
  });
});
