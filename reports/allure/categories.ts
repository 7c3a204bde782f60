// The four categories people look for first (issue 6 §2). Allure 3 reads categories from its config
// (`categories` in allurerc, @allurereport/core-api categories.ts: first matching rule wins, object matchers
// on status, labels, message); Allure 2 reads `categories.json` from the results directory (status and
// full-match message/trace regexes). Both are derived here from the same definitions.
import type { CategoryRule } from '@allurereport/core-api';
import type { Category } from 'allure-js-commons/sdk';
import { Status } from 'allure-js-commons';
import { LABEL_NAMES } from './labels.ts';

/** Message prefixes the harness errors start with (report-property.ts); the fallback when labels are absent. */
export const MESSAGE_PREFIXES = {
  contractViolation: 'CONTRACT VIOLATION',
  unexpectedPass: 'UNEXPECTED PASS',
  transport: 'TRANSPORT FAILURE',
  setup: 'SETUP PROBLEM',
  threshold: 'THRESHOLD CROSSED',
} as const;

// Errors from the network stack that mean "no XAPI answered" even when a test threw them raw.
const TRANSPORT_WORDS =
  'TransportError|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|UND_ERR';

/** Allure 3 rules, in match order: an unexpected pass is also `failed`, so it must come before violations. */
export const HARNESS_CATEGORIES: CategoryRule[] = [
  {
    id: 'unexpected-pass',
    name: 'Unexpected pass',
    matchers: [
      { labels: { [LABEL_NAMES.deviation]: '^unexpected-pass$' } },
      { statuses: ['failed'], message: new RegExp(`^${MESSAGE_PREFIXES.unexpectedPass}`) },
    ],
    groupBy: [{ label: 'feature' }],
    expand: true,
  },
  {
    id: 'known-deviation',
    name: 'Known deviation',
    matchers: { labels: { [LABEL_NAMES.deviation]: '^known$' } },
    groupBy: [{ label: 'feature' }],
  },
  {
    id: 'contract-violation',
    name: 'Contract violation',
    matchers: [
      { statuses: ['failed'], labels: { [LABEL_NAMES.failureKind]: '^contract-violation$' } },
      { statuses: ['failed'], message: new RegExp(`^${MESSAGE_PREFIXES.contractViolation}`) },
    ],
    groupBy: [{ label: 'epic' }, { label: 'feature' }],
    expand: true,
  },
  {
    id: 'load-threshold',
    name: 'Load threshold crossed',
    matchers: [
      { statuses: ['failed'], labels: { [LABEL_NAMES.failureKind]: '^threshold$' } },
      { statuses: ['failed'], message: new RegExp(`^${MESSAGE_PREFIXES.threshold}`) },
    ],
    groupBy: [{ label: 'story' }],
  },
  {
    id: 'inconclusive',
    name: 'Inconclusive (too few conclusive cases)',
    matchers: [
      { labels: { [LABEL_NAMES.failureKind]: '^inconclusive$' } },
      { statuses: ['skipped'], message: /^inconclusive:/ },
    ],
    groupBy: [{ label: 'epic' }],
  },
  {
    id: 'transport-failure',
    name: 'Transport failure',
    matchers: [
      { statuses: ['broken'], labels: { [LABEL_NAMES.failureKind]: '^transport$' } },
      { statuses: ['broken'], message: new RegExp(`^${MESSAGE_PREFIXES.transport}|${TRANSPORT_WORDS}`) },
      { statuses: ['broken'], trace: new RegExp(`^(${TRANSPORT_WORDS})`) },
    ],
  },
  {
    id: 'setup-problem',
    name: 'Setup problem',
    matchers: [
      { statuses: ['broken'], labels: { [LABEL_NAMES.failureKind]: '^(setup|harness)$' } },
      { statuses: ['broken'], message: new RegExp(`^${MESSAGE_PREFIXES.setup}`) },
    ],
  },
];

/**
 * Allure 2 `categories.json`: no labels there, so these match the message prefixes. `[\s\S]*` rather than a
 * DOTALL flag: Allure 2 full-matches with java.util.regex, and the same text must stay valid JS.
 */
export const ALLURE2_CATEGORIES: Category[] = [
  byPrefix('Unexpected pass', Status.FAILED, MESSAGE_PREFIXES.unexpectedPass),
  byPrefix('Contract violation', Status.FAILED, MESSAGE_PREFIXES.contractViolation),
  byPrefix(
    'Transport failure',
    Status.BROKEN,
    `(${MESSAGE_PREFIXES.transport}|[\\s\\S]*(${TRANSPORT_WORDS}))`,
  ),
  byPrefix('Load threshold crossed', Status.FAILED, MESSAGE_PREFIXES.threshold),
  byPrefix('Setup problem', Status.BROKEN, MESSAGE_PREFIXES.setup),
  byPrefix('Known deviation', Status.SKIPPED, '[\\s\\S]*known deviation'),
];

/** An Allure 2 category: results of that status whose message starts with a match of `prefix` (a regex). */
function byPrefix(name: string, status: Status, prefix: string): Category {
  return { name, matchedStatuses: [status], messageRegex: `${prefix}[\\s\\S]*` };
}
