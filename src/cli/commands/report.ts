// `xapi-harness report`: the Allure 3 report, generated offline into out/ (issue 6 §3). Exit codes
// (docs/reports.md): 0 conformant, 1 contract violation, 2 setup or transport problem (or no results).
import { parseOrExit, startOrExit } from '../cli-support.ts';
import { flagValuesOrHelp, listFlags, nonNegativeInt, switchFlags, valueFlags } from '../flag-values.ts';
import { stripVTControlCharacters } from 'node:util';
import { relative } from 'node:path';
import {
  REPORT_DEFAULTS,
  generateReport,
  type GenerateReportOptions,
} from '../../../reports/allure/index.ts';
import { EXIT_MEANINGS } from '../../results/index.ts';

const USAGE = `usage: xapi-harness report [options]

Generates the Allure report from Allure results, offline, with no third-party request in the HTML.

options:
  --results DIR        Allure results directory (repeatable; default ${REPORT_DEFAULTS.resultsDir})
  --run-results FILE   also include a harness results file (repeatable; default ${REPORT_DEFAULTS.runResults}
                       when it exists and no --results is given); what the Allure results already hold is
                       not repeated
  --out DIR            report directory, emptied first (default ${REPORT_DEFAULTS.outDir})
  --history FILE       Allure history kept across runs (default ${REPORT_DEFAULTS.historyPath})
  --history-limit N    history points kept (default 50)
  --junit FILE         JUnit XML written from the same results (default ${REPORT_DEFAULTS.junitFile})
  --no-junit           do not write JUnit XML
  --name NAME          report title (default xapi-harness)
  --multi-file         index.html plus data files (needs an HTTP server to open) instead of one file
  --max-violations N   contract violations tolerated by the quality gate (default 0)
  --max-broken N       broken results tolerated by the quality gate (default 0)
  --min-tests N        fewer results than this fails the gate as a setup problem (default 1)

exit codes: 0 conformant, 1 contract violation, 2 setup or transport problem (or nothing checked),
            3 inconclusive (no violation, too few conclusive cases)
`;

function parseReportArgs(argv: string[]): GenerateReportOptions | 'help' {
  const values = flagValuesOrHelp(argv, {
    ...listFlags('results', 'run-results'),
    ...valueFlags(
      'out',
      'history',
      'history-limit',
      'junit',
      'name',
      'max-violations',
      'max-broken',
      'min-tests',
    ),
    ...switchFlags('no-junit', 'multi-file'),
  });
  if (values === 'help') return 'help';
  const historyLimit = nonNegativeInt('history-limit', values['history-limit']);
  const maxViolations = nonNegativeInt('max-violations', values['max-violations']);
  const maxBroken = nonNegativeInt('max-broken', values['max-broken']);
  const minTests = nonNegativeInt('min-tests', values['min-tests']);
  return {
    ...(values.results !== undefined ? { resultsDirs: values.results } : {}),
    ...(values['run-results'] !== undefined ? { runResults: values['run-results'] } : {}),
    ...(values.out !== undefined ? { outDir: values.out } : {}),
    ...(values.history !== undefined ? { historyPath: values.history } : {}),
    ...(historyLimit !== undefined ? { historyLimit } : {}),
    ...(values['no-junit'] === true
      ? { junitFile: false }
      : values.junit !== undefined
        ? { junitFile: values.junit }
        : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values['multi-file'] === true ? { singleFile: false } : {}),
    qualityGate: {
      ...(maxViolations !== undefined ? { maxViolations } : {}),
      ...(maxBroken !== undefined ? { maxBroken } : {}),
      ...(minTests !== undefined ? { minTests } : {}),
    },
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

export async function run(argv: string[]): Promise<number> {
  const options = parseOrExit('report', USAGE, parseReportArgs, argv);
  if (typeof options === 'number') return options;
  // A bad invocation (unsafe --out, unreadable results file) throws: nothing was checked.
  const result = await startOrExit('report', () => generateReport(options));
  if (typeof result === 'number') return result;
  if (result.problem !== undefined) {
    process.stderr.write(`xapi-harness report: ${result.problem}\n`);
    return result.exitCode;
  }
  const s = result.stats;
  const here = (p: string): string => relative(process.cwd(), p) || '.';
  process.stdout.write(
    `report: ${s.total} results: ${s.passed} passed, ${s.failed} failed, ${s.broken} broken, ${s.skipped} skipped\n` +
      `report: ${here(result.indexHtml)}\n` +
      (result.junit !== undefined ? `report: ${here(result.junit.file)} (JUnit)\n` : ''),
  );
  for (const q of result.qualityGate.filter((r) => !r.success)) {
    process.stdout.write(`quality gate: ${q.rule}: ${stripVTControlCharacters(q.message)}\n`);
  }
  process.stdout.write(`report: exit ${result.exitCode} (${EXIT_MEANINGS[result.exitCode]})\n`);
  return result.exitCode;
}
