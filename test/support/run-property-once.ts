// One property, run once in a context of its own (the emulator in-process unless `options.target` says
// otherwise), the context closed after: what the tests of the runner's verdicts need, in one place.
import type { Expectations, HarnessOptions, PropertyDef } from '../../src/harness/index.ts';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  runProperty,
} from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';

/** Runs `def` with the default options overridden by `options`, against no expectations unless given. */
export async function runPropertyOnce(
  def: PropertyDef,
  options: Partial<HarnessOptions>,
  expectations: Expectations = NO_EXPECTATIONS,
): Promise<PropertyResult> {
  const ctx = await createHarnessContext({ ...defaultOptions(), ...options });
  try {
    return await runProperty(def, ctx, { expectations });
  } finally {
    await ctx.close();
  }
}
