// The vitest side of a suite file: one harness context per file (an emulator of its own, or the remote
// target), one test per property; each property's result is written to out/ for the CLI, and reported to
// Allure from inside the test (reportProperty: labels, one step per call, evidence, status; issue 6 §1).
// Without allure-vitest (plain `npx vitest run suites`) reportProperty only ends the test.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { reportProperty } from '../../reports/allure/index.ts';
import type { HarnessContext, PropertyDef } from '../../src/harness/index.ts';
import { createHarnessContext, optionsFromEnv, writePropertyResult } from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';
import { classifyError, STATUS_OF_KIND } from '../../src/results/index.ts';

/** Generous: a property stops generating at its time limit, but shrinking and cleanup come on top. */
const TEST_TIMEOUT_MS = 180_000;

export function describeProperties(area: string, file: string, properties: readonly PropertyDef[]): void {
  const options = optionsFromEnv(process.env);
  const selected = options.suites.length === 0 || options.suites.includes(area);
  describe.skipIf(!selected)(area, () => {
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
    for (const def of properties) {
      it(
        def.name,
        async (t) => {
          if (ctx === undefined) {
            const kind = classifyError(setupError);
            const broken: PropertyResult = {
              id: def.id,
              name: def.name,
              area: def.area,
              feature: def.feature,
              story: def.story,
              status: STATUS_OF_KIND[kind === 'contract-violation' ? 'setup' : kind],
              kind: kind === 'contract-violation' ? 'setup' : kind,
              message: setupError instanceof Error ? setupError.message : String(setupError),
              steps: [],
              file,
              startedAt: Date.now(),
              durationMs: 0,
            };
            writePropertyResult(options.outDir, broken);
            // Ends the test as Allure `broken` (BrokenRunError), never `failed`.
            await reportProperty(broken, { context: t });
            return;
          }
          const result = await runAndWrite(def, ctx, file);
          // Returns for passed, skips a known deviation, throws for failed (contract) or broken (transport).
          await reportProperty(result, { context: t });
        },
        TEST_TIMEOUT_MS,
      );
    }
  });
}

async function runAndWrite(def: PropertyDef, ctx: HarnessContext, file: string): Promise<PropertyResult> {
  const { runProperty } = await import('../../src/harness/index.ts');
  const result = await runProperty(def, ctx, { expectations: ctx.expectations, file });
  writePropertyResult(ctx.options.outDir, result);
  return result;
}
