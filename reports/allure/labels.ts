// Labels (issue 6 §1): epic = area, feature = XAPI class, story = XAPI message. The extra labels feed the
// categories (categories.ts) and filters: `failure_kind` says why a result did not pass, `deviation` marks
// known deviations and unexpected passes.
import type { Label } from 'allure-js-commons';
import type { PropertyResult } from '../../src/results/index.ts';

export const LABEL_NAMES = {
  failureKind: 'failure_kind',
  deviation: 'deviation',
  xapiClass: 'xapi_class',
  xapiMessage: 'xapi_message',
} as const;

/** The labels of a property result, as data (the load writer and tests reuse it). */
export function propertyLabels(
  result: Pick<
    PropertyResult,
    'area' | 'feature' | 'story' | 'kind' | 'knownDeviation' | 'unexpectedPass' | 'tags'
  >,
): Label[] {
  const labels: Label[] = [
    { name: 'epic', value: result.area },
    { name: 'feature', value: result.feature },
    { name: 'story', value: result.story },
    { name: LABEL_NAMES.xapiClass, value: result.feature },
    { name: LABEL_NAMES.xapiMessage, value: result.story },
  ];
  const kind = result.unexpectedPass === true ? 'unexpected-pass' : result.kind;
  if (kind !== undefined) labels.push({ name: LABEL_NAMES.failureKind, value: kind });
  if (result.unexpectedPass === true) labels.push({ name: LABEL_NAMES.deviation, value: 'unexpected-pass' });
  else if (result.knownDeviation !== undefined) labels.push({ name: LABEL_NAMES.deviation, value: 'known' });
  for (const tag of result.tags ?? []) labels.push({ name: 'tag', value: tag });
  return labels;
}
