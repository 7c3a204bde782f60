// The `xapi-harness` command. Each subcommand lives in its own file under src/cli/commands and is
// loaded lazily, so `xapi-harness emulator` does not pay for the load engine or vitest.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CommandModule {
  run(argv: string[]): Promise<number>;
}

/**
 * The subcommands and their one-line summaries. Each is `commands/<name>.ts` exporting `run(argv)`
 * (docs/DEVELOPMENT.md), imported only when called.
 */
export const COMMANDS: Readonly<Record<string, string>> = {
  start: 'the main job: emulator, conformance, load smoke, report',
  emulator: 'run the XenServer-compatible emulator',
  conformance: 'run the property-based conformance suites',
  diff: 'run the same generated calls against two endpoints; report the first difference',
  sweep: 'destroy objects tagged by the harness',
  load: 'run a load scenario (or `load merge` shard summaries)',
  proxy: 'run the fault proxy in front of an endpoint',
  report: 'generate the Allure report offline into out/',
};

/** The module of a subcommand, one of COMMANDS' names. */
export async function loadCommand(name: string): Promise<CommandModule> {
  return (await import(`./commands/${name}.ts`)) as CommandModule;
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(12)} ${summary}`);
  return `usage: xapi-harness <command> [options]\n       xapi-harness --version\n\ncommands:\n${lines.join('\n')}\n`;
}

/** package.json's version (the repository root is three levels up from this file's folder). */
function version(): string {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`xapi-harness ${version()}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`xapi-harness: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await loadCommand(name);
  return mod.run(rest);
}
