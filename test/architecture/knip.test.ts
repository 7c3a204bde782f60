// `npm run knip` finds nothing (issue 13): no unused file, no unused export, no name exported twice. CI runs
// `npm test`, not `npm run lint`, so this test is what keeps dead code from coming back. The control case runs
// the same command on a two-file project with one unused export, which it must report.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../support/scratch-dir.ts';

const ROOT = join(import.meta.dirname, '../..');
const KNIP = join(ROOT, 'node_modules/knip/bin/knip.js');
// The arguments of package.json's "knip" script, so that this test and `npm run knip` check the same.
const SCRIPT =
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts['knip'] ?? '';
const ARGS = [...SCRIPT.split(' ').slice(1), '--no-progress'];
// One knip run over the whole project takes 5-20 s on a busy 2-core machine.
const LIMIT_MS = 120_000;

async function knip(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [KNIP, ...ARGS], {
      cwd,
      timeout: LIMIT_MS,
      // Plain text whatever the terminal: knip colours its headings when CI=true (a fresh-clone CI run
      // failed the control case on the escape codes).
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : -1,
      output: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    };
  }
}

describe('knip', () => {
  it('finds nothing unused in the project', { timeout: LIMIT_MS + 10_000 }, async () => {
    const r = await knip(ROOT);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });

  it('reports an unused export (control)', { timeout: LIMIT_MS + 10_000 }, async () => {
    const dir = scratchDir('knip');
    writeFileSync(join(dir, 'package.json'), '{ "name": "knip-control", "type": "module", "private": true }');
    writeFileSync(join(dir, 'knip.json'), '{ "entry": ["main.ts"], "project": ["**/*.ts"] }');
    writeFileSync(join(dir, 'main.ts'), "import { used } from './lib.ts';\nconsole.log(used);\n");
    writeFileSync(join(dir, 'lib.ts'), 'export const used = 1;\nexport const unused = 2;\n');
    const r = await knip(dir);
    expect(r.output).toMatch(/Unused exports \(1\)\s+unused\s+lib\.ts:2/);
    expect(r.code).toBe(1);
  });
});
