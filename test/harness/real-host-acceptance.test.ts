// The acceptance command of issue 11: `xapi-harness emulator --release 24.19 …` in one process, then
// `xapi-harness conformance --target http://127.0.0.1:PORT --user root --password-env VAR --allow-disruptive`
// in another, exits 0: every suite, over HTTP, against an older release whose guests have no PV drivers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulatorProcess } from '../robustness/emulator-process.ts';
import { runCliOn } from '../support/run-cli.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const out = scratchDir('accept');

describe('xapi-harness emulator --release 24.19, then conformance against it', () => {
  it('exits 0', { timeout: 240_000 }, async () => {
    const emulator = await startEmulatorProcess(
      ['--db', ':memory:', '--release', '24.19', '--guests', 'no-drivers'],
      30_000,
    );
    try {
      const dir = join(out, 'run');
      const run = await runCliOn(
        'conformance',
        { url: emulator.url, password: 'xapi-harness' },
        ['--allow-disruptive', '--out', dir],
        { timeoutMs: 220_000 },
      );
      // The run names the release it held the target to.
      expect(run.stderr).toMatch(/xapi 24\.19(\.\d+)? \(datamodel release 24\.19\.\d\)/);
      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
        properties: { id: string; status: string; message?: string }[];
      };
      const notPassed = results.properties.filter((p) => p.status !== 'passed' && p.status !== 'skipped');
      expect(notPassed.map((p) => `${p.id}: ${p.status} ${p.message ?? ''}`)).toEqual([]);
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
    } finally {
      await emulator.kill('SIGTERM');
    }
  });
});
