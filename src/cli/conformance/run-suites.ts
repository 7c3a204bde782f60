// Runs the selected contract files through vitest's Node API (issue 13 §2): the run's options go to the
// workers through `provide`, each property's result comes back in process through the reporter
// (src/harness/conformance-reporter.ts). vitest's own config file is not read: the product does not
// depend on the repository's test setup.
import type { HarnessOptions } from '../../harness/index.ts';
import { OPTIONS_KEY, conformanceReporter } from '../../harness/index.ts';
import type { PropertyResult } from '../../results/index.ts';

interface RunSuitesOptions {
  /** Repository root (where suites/ is). */
  readonly root: string;
  /** Passes of contract files (relative to root), run one after the other. */
  readonly passes: readonly (readonly string[])[];
  readonly options: HarnessOptions;
  /** Stop at the first violation or broken property (vitest `bail`). */
  readonly failFast: boolean;
  readonly onResult: (r: PropertyResult) => void;
}

export async function runSuites(o: RunSuitesOptions): Promise<PropertyResult[]> {
  const { startVitest } = await import('vitest/node');
  const reporter = conformanceReporter(o.onResult);
  for (const files of o.passes) {
    const vitest = await startVitest('test', [...files], {
      root: o.root,
      config: false,
      include: ['suites/*.contract.test.ts'],
      watch: false,
      run: true,
      pool: 'forks',
      // Each property's own time limit is the budget; this only catches a hang (shrinking, cleanup on top).
      testTimeout: 600_000,
      hookTimeout: 120_000,
      reporters: [reporter],
      provide: { [OPTIONS_KEY]: o.options },
      passWithNoTests: false,
      ...(o.failFast ? { bail: 1 } : {}),
    });
    await vitest.close();
    if (o.failFast && reporter.results.some((r) => r.status === 'failed' || r.status === 'broken')) break;
  }
  return reporter.results;
}
