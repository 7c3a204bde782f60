// Where `report` writes, as the tests lay out a run's folder: the HTML report, the history and the JUnit
// file beside the run's allure-results (the `--results` side is the caller's, with or without --run-results).
import { join } from 'node:path';

export function reportOutputArgs(out: string): string[] {
  return [
    '--out',
    join(out, 'report'),
    '--history',
    join(out, 'history.jsonl'),
    '--junit',
    join(out, 'junit.xml'),
  ];
}
