// The statuses and failure kinds every report speaks. They follow Allure's four statuses so that a
// result maps 1:1 onto an Allure test result (allure-js-commons `Status`), with the harness-specific
// reason kept separately as a `FailureKind`.

/**
 * Allure's four statuses (`failed` = the product broke its contract, `broken` = we could not check it) and
 * `inconclusive`: the property ran, nothing contradicted the model, but fewer cases than its minimum
 * checked anything (time limit, environmental failures). Neither a pass nor a violation; Allure shows it
 * as `skipped` with the `failure_kind: inconclusive` label (reports/allure/labels.ts).
 */
export const PROPERTY_STATUSES = ['passed', 'failed', 'broken', 'skipped', 'inconclusive'] as const;
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number];

/**
 * Why a property did not pass.
 * - `contract-violation`: the endpoint answered, and the answer contradicts the reference model;
 * - `unexpected-pass`: a check listed as a known deviation passed (the expectations file is strict, issue 5 §6);
 * - `known-deviation`: a listed deviation reproduced; reported, never counted as a violation;
 * - `transport`: no XAPI answered (connection refused, TLS, timeout, HTTP 5xx with no envelope);
 * - `setup`: the run could not start checking (login refused, no template, preflight failed);
 * - `harness`: a bug in the harness itself (a TypeError in a generator, ...);
 * - `inconclusive`: too few conclusive cases (inconclusive.ts says when).
 */
export const FAILURE_KINDS = [
  'contract-violation',
  'unexpected-pass',
  'known-deviation',
  'transport',
  'setup',
  'harness',
  'inconclusive',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** The Allure status each failure kind is reported with. */
export const STATUS_OF_KIND: Readonly<Record<FailureKind, PropertyStatus>> = {
  'contract-violation': 'failed',
  'unexpected-pass': 'failed',
  'known-deviation': 'skipped',
  transport: 'broken',
  setup: 'broken',
  harness: 'broken',
  inconclusive: 'inconclusive',
};

export function isPropertyStatus(value: unknown): value is PropertyStatus {
  return typeof value === 'string' && (PROPERTY_STATUSES as readonly string[]).includes(value);
}
