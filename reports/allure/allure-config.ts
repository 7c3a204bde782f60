// The Allure 3 configuration of a harness report: the same object an `allurerc.mjs` would export
// (@allurereport/plugin-api Config), built in code so that `xapi-harness report` needs no config file.
import type { Config } from '@allurereport/plugin-api';
import type { RunEnvironment } from '../../src/results/index.ts';
import { HARNESS_CATEGORIES } from './categories.ts';
import { environmentInfo } from './environment.ts';
import { LOAD_PERFORMANCE } from './load-metrics.ts';
import { harnessQualityGate, type QualityGateOptions } from './quality-gate.ts';

interface HarnessAllureConfigOptions {
  readonly name?: string;
  /** Report directory. */
  readonly output: string;
  /** JSONL file Allure appends one point to per run; trends and "new/fixed" transitions come from it. */
  readonly historyPath: string;
  /** History points kept (oldest dropped); default 50 runs. */
  readonly historyLimit?: number;
  readonly environment?: RunEnvironment;
  readonly qualityGate?: QualityGateOptions;
  /**
   * One self-contained index.html (data inlined) instead of index.html + data/ files. Default true: the
   * multi-file report fetches its data, which browsers refuse from file://, so only the single file opens
   * with a double click.
   */
  readonly singleFile?: boolean;
}

export function harnessAllureConfig(options: HarnessAllureConfigOptions): Config {
  const name = options.name ?? 'xapi-harness';
  return {
    name,
    output: options.output,
    historyPath: options.historyPath,
    historyLimit: options.historyLimit ?? 50,
    ...(options.environment !== undefined ? { variables: environmentInfo(options.environment) } : {}),
    categories: HARNESS_CATEGORIES,
    qualityGate: harnessQualityGate(options.qualityGate),
    performance: LOAD_PERFORMANCE,
    // Labels that describe the runner, not the target; they only clutter the XenAPI view.
    hideLabels: ['thread', 'host', 'language', 'framework', 'package'],
    plugins: {
      awesome: {
        options: {
          reportName: name,
          singleFile: options.singleFile ?? true,
          reportLanguage: 'en',
          groupBy: ['epic', 'feature', 'story'],
        },
      },
    },
  };
}
