// Progress while the suites run (issue 5 §7): one line per property as it finishes, from its result file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';
import type { PropertyResult } from '../results/index.ts';
import { runsText } from '../results/index.ts';
import { propertiesDir } from './property-files.ts';

const MARK: Readonly<Record<string, string>> = {
  passed: '✓',
  failed: '✗',
  broken: '!',
  skipped: '-',
  inconclusive: '?',
};

/** Finds the result file a property wrote (named after its id; matched by title). */
function resultFor(
  outDir: string,
  title: string,
  seen: Map<string, PropertyResult>,
): PropertyResult | undefined {
  const dir = propertiesDir(outDir);
  if (!existsSync(dir)) return undefined;
  for (const file of readdirNames(dir)) {
    if (seen.has(file)) continue;
    const r = JSON.parse(readFileSync(join(dir, file), 'utf8')) as PropertyResult;
    if (r.name === title) {
      seen.set(file, r);
      return r;
    }
  }
  return undefined;
}

function readdirNames(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json'));
}

export function progressReporter(outDir: string, write: (line: string) => void): Reporter {
  const seen = new Map<string, PropertyResult>();
  let done = 0;
  return {
    onTestCaseResult(testCase: TestCase) {
      done += 1;
      const r = resultFor(outDir, testCase.name, seen);
      const state = r?.status ?? testCase.result().state;
      const stats =
        r?.stats === undefined
          ? ''
          : `, ${runsText(r.stats.runs, r.stats.asked)}, ${r.stats.calls ?? 0} calls`;
      const time = r === undefined ? '' : ` (${(r.durationMs / 1000).toFixed(1)} s${stats})`;
      const area = r?.area ?? testCase.module.moduleId.replace(/.*\//, '').replace('.contract.test.ts', '');
      const why =
        r !== undefined && r.status !== 'passed' && r.message !== undefined
          ? `\n      ${r.message.split('\n')[0]?.slice(0, 200) ?? ''}`
          : '';
      write(`  ${MARK[state] ?? '?'} [${done}] ${area}: ${testCase.name}${time}${why}\n`);
    },
  };
}
