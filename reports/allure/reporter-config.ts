// The vitest reporter entry the conformance CLI (src/cli/commands/conformance.ts) puts in its config:
//   reporters: ['default', allureReporterConfig(resultsDir, { environment })],
//   setupFiles: [ALLURE_SETUP_FILE, ...],
// `reportMatchers: false` keeps every `expect` out of the steps: the steps are the XenAPI calls (issue 6 §1).
import { ALLURE2_CATEGORIES } from './categories.ts';
import { environmentInfo } from './environment.ts';
import type { RunEnvironment } from '../../src/results/index.ts';

/** allure-vitest's setup file; the reporter also adds it, listing it keeps the config explicit. */
export const ALLURE_SETUP_FILE = 'allure-vitest/setup';

// A type alias, not an interface: vitest's reporter tuple wants a Record<string, unknown>.
export type AllureVitestOptions = {
  readonly resultsDir: string;
  readonly reportMatchers: false;
  readonly environmentInfo?: Record<string, string>;
  readonly categories: typeof ALLURE2_CATEGORIES;
  readonly links: {
    readonly issue: { readonly urlTemplate: string };
  };
};

export interface ReporterConfigOptions {
  /** Written as environment.properties by the reporter at start. */
  readonly environment?: RunEnvironment;
  /** URL template for `allure.issue(id)` links; `%s` is the id. */
  readonly issueUrlTemplate?: string;
}

export function allureReporterConfig(
  resultsDir: string,
  options: ReporterConfigOptions = {},
): ['allure-vitest/reporter', AllureVitestOptions] {
  return [
    'allure-vitest/reporter',
    {
      resultsDir,
      reportMatchers: false,
      ...(options.environment !== undefined ? { environmentInfo: environmentInfo(options.environment) } : {}),
      categories: ALLURE2_CATEGORIES,
      links: { issue: { urlTemplate: options.issueUrlTemplate ?? '%s' } },
    },
  ];
}
