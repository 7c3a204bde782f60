// `npm start`: the main job against the built-in emulator — conformance suites, a short load smoke,
// then the Allure report. Each step is the same code path a user gets from its own subcommand.

const STEPS: ReadonlyArray<{
  title: string;
  argv: string[];
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}> = [
  { title: 'conformance suites', argv: ['--target', 'emulator'], load: () => import('./conformance.ts') },
  {
    title: 'load smoke (dispatch-path, 5 s)',
    argv: ['dispatch-path', '--duration', '5s', '--smoke'],
    load: () => import('./load.ts'),
  },
  { title: 'Allure report', argv: [], load: () => import('./report.ts') },
];

/**
 * Exit codes follow the harness table (src/results/exit-code.ts): 0 conformant, 1 contract violation,
 * 2 setup/transport problem, 3 inconclusive. The report step judges every result written by the earlier steps, so its
 * code is the verdict; a step that failed before writing results still counts, and a contract violation
 * outranks a setup problem (docs/reports.md).
 */
export function verdict(codes: readonly number[]): number {
  if (codes.includes(1)) return 1;
  if (codes.some((c) => c !== 0 && c !== 3)) return 2;
  return codes.includes(3) ? 3 : 0;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(
      'usage: xapi-harness start\n\nRuns conformance, a load smoke and the report against the built-in emulator.\n',
    );
    return 0;
  }
  // Unknown flags are errors here as in every command (issue 12, friction): `start --bogus` used to run.
  if (argv.length > 0) {
    process.stderr.write(
      `xapi-harness start: unknown option ${argv[0] ?? ''} (start takes no options; xapi-harness start --help)\n`,
    );
    return 2;
  }
  const codes: number[] = [];
  for (const [i, step] of STEPS.entries()) {
    process.stderr.write(`\n== [${i + 1}/${STEPS.length}] ${step.title}\n`);
    const started = Date.now();
    let code: number;
    try {
      code = await (await step.load()).run(step.argv);
    } catch (err) {
      process.stderr.write(
        `${step.title} could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      code = 2;
    }
    process.stderr.write(
      `== ${step.title}: exit ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    codes.push(code);
  }
  return verdict(codes);
}
