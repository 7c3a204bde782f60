// The run environment in the two forms Allure reads: `environment.properties` in the results directory
// (both Allure 2 and 3 read it: @allurereport/reader allure2 reader → the report's Environment widget) and
// report `variables` in the Allure 3 config.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';
import { environmentEntries, type RunEnvironment } from '../../src/results/index.ts';

/** Key → value, in display order. */
export function environmentInfo(env: RunEnvironment): Record<string, string> {
  return Object.fromEntries(environmentEntries(env));
}

export async function writeEnvironmentProperties(resultsDir: string, env: RunEnvironment): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, 'environment.properties');
  await writeFile(file, `${stringifyEnvInfo(environmentInfo(env))}\n`);
  return file;
}
