// Pinned failures (issue 5 §4): a regression file names a property and the seed and path of a shrunk
// counterexample; the property replays it before its random runs, every time.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface RegressionFile {
  readonly property: string;
  readonly seed: number;
  readonly path: string;
  /** fast-check's commands replayPath, for command-sequence properties. */
  readonly commands?: string;
  /** What the coverage steering had reached when the case started (run-options.ts ReplaySpec.reached). */
  readonly reached?: string;
  /** What was found, for the reader. */
  readonly note: string;
  /** The trace when it was pinned. */
  readonly trace?: string;
  /** Where it was read from (set by loadRegressions, not stored). */
  readonly file?: string;
}

const REGRESSIONS_DIR = join('suites', 'regressions');

export function loadRegressions(dir: string = REGRESSIONS_DIR): RegressionFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as RegressionFile),
      file: join(dir, f),
    }))
    .filter(
      (r) => typeof r.property === 'string' && typeof r.seed === 'number' && typeof r.path === 'string',
    );
}

function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function pinRegression(r: RegressionFile, dir: string = REGRESSIONS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${safeFileName(r.property)}-${r.seed}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
