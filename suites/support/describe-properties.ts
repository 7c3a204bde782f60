// The vitest side of an area: one harness context per contract file (an emulator of its own, or the
// remote target), one test per property. Each test leaves its PropertyResult in its task meta for the
// conformance CLI's reporter (src/harness/result-channel.ts), then ends as the result says, so a plain
// `npx vitest run suites` shows the same verdicts (options then come from XAPI_URL & co).
import { afterAll, beforeAll, describe, inject, it, type TestContext } from 'vitest';
import type { HarnessContext, HarnessOptions, PropertyDef } from '../../src/harness/index.ts';
import {
  OPTIONS_KEY,
  RESULT_META_KEY,
  createHarnessContext,
  optionsFromEnv,
  resultToMeta,
  runProperty,
} from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';
import { classifyError, STATUS_OF_KIND } from '../../src/results/index.ts';
import { contractFile, findArea } from '../areas.ts';

/** Generous: a property stops generating at its time limit, but shrinking and cleanup come on top. */
const TEST_TIMEOUT_MS = 180_000;

function runOptions(): HarnessOptions {
  // inject() is undefined when nothing was provided (a plain vitest run).
  const provided: HarnessOptions | undefined = inject(OPTIONS_KEY);
  return provided ?? optionsFromEnv(process.env);
}

/** Stores the result for the CLI, then ends the test with the result's verdict. */
export function endWithResult(t: TestContext, result: PropertyResult): void {
  (t.task.meta as Record<string, unknown>)[RESULT_META_KEY] = resultToMeta(result);
  switch (result.status) {
    case 'passed':
      return;
    case 'skipped':
      t.skip(result.message ?? 'skipped');
      return;
    case 'inconclusive':
      t.skip(`inconclusive: ${result.message ?? 'too few conclusive cases'}`);
      return;
    case 'failed':
    case 'broken': {
      const err = new Error(result.counterexample?.text ?? result.message ?? result.status);
      // No harness frames under the finding: the trace is the evidence (issue 12, friction).
      err.stack = err.message;
      throw err;
    }
  }
}

export function describeArea(areaId: string): void {
  const area = findArea(areaId);
  if (area === undefined) throw new Error(`unknown area ${areaId} (suites/areas.ts)`);
  const file = contractFile(area.id);
  const options = runOptions();
  const selected = options.suites.length === 0 || options.suites.includes(area.id);
  describe.skipIf(!selected)(area.id, () => {
    let ctx: HarnessContext | undefined;
    let setupError: unknown;
    beforeAll(async () => {
      try {
        ctx = await createHarnessContext(options);
      } catch (e) {
        setupError = e;
      }
    }, 60_000);
    afterAll(async () => {
      await ctx?.close();
    });
    for (const def of area.properties) {
      it(def.name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
        if (ctx === undefined) {
          endWithResult(t, setupFailure(def, file, setupError));
          return;
        }
        endWithResult(t, await runProperty(def, ctx, { expectations: ctx.expectations, file }));
      });
    }
  });
}

function setupFailure(def: PropertyDef, file: string, err: unknown): PropertyResult {
  const classified = classifyError(err);
  const kind = classified === 'contract-violation' ? 'setup' : classified;
  return {
    id: def.id,
    name: def.name,
    area: def.area,
    feature: def.feature,
    story: def.story,
    status: STATUS_OF_KIND[kind],
    kind,
    message: err instanceof Error ? err.message : String(err),
    steps: [],
    file,
    startedAt: Date.now(),
    durationMs: 0,
  };
}
