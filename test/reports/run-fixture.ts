// Spawns a real vitest run of the fixture suite with the Allure reporter (fixtures/vitest.fixture.config.ts)
// and returns where it wrote its results. Bounded: killed after 90 s.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface FixtureRun {
  readonly resultsDir: string;
  readonly vitestJunit: string;
  readonly exitCode: number | null;
  readonly output: string;
}

export async function runFixtureSuite(workDir: string): Promise<FixtureRun> {
  const resultsDir = join(workDir, 'allure-results');
  const vitestJunit = join(workDir, 'vitest-junit.xml');
  // The parent vitest's worker variables must not leak into the child run.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VITEST') && k !== 'TEST') env[k] = v;
  env['XH_FIXTURE_RESULTS'] = resultsDir;
  env['XH_FIXTURE_JUNIT'] = vitestJunit;
  env['NO_COLOR'] = '1';
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/reports/fixtures/vitest.fixture.config.ts',
    ],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  return { resultsDir, vitestJunit, exitCode, output };
}
