// A temporary folder for one test file, removed once its tests are done: one helper instead of a
// mkdtemp / afterAll(rm) pair in each file that writes results, databases or reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Creates `<tmp>/xapi-harness-<name>-XXXX` and removes it after the calling file's tests. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `xapi-harness-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
