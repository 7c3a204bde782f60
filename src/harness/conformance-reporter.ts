// The conformance CLI's vitest reporter (issue 13 §2): receives each property's result in process, as
// each test ends (result-channel.ts), and hands it on. A test that ended without a result (it timed out,
// or its file failed to load) becomes a `broken` result, so nothing that did not run reads as checked.
import { basename } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { PropertyResult } from '../results/index.ts';
import { classifyError } from '../results/index.ts';
import { resultFromMeta } from './result-channel.ts';

interface ConformanceReporter extends Reporter {
  /** Results received so far, in arrival order. */
  readonly results: PropertyResult[];
}

function areaOf(moduleId: string): string {
  return basename(moduleId).replace(/\.contract\.test\.ts$/, '');
}

function errorText(errors: readonly { message?: string }[]): string {
  return errors.map((e) => e.message ?? 'error').join('; ') || 'ended without a result';
}

export function conformanceReporter(onResult: (r: PropertyResult) => void): ConformanceReporter {
  const results: PropertyResult[] = [];
  const seenModules = new Set<string>();
  const push = (r: PropertyResult): void => {
    results.push(r);
    onResult(r);
  };
  return {
    results,
    onTestCaseResult(testCase: TestCase) {
      seenModules.add(testCase.module.moduleId);
      const stored = resultFromMeta(testCase.meta());
      if (stored !== undefined) {
        push(stored);
        return;
      }
      const r = testCase.result();
      // A describe skipped as a whole (area not selected) carries no result and is not part of the run.
      if (r.state === 'skipped' || r.state === 'pending') return;
      const area = areaOf(testCase.module.moduleId);
      const d = testCase.diagnostic();
      const errors = r.state === 'failed' ? r.errors : [];
      // vitest keeps the thrown error's name: a raw TransportError is still a transport problem.
      const kind = errors.some((e) => classifyError(e) === 'transport') ? 'transport' : 'harness';
      push({
        id: `${area}/${testCase.name}`,
        name: testCase.name,
        area,
        feature: area,
        story: testCase.name,
        status: 'broken',
        kind,
        message: `the test ended without a result: ${errorText(errors)}`,
        steps: [],
        startedAt: Date.now() - (d?.duration ?? 0),
        durationMs: d?.duration ?? 0,
      });
    },
    onTestModuleEnd(testModule: TestModule) {
      const errors = testModule.errors();
      if (errors.length === 0 || seenModules.has(testModule.moduleId)) return;
      // The file did not load (an import failed): its area checked nothing.
      const area = areaOf(testModule.moduleId);
      push({
        id: `${area}/(suite file)`,
        name: `${area}: suite file`,
        area,
        feature: area,
        story: area,
        status: 'broken',
        kind: 'harness',
        message: `the suite file failed: ${errorText(errors)}`,
        steps: [],
        startedAt: Date.now(),
        durationMs: 0,
      });
    },
  };
}
