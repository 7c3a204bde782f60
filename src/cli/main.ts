// The `xapi-harness` command. Each subcommand lives in its own file under src/cli/commands and is
// loaded lazily, so `xapi-harness emulator` does not pay for the load engine or vitest.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CommandModule {
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CommandModule> }>> = {
  start: {
    summary: 'the main job: emulator, conformance, load smoke, report',
    load: () => import('./commands/start.ts'),
  },
  emulator: {
    summary: 'run the XenServer-compatible emulator',
    load: () => import('./commands/emulator.ts'),
  },
  conformance: {
    summary: 'run the property-based conformance suites',
    load: () => import('./commands/conformance.ts'),
  },
  diff: {
    summary: 'run the same generated calls against two endpoints; report the first difference',
    load: () => import('./commands/diff.ts'),
  },
  sweep: { summary: 'destroy objects tagged by the harness', load: () => import('./commands/sweep.ts') },
  load: {
    summary: 'run a load scenario (or `load merge` shard summaries)',
    load: () => import('./commands/load.ts'),
  },
  proxy: {
    summary: 'run the fault proxy in front of an endpoint',
    load: () => import('./commands/proxy.ts'),
  },
  report: {
    summary: 'generate the Allure report offline into out/',
    load: () => import('./commands/report.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
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
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`xapi-harness: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
