// The evidence attached to a property result (issue 6 §1): the counterexample trace as JSON and as text,
// the seed, the replay command, and the property statistics. Names are fixed so that people (and the
// tests) find them in the same place in every report.
import { ContentType } from 'allure-js-commons';
import { coverageHtml } from './coverage-html.ts';
import { formatTraceText, maskStepParams, toJsonText, type PropertyResult } from '../../src/results/index.ts';

export const ATTACHMENT_NAMES = {
  traceJson: 'counterexample trace (JSON)',
  traceText: 'counterexample trace',
  seed: 'seed',
  replay: 'replay command',
  stats: 'property statistics',
  coverage: 'transition coverage',
  violatingAnswer: 'violating answer (whole, JSON)',
} as const;

interface Evidence {
  readonly name: string;
  readonly content: string;
  readonly contentType: ContentType;
  readonly fileExtension: string;
}

/** The evidence `result` has, as data; a passed property has its statistics and seed only. */
export function propertyEvidence(result: PropertyResult): Evidence[] {
  const out: Evidence[] = [];
  const text = (name: string, content: string): Evidence => ({
    name,
    content,
    contentType: ContentType.TEXT,
    fileExtension: 'txt',
  });
  const json = (name: string, value: unknown): Evidence => ({
    name,
    content: toJsonText(value),
    contentType: ContentType.JSON,
    fileExtension: 'json',
  });
  const ce = result.counterexample;
  if (ce !== undefined) {
    const trace =
      ce.text !== ''
        ? ce.text
        : formatTraceText(ce.steps, {
            title: result.name,
            ...(result.seed !== undefined ? { seed: result.seed } : {}),
            ...(result.path !== undefined ? { path: result.path } : {}),
            ...(result.replay !== undefined ? { replay: result.replay } : {}),
          });
    out.push(text(ATTACHMENT_NAMES.traceText, trace));
    // The whole answer that broke the contract: the trace shows it bounded to one line.
    const culprit = [...ce.steps].reverse().find((s) => s.violation === true);
    if (culprit !== undefined)
      out.push(
        json(ATTACHMENT_NAMES.violatingAnswer, { call: maskStepParams(culprit), outcome: culprit.outcome }),
      );
    out.push(
      json(ATTACHMENT_NAMES.traceJson, {
        property: result.id,
        seed: result.seed,
        path: result.path,
        value: ce.value,
        steps: ce.steps.map(maskStepParams),
      }),
    );
  }
  if (result.seed !== undefined) {
    out.push(
      text(
        ATTACHMENT_NAMES.seed,
        result.path !== undefined ? `${result.seed}:${result.path}` : String(result.seed),
      ),
    );
  }
  if (result.replay !== undefined) out.push(text(ATTACHMENT_NAMES.replay, result.replay));
  if (result.stats !== undefined) {
    const { coverage, ...stats } = result.stats;
    out.push(json(ATTACHMENT_NAMES.stats, stats));
    if (coverage !== undefined) {
      out.push({
        name: ATTACHMENT_NAMES.coverage,
        content: coverageHtml(coverage),
        contentType: ContentType.HTML,
        fileExtension: 'html',
      });
    }
  }
  return out;
}
