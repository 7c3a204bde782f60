// The evidence attached to a property result (issue 6 §1): the counterexample trace as JSON and as text,
// the seed, the replay command, and the property statistics. Names are fixed so that people (and the
// tests) find them in the same place in every report.
import * as allure from 'allure-js-commons';
import { ContentType } from 'allure-js-commons';
import { formatTraceText, maskStepParams, toJsonText, type PropertyResult } from '../../src/results/index.ts';

export const ATTACHMENT_NAMES = {
  traceJson: 'counterexample trace (JSON)',
  traceText: 'counterexample trace',
  seed: 'seed',
  replay: 'replay command',
  stats: 'property statistics',
} as const;

/** Attaches the evidence `result` has; a passed property gets its statistics and seed only. */
export async function attachPropertyEvidence(result: PropertyResult): Promise<void> {
  const ce = result.counterexample;
  if (ce !== undefined) {
    const text =
      ce.text !== ''
        ? ce.text
        : formatTraceText(ce.steps, {
            title: result.name,
            ...(result.seed !== undefined ? { seed: result.seed } : {}),
            ...(result.path !== undefined ? { path: result.path } : {}),
            ...(result.replay !== undefined ? { replay: result.replay } : {}),
          });
    await allure.attachment(ATTACHMENT_NAMES.traceText, text, ContentType.TEXT);
    await allure.attachment(
      ATTACHMENT_NAMES.traceJson,
      toJsonText({
        property: result.id,
        seed: result.seed,
        path: result.path,
        value: ce.value,
        steps: ce.steps.map(maskStepParams),
      }),
      ContentType.JSON,
    );
  }
  if (result.seed !== undefined) {
    const seedText = result.path !== undefined ? `${result.seed}:${result.path}` : String(result.seed);
    await allure.attachment(ATTACHMENT_NAMES.seed, seedText, ContentType.TEXT);
  }
  if (result.replay !== undefined)
    await allure.attachment(ATTACHMENT_NAMES.replay, result.replay, ContentType.TEXT);
  if (result.stats !== undefined) {
    await allure.attachment(ATTACHMENT_NAMES.stats, toJsonText(result.stats), ContentType.JSON);
  }
}
