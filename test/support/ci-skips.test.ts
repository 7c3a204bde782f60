// Under CI=true no test skips itself (issue 17 item 6): a missing prerequisite fails the test there. Proved on
// the real thing (vitest run with the datamodel made unreachable), and kept true by a scan of every test file:
// a skip or runIf must go through skipOutsideCi (or be one of the listed selections a user asks for).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Skips that are not a missing prerequisite: a user's selection (`--suite` picks the areas that run), and a
 * property's own verdict shown as vitest's skip (skipped by the harness with its cause, or inconclusive).
 */
const SELECTIONS: Readonly<Record<string, readonly string[]>> = {
  'suites/support/describe-properties.ts': [
    'describe.skipIf(!selected)',
    "t.skip(result.message ?? 'skipped')",
    't.skip(`inconclusive: ',
  ],
};

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('no test skips itself under CI=true', () => {
  it('every skip in test/ and suites/ is skipOutsideCi or a listed selection', () => {
    const offenders: string[] = [];
    for (const f of [...files('test'), ...files('suites')]) {
      if (f === 'test/support/ci-skips.test.ts') continue;
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!/\.(skipIf|runIf|skip|todo)\(/.test(line)) return;
          if (/skipOutsideCi\(/.test(line)) return;
          // ctx.skip(...) right after an `if (skipOutsideCi(...))`.
          if (
            /ctx\.skip\(/.test(line) &&
            /skipOutsideCi\(/.test(readFileSync(join(ROOT, f), 'utf8').split('\n')[i - 1] ?? '')
          )
            return;
          if (SELECTIONS[f]?.some((allowed) => line.includes(allowed)) === true) return;
          offenders.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('with CI=true, a test whose prerequisite is missing fails instead of skipping', () => {
    const r = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'test/xapi/regenerate.test.ts', '--reporter=verbose'],
      {
        cwd: ROOT,
        env: { ...process.env, CI: 'true', XAPI_DATAMODEL: '/nonexistent/xapi-datamodel', NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(1);
    expect(out).toMatch(/required under CI=true/);
    expect(out).not.toMatch(/\bskipped\b/);
  }, 70_000);
});
